/**
 * `shipwatch eta train [--seller SLUG|ID] [--json]`: trains the delivery-window model of one seller (or of every
 * seller with deliveries) from its imported history and delivered shipments, stores it as the next version,
 * activates it and re-predicts open shipments — what the daily `eta-retrain` job does. Exit 0 when every
 * seller was trained or skipped for too little data, 1 on a failure, 2 for usage errors.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../config/index.js";
import { openDatabase, type Database } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { trainAllSellers, type TrainOutcome } from "../../eta/live/train-seller.js";
import type { CliIO } from "../command.js";
import { findSellerArg } from "./seller-arg.js";

export const ETA_TRAIN_USAGE = `shipwatch eta train [--seller SLUG|ID] [--json]

  Trains, stores and activates a new model version from the seller's imported history (shipwatch import
  history) and its delivered shipments; every seller with deliveries when --seller is omitted. With fewer than
  100 usable deliveries nothing is trained and windows stay the carrier's estimate or the promised date.`;

/** One line about a training outcome. */
export function describeTraining(t: TrainOutcome): string {
  if (t.status === "skipped") return `Model not trained: ${t.reason}.`;
  return (
    `Model version ${t.version} trained on ${t.rows} deliveries (${t.fromHistory} imported, ` +
    `${t.fromShipments} tracked shipments) in ${(t.durationMs / 1000).toFixed(1)} s and activated; ` +
    `${t.repredicted} open shipments re-predicted.`
  );
}

/** The command on an open database (tests call this with theirs). */
export async function runEtaTrain(db: Database, argv: string[], io: CliIO): Promise<number> {
  let values: { seller?: string; json?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { seller: { type: "string" }, json: { type: "boolean", default: false } },
    }).values;
  } catch (error) {
    io.stderr(`shipwatch eta train: ${(error as Error).message}\nusage: ${ETA_TRAIN_USAGE}\n`);
    return 2;
  }
  let sellerId: string | undefined;
  if (values.seller) {
    const seller = await findSellerArg(db, values.seller);
    if (!seller) {
      io.stderr(`shipwatch eta train: no seller "${values.seller}"\n`);
      return 2;
    }
    sellerId = seller.id;
  }
  let failed = 0;
  const outcomes = await trainAllSellers(db, {
    ...(sellerId ? { sellerId } : {}),
    onError: (id, error) => {
      failed++;
      io.stderr(`shipwatch eta train: seller ${id}: ${(error as Error).message}\n`);
    },
  });
  if (values.json) io.stdout(`${JSON.stringify({ sellers: outcomes }, null, 2)}\n`);
  else if (outcomes.length === 0) io.stdout("No seller has deliveries to learn from yet.\n");
  else for (const t of outcomes) io.stdout(`${t.sellerId}: ${describeTraining(t)}\n`);
  return failed > 0 ? 1 : 0;
}

/** Opens the configured database and trains. */
export async function etaTrainFromCli(argv: string[], io: CliIO): Promise<number> {
  const config = loadConfig(io.env);
  const db = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await migrate(db);
    return await runEtaTrain(db, argv, io);
  } finally {
    await db.close();
  }
}
