/**
 * `shipwatch import events FILE`: imports tracking events from a Shipwatch CSV (docs/imports.md) or an EDI X12 214
 * file into a seller's shipments, streamed, with progress on stderr and a summary (or JSON with --json) on
 * stdout. Bad rows are listed with their line numbers; good rows are kept. Exit 0 when at least one event was
 * read, 1 when none could be, 2 for usage errors.
 *
 * `shipwatch import orders FILE.csv`: orders and their parcels from the generic order CSV (docs/commerce.md),
 * the same way: streamed, bad rows by line, re-import updates. Exit 0 when at least one row was imported.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../config/index.js";
import { openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { importOrdersFile } from "../../commerce/import-orders.js";
import type { Database } from "../../db/client.js";
import type { Seller } from "../../db/repositories/sellers.js";
import { importEventsFile, type ImportFormat } from "../../ingest/files/import-events.js";
import { progressBar } from "../../ingest/files/progress-bar.js";
import type { CliCommand, CliIO } from "../command.js";
import { IMPORT_HISTORY_USAGE, importHistoryFromCli } from "./import-history.js";
import { findSellerArg } from "./seller-arg.js";

const USAGE = `shipwatch import events FILE [--seller SLUG] [--format csv|edi214] [--carrier ID] [--no-create] [--json]
shipwatch import orders FILE.csv [--seller SLUG|ID] [--json]

  FILE         a CSV with the columns in docs/imports.md, or an EDI X12 214 file (.edi, .x12, .214)
  --seller     the seller whose shipments the events belong to (default: demo)
  --format     csv or edi214 (default: from the file name and its first bytes)
  --carrier    EDI: the carrier of every shipment in the file (default: from the SCAC in B10)
  --no-create  skip events of tracking numbers the seller does not track yet (default: create them)
  --json       print the report as JSON

  orders: a CSV with an order_number column and any of email, phone, postcode, first_name, locale, time_zone,
  ordered_at, promised_at, carrier, tracking_number, service (docs/commerce.md)`;

export const importCommand: CliCommand = {
  name: "import",
  summary: "Import tracking events (CSV, EDI 214), orders (CSV) or a delivery history for the ETA model",
  usage: `${USAGE}\n\n${IMPORT_HISTORY_USAGE}`,
  async run(argv, io) {
    if (argv[0] === "history") return importHistoryFromCli(argv.slice(1), io);
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          seller: { type: "string", default: "demo" },
          format: { type: "string" },
          carrier: { type: "string" },
          "no-create": { type: "boolean", default: false },
          json: { type: "boolean", default: false },
        },
      });
    } catch (error) {
      io.stderr(`shipwatch import: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    const [what, file, ...extra] = parsed.positionals;
    const { values } = parsed;
    if ((what !== "events" && what !== "orders") || !file || extra.length > 0) {
      io.stderr(`shipwatch import: expected "events FILE", "orders FILE" or "history FILE.csv"\n${USAGE}\n`);
      return 2;
    }
    if (values.format && values.format !== "csv" && values.format !== "edi214") {
      io.stderr(`shipwatch import: --format must be csv or edi214\n`);
      return 2;
    }
    const config = loadConfig(io.env);
    const db = await openDatabase(
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
    );
    try {
      await migrate(db);
      const seller = await findSellerArg(db, values.seller);
      if (!seller) {
        io.stderr(`shipwatch import: no seller "${values.seller}"\n`);
        return 2;
      }
      if (what === "orders") return await importOrders(db, seller, file, values.json, io);
      const bar = progressBar(io.stderr, Boolean(process.stderr.isTTY));
      let report;
      try {
        report = await importEventsFile(db, seller.id, file, {
          format: values.format as ImportFormat | undefined,
          carrier: values.carrier,
          createMissingShipments: !values["no-create"],
          onProgress: bar.update,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        io.stderr(
          `shipwatch import: cannot read ${file}${code ? ` (${code})` : `: ${(error as Error).message}`}\n`,
        );
        return 2;
      }
      if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else {
        io.stdout(
          `${report.file} (${report.format}): ${report.eventsRead} events read from ${report.records} records, ` +
            `${report.eventsAdded} new, ${report.duplicateEvents} already known, ${report.errorCount} bad\n`,
        );
        for (const e of report.errors.slice(0, 50)) io.stdout(`  line ${e.line}: ${e.message}\n`);
        if (report.errorCount > 50)
          io.stdout(`  … and ${report.errorCount - 50} more (use --json for the first 1000)\n`);
      }
      return report.eventsRead > 0 ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};

async function importOrders(
  db: Database,
  seller: Seller,
  file: string,
  json: boolean,
  io: CliIO,
): Promise<number> {
  const carriers = Array.isArray(seller.settings.carriers)
    ? seller.settings.carriers.filter((c): c is string => typeof c === "string")
    : [];
  let report;
  try {
    report = await importOrdersFile(db, seller.id, file, { preferredCarriers: carriers });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(
      `shipwatch import: cannot read ${file}${code ? ` (${code})` : `: ${(error as Error).message}`}\n`,
    );
    return 2;
  }
  if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else {
    io.stdout(
      `${report.file}: ${report.rows} rows, ${report.ordersCreated} orders created, ${report.ordersUpdated} updated, ` +
        `${report.shipmentsCreated} shipments created, ${report.shipmentsAttached} attached, ${report.errorCount} bad\n`,
    );
    for (const e of report.errors.slice(0, 50)) io.stdout(`  line ${e.line}: ${e.message}\n`);
    if (report.errorCount > 50)
      io.stdout(`  … and ${report.errorCount - 50} more (use --json for the first 1000)\n`);
  }
  return report.rows - report.errorCount > 0 ? 0 : 1;
}
