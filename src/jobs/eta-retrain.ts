/**
 * The `eta-retrain` job: retrains one seller's delivery-window model, or every seller's (the daily schedule),
 * from imported history and delivered shipments. Sellers with too little data are skipped (their windows stay
 * the carrier's estimate or the promise); one seller's failure does not stop the others.
 */
import type { Database } from "../db/client.js";
import { trainAllSellers, type TrainOutcome } from "../eta/live/train-seller.js";
import type { JobData } from "./catalog.js";

export interface EtaRetrainResult {
  trained: { sellerId: string; version: number; rows: number }[];
  skipped: { sellerId: string; reason: string }[];
  failed: { sellerId: string; error: string }[];
}

/** Runs one retrain job; throws only when a single named seller fails (so the queue retries it). */
export async function runEtaRetrainJob(
  db: Database,
  data: JobData<"eta-retrain">,
  onError?: (error: Error) => void,
): Promise<EtaRetrainResult> {
  const result: EtaRetrainResult = { trained: [], skipped: [], failed: [] };
  const outcomes: TrainOutcome[] = await trainAllSellers(db, {
    ...(data.sellerId ? { sellerId: data.sellerId } : {}),
    onError: (sellerId, error) => {
      result.failed.push({ sellerId, error: (error as Error).message });
      onError?.(error as Error);
    },
  });
  for (const o of outcomes) {
    if (o.status === "trained")
      result.trained.push({ sellerId: o.sellerId, version: o.version!, rows: o.rows });
    else result.skipped.push({ sellerId: o.sellerId, reason: o.reason ?? "" });
  }
  return result;
}
