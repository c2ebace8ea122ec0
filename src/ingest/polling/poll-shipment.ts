/**
 * The polling entry points the job queue calls: `pollDue` claims every shipment whose poll is due and polls them
 * in carrier batches; `pollShipment` polls one shipment now ("refresh now"), whatever its schedule.
 */
import type { Database } from "../../db/client.js";
import { claimDue, claimOne } from "./claim.js";
import { runPollRound, type PollRoundReport } from "./poll-round.js";
import type { PollerDeps } from "./poller-deps.js";

export type { PollRoundReport } from "./poll-round.js";
export { createPollerDeps, type PollerDeps } from "./poller-deps.js";

const DEFAULT_LEASE_MS = 5 * 60_000;

/** Polls the shipments due at `now` (up to `deps.batchLimit`, default 500); call again while `claimed` is full. */
export async function pollDue(
  db: Database,
  deps: PollerDeps,
  now: Date = new Date(deps.clock.now()),
): Promise<PollRoundReport> {
  const claimed = await claimDue(db, now, deps.batchLimit ?? 500, deps.leaseMs ?? DEFAULT_LEASE_MS);
  return runPollRound(db, claimed, deps);
}

export interface PollShipmentResult extends PollRoundReport {
  /** False when the shipment is not polled (no carrier account) or another worker is polling it right now. */
  attempted: boolean;
}

/** Polls one shipment now. */
export async function pollShipment(
  db: Database,
  shipmentId: string,
  deps: PollerDeps,
): Promise<PollShipmentResult> {
  const claimed = await claimOne(
    db,
    shipmentId,
    new Date(deps.clock.now()),
    deps.leaseMs ?? DEFAULT_LEASE_MS,
  );
  if (!claimed)
    return {
      attempted: false,
      claimed: 0,
      requests: 0,
      polled: 0,
      changed: 0,
      errors: 0,
      deferred: 0,
      stopped: 0,
      push: { requests: 0, subscribed: 0, refused: 0 },
    };
  return { attempted: true, ...(await runPollRound(db, [claimed], deps)) };
}
