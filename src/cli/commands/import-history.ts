/**
 * `shipwatch import history FILE.csv [--seller SLUG|ID] [--no-train] [--json]`: bootstraps a seller's delivery-window
 * model from past deliveries (columns in docs/eta.md). The file is streamed and validated like `eta backtest`
 * reads it; bad rows are reported by reason with their line numbers and the good ones stored (idempotent by
 * order id), then the seller's model is trained and activated. Exit 0 when rows were stored, 1 when none could
 * be, 2 for usage errors.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../config/index.js";
import { openDatabase, type Database } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { HistoryFormatError } from "../../eta/history.js";
import { importHistoryFile, type HistoryImportReport } from "../../eta/live/import-history.js";
import { trainSellerModel, type TrainOutcome } from "../../eta/live/train-seller.js";
import type { CliIO } from "../command.js";
import { findSellerArg } from "./seller-arg.js";
import { describeTraining } from "./eta-train.js";

export const IMPORT_HISTORY_USAGE = `shipwatch import history FILE.csv [--seller SLUG|ID] [--no-train] [--json]

  FILE.csv     past deliveries: order_id, carrier, service, origin_postal, origin_region, origin_country,
               destination_postal, destination_region, destination_country, ordered_at, shipped_at,
               delivered_at, promised_at (docs/eta.md)
  --seller     the seller the history belongs to (default: demo)
  --no-train   store the rows only; the daily retrain (or \`shipwatch eta train\`) learns from them later
  --json       print the report as JSON`;

function summary(report: HistoryImportReport, training: TrainOutcome | null): string {
  const lines = [
    `${report.file}: ${report.rowsRead} rows read, ${report.rowsUsable} usable ` +
      `(${report.inserted} new, ${report.updated} already imported, updated)`,
  ];
  const skipped = Object.entries(report.skipped);
  if (skipped.length) lines.push(`Skipped: ${skipped.map(([reason, n]) => `${reason} ${n}`).join(", ")}`);
  const warned = Object.entries(report.warnings);
  if (warned.length)
    lines.push(`Kept with a field ignored: ${warned.map(([reason, n]) => `${reason} ${n}`).join(", ")}`);
  for (const e of report.examples) lines.push(`  line ${e.line}: ${e.reason} ${JSON.stringify(e.value)}`);
  if (training) lines.push(describeTraining(training));
  return `${lines.join("\n")}\n`;
}

/** The command on an open database (tests call this with theirs). */
export async function runHistoryImport(db: Database, argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        seller: { type: "string", default: "demo" },
        "no-train": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    io.stderr(`shipwatch import history: ${(error as Error).message}\n${IMPORT_HISTORY_USAGE}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.stderr(`shipwatch import history: expected one FILE.csv\n${IMPORT_HISTORY_USAGE}\n`);
    return 2;
  }
  const seller = await findSellerArg(db, parsed.values.seller);
  if (!seller) {
    io.stderr(`shipwatch import history: no seller "${parsed.values.seller}"\n`);
    return 2;
  }
  let report: HistoryImportReport;
  try {
    report = await importHistoryFile(db, seller.id, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      error instanceof HistoryFormatError ? error.message : code ? code : (error as Error).message;
    io.stderr(`shipwatch import history: cannot read ${file}: ${reason}\n`);
    return error instanceof HistoryFormatError ? 1 : 2;
  }
  const stored = report.inserted + report.updated;
  const training = stored > 0 && !parsed.values["no-train"] ? await trainSellerModel(db, seller.id) : null;
  if (parsed.values.json) io.stdout(`${JSON.stringify({ ...report, training }, null, 2)}\n`);
  else io.stdout(summary(report, training));
  return stored > 0 ? 0 : 1;
}

/** Opens the configured database and runs the import. */
export async function importHistoryFromCli(argv: string[], io: CliIO): Promise<number> {
  const config = loadConfig(io.env);
  const db = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await migrate(db);
    return await runHistoryImport(db, argv, io);
  } finally {
    await db.close();
  }
}
