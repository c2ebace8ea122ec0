/**
 * Training a seller's model from what the database knows (imported history and delivered shipments), storing it
 * as the next version and making it active, then re-predicting the seller's open shipments with it. With too
 * little data nothing is trained: the seller keeps its previous model, or — without one — windows fall back to
 * the carrier's estimate and the promised date.
 */
import type { Database } from "../../db/client.js";
import type { HistoryReport } from "../history.js";
import type { TrainOptions } from "../train.js";
import { trainEtaModel } from "../train.js";
import { loadTrainingRows } from "./history-store.js";
import { saveModelVersion, sellerEtaContext } from "./model-store.js";
import { refreshOpenPredictions } from "./refresh.js";

/**
 * Fewer delivered orders than this and no model is trained: histograms of a few dozen journeys say little, and
 * the held-out calibration needs several hundred.
 */
export const MIN_TRAINING_ROWS = 100;

export interface TrainOutcome {
  sellerId: string;
  status: "trained" | "skipped";
  /** Why nothing was trained (too little data). */
  reason?: string;
  version?: number;
  rows: number;
  fromHistory: number;
  fromShipments: number;
  /** Open shipments whose prediction the new version changed. */
  repredicted: number;
  durationMs: number;
  dataQuality: HistoryReport;
}

export interface TrainSellerOptions {
  train?: TrainOptions;
  /** Re-predict open shipments with the new version (default true). */
  repredict?: boolean;
  now?: Date;
}

/** Trains, stores and activates a new model version for one seller. */
export async function trainSellerModel(
  db: Database,
  sellerId: string,
  options: TrainSellerOptions = {},
): Promise<TrainOutcome> {
  const started = performance.now();
  const context = await sellerEtaContext(db, sellerId);
  const data = await loadTrainingRows(db, sellerId, context.timeZone);
  const base = {
    sellerId,
    rows: data.rows.length,
    fromHistory: data.fromHistory,
    fromShipments: data.fromShipments,
    repredicted: 0,
    dataQuality: data.report,
  };
  if (data.rows.length < MIN_TRAINING_ROWS) {
    return {
      ...base,
      status: "skipped",
      reason: `${data.rows.length} usable delivered orders; at least ${MIN_TRAINING_ROWS} are needed`,
      durationMs: Math.round(performance.now() - started),
    };
  }
  const model = trainEtaModel(data.rows, options.train);
  const trainMs = Math.round(performance.now() - started);
  const saved = await db.session((s) =>
    saveModelVersion(s, sellerId, model, {
      rows: data.rows.length,
      fromHistory: data.fromHistory,
      fromShipments: data.fromShipments,
      firstOrder: model.training.firstOrder,
      lastOrder: model.training.lastOrder,
      trainedThrough: model.trainedThrough,
      skipped: data.report.skipped,
      trainMs,
    }),
  );
  const repredicted =
    options.repredict === false ? 0 : await refreshOpenPredictions(db, sellerId, options.now);
  return {
    ...base,
    status: "trained",
    version: saved.version,
    repredicted,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Sellers with anything to learn from: imported history or delivered shipments. */
export async function sellersWithDeliveries(db: Database): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM sellers sel
     WHERE EXISTS (SELECT 1 FROM eta_history_rows h WHERE h.seller_id = sel.id)
        OR EXISTS (SELECT 1 FROM shipments s WHERE s.seller_id = sel.id AND s.status = 'delivered')
     ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

/** Retrains every seller (or one); one seller's failure does not stop the others. */
export async function trainAllSellers(
  db: Database,
  options: TrainSellerOptions & {
    sellerId?: string;
    onError?: (sellerId: string, error: unknown) => void;
  } = {},
): Promise<TrainOutcome[]> {
  const ids = options.sellerId ? [options.sellerId] : await sellersWithDeliveries(db);
  const outcomes: TrainOutcome[] = [];
  for (const id of ids) {
    try {
      outcomes.push(await trainSellerModel(db, id, options));
    } catch (error) {
      if (options.sellerId || !options.onError) throw error;
      options.onError(id, error);
    }
  }
  return outcomes;
}
