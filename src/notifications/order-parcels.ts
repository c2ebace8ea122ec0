/**
 * Parcels of one order that reach a milestone together (two boxes collected in one pickup, delivered in one
 * round) make one message, not one per parcel. A message decided while a sibling parcel's message for the same
 * trigger, channel and recipient is still waiting folds into it (collapsed, reason "order"), and the waiting
 * message names every parcel it carries when it is sent (compose.ts). So that a sibling scanned moments later
 * can still join, a message for a milestone that another parcel of the order has not reached waits the burst
 * window first. A sibling that reaches it later than that gets its own message ("Parcel 2 of 2").
 */
import type { SqlSession } from "../db/client.js";
import type { Channel, Trigger } from "./policy.js";

/** The milestones parcels of one order often reach together, with the state column that says one has. */
const TOGETHER: Partial<Record<Trigger, "first_scan_at" | "out_for_delivery_at" | "delivered_at">> = {
  shipped: "first_scan_at",
  out_for_delivery: "out_for_delivery_at",
  delivered: "delivered_at",
};

/** Statuses of a parcel that will reach none of those milestones on this journey. */
const GONE = new Set(["cancelled", "expired", "return_to_sender", "returned"]);

export const travelsTogether = (trigger: string): boolean => Object.hasOwn(TOGETHER, trigger);

export interface OrderSiblings {
  /** Milestones some other parcel of the order has not reached yet. */
  behind: Set<string>;
  /** Other parcels' messages still waiting to be sent, by `trigger|channel|recipient`: the oldest one's id. */
  waiting: Map<string, number>;
}

export const waitingKey = (trigger: string, channel: Channel, recipient: string) =>
  `${trigger}|${channel}|${recipient}`;

/**
 * The order's other outbound parcels, as far as merging messages goes; null when the shipment is the order's
 * only parcel. Reads inside the ingest transaction, so messages decided earlier in the same batch count. The
 * waiting messages are locked: a sender claims with SKIP LOCKED, so it cannot send one before this transaction
 * has folded its parcel into it, and one a sender already claimed is no longer waiting.
 */
export async function orderSiblings(
  s: SqlSession,
  orderId: string,
  shipmentId: string,
): Promise<OrderSiblings | null> {
  const parcels = await s.query<{
    status: string;
    first_scan_at: Date | null;
    out_for_delivery_at: Date | null;
    delivered_at: Date | null;
  }>(
    `SELECT status, first_scan_at, out_for_delivery_at, delivered_at FROM shipments
     WHERE order_id = $1 AND direction = 'outbound' AND id <> $2`,
    [orderId, shipmentId],
  );
  if (parcels.length === 0) return null;
  const behind = new Set<string>();
  for (const p of parcels) {
    // A cancelled parcel, or one going back to the shop, will not catch up: nothing is held for it.
    if (GONE.has(p.status)) continue;
    for (const [trigger, column] of Object.entries(TOGETHER)) if (p[column] === null) behind.add(trigger);
  }
  const waiting = new Map<string, number>();
  const rows = await s.query<{ id: number; trigger: string; channel: Channel; recipient: string }>(
    `SELECT n.id, n.trigger, n.channel, n.recipient FROM notifications n
     WHERE n.shipment_id IN (SELECT id FROM shipments WHERE order_id = $1 AND direction = 'outbound' AND id <> $2)
       AND n.status = 'queued' AND n.audience = 'shopper' AND n.trigger = ANY($3::text[])
     ORDER BY n.id FOR UPDATE OF n`,
    [orderId, shipmentId, Object.keys(TOGETHER)],
  );
  for (const w of rows) {
    const key = waitingKey(w.trigger, w.channel, w.recipient);
    if (!waiting.has(key)) waiting.set(key, w.id);
  }
  return { behind, waiting };
}
