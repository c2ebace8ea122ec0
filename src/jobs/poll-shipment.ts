/**
 * The `poll-shipment` job ("refresh now"): asks the carrier about one shipment through the polling module,
 * which stores the response raw and ingests it. Not run in a transaction of ours: it waits on the network, and
 * a repeated poll is harmless (the raw payload and its events are deduplicated).
 */
import type { Database } from "../db/client.js";
import { pollShipment, type PollerDeps, type PollShipmentResult } from "../ingest/polling/poll-shipment.js";
import type { JobData } from "./catalog.js";

/** Polls the job's shipment now, whatever its schedule. */
export function runPollShipmentJob(
  db: Database,
  data: JobData<"poll-shipment">,
  deps: PollerDeps,
): Promise<PollShipmentResult> {
  return pollShipment(db, data.shipmentId, deps);
}
