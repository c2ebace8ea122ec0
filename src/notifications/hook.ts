/**
 * The ingest path's one call into side effects (DESIGN.md §4): for a batch of shipment state changes, decide the
 * shopper messages, the event-driven exception alerts (and auto-resolve stale ones), the progress of returns
 * carried by return shipments, and the seller's webhook deliveries, all in the ingest transaction. Nothing is sent here; workers deliver the rows later.
 */
import type { SqlSession } from "../db/client.js";
import { applyEventAlerts } from "../exceptions/event-rules.js";
import { applyReturnProgress } from "../returns/progress.js";
import { decideShopperMessages, type StateTransition } from "./decide.js";
import { enqueueWebhookEvents } from "./webhook-enqueue.js";

export type { StateTransition } from "./decide.js";

export interface TransitionFacts {
  orderId: string | null;
  carrier: string;
  trackingNumber: string;
}

/**
 * Decides notifications, alerts and webhooks for these transitions. Must run before the new states are written:
 * the delay trigger compares the stored carrier estimate with the batch's.
 */
export async function decideNotifications(
  s: SqlSession,
  sellerId: string,
  transitions: readonly (StateTransition & TransitionFacts)[],
  now: Date = new Date(),
): Promise<void> {
  if (transitions.length === 0) return;
  await decideShopperMessages(s, sellerId, transitions, now);
  await applyEventAlerts(s, sellerId, transitions, now);
  await applyReturnProgress(s, sellerId, transitions, now);
  const moved = transitions.filter((t) => t.before.status !== t.after.status);
  await enqueueWebhookEvents(
    s,
    sellerId,
    moved.map((t) => {
      const at = t.after.statusChangedAt?.toISOString() ?? null;
      return {
        topic: "shipment.status_changed" as const,
        // The outbox's dedupe key: the same change replayed is the same event.
        key: `shipment.status_changed:${t.shipmentId}:${t.after.status}:${at}`,
        data: {
          shipmentId: t.shipmentId,
          orderId: t.orderId,
          carrier: t.carrier,
          trackingNumber: t.trackingNumber,
          from: t.before.status,
          to: t.after.status,
          substatus: t.after.substatus,
          at,
        },
      };
    }),
    now,
  );
}
