/**
 * The return shipment's scans move its return: the first carrier scan makes it in transit, delivery (back at the
 * seller) makes it received. Runs in the ingest transaction (notifications/hook.ts), from the same before/after
 * states the shopper notifications are decided from; a replayed or late scan never moves a return backwards.
 */
import type { ShipmentState } from "../core/fold.js";
import type { SqlSession } from "../db/client.js";
import { announceReturn } from "./events.js";
import { RETURN_RANK, type ReturnStatus } from "./lifecycle.js";
import { moveReturn, returnsOfShipments } from "./repository.js";

export interface ReturnTransition {
  shipmentId: string;
  before: ShipmentState;
  after: ShipmentState;
}

/** The status a return shipment's state puts its return in, or null when it says nothing yet. */
export function returnStatusFromShipment(state: ShipmentState): ReturnStatus | null {
  if (state.status === "delivered" || state.deliveredAt) return "received";
  if (state.firstScanAt) return "in_transit";
  return null;
}

/** Applies the progress of these shipments to the returns they carry. */
export async function applyReturnProgress(
  s: SqlSession,
  sellerId: string,
  transitions: readonly ReturnTransition[],
  now: Date,
): Promise<void> {
  const moving = transitions.filter((t) => {
    const after = returnStatusFromShipment(t.after);
    return after !== null && after !== returnStatusFromShipment(t.before);
  });
  if (moving.length === 0) return;
  const returns = await returnsOfShipments(
    s,
    moving.map((t) => t.shipmentId),
  );
  for (const r of returns) {
    if (r.seller_id !== sellerId) continue;
    const t = moving.find((m) => m.shipmentId === r.return_shipment_id)!;
    const target = returnStatusFromShipment(t.after)!;
    // Scans only move a return forward, and a scan before approval means the shopper shipped it anyway.
    const path: ReturnStatus[] =
      r.status === "requested"
        ? ["approved", target]
        : target === "received" && r.status === "approved"
          ? ["received"]
          : [target];
    for (const step of path) {
      const [current] = await s.query<{ status: ReturnStatus }>(
        "SELECT status FROM return_requests WHERE id = $1",
        [r.id],
      );
      if (!current || RETURN_RANK[step] <= RETURN_RANK[current.status]) continue;
      const moved = await moveReturn(s, sellerId, r.id, step, now);
      if (moved.ok && moved.changed) await announceReturn(s, moved.row, now);
    }
  }
}
