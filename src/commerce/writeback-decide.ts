/**
 * Which status changes go back to which platform, decided by the outbox relay in its transaction: a shipment
 * linked to a Shopify fulfillment (Shopify events are per fulfillment), or any shipment of an order that came from
 * a WooCommerce site (WooCommerce has no fulfillments; tracking and a note go on the order); and a parcel newly
 * linked to a shop, for that shop only. One write-back row per
 * connection and event, unique, so a re-run decides nothing twice; one job per new row.
 */
import type { SqlSession } from "../db/client.js";
import type { OutboxConsumer, OutboxEvent } from "../jobs/outbox-relay.js";
import type { JobQueue } from "../jobs/queue.js";

async function dispatch(s: SqlSession, queue: JobQueue, events: readonly OutboxEvent[]): Promise<void> {
  const created = await s.query<{ id: number }>(
    `INSERT INTO commerce_writebacks (seller_id, connection_id, shipment_id, outbox_id, status, happened_at)
     SELECT o.seller_id, c.id, o.aggregate_id, o.id, o.payload->>'to', (o.payload->>'at')::timestamptz
     FROM outbox o
     JOIN shipments s ON s.id = o.aggregate_id
     JOIN commerce_connections c ON c.seller_id = o.seller_id AND c.enabled AND c.writeback
     WHERE o.id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))
       AND (o.topic = 'shipment.status_changed' OR c.id::text = o.payload->>'connectionId')
       AND ((c.platform = 'shopify' AND EXISTS (
              SELECT 1 FROM commerce_shipments cs WHERE cs.connection_id = c.id AND cs.shipment_id = s.id))
         OR (c.platform = 'woocommerce' AND EXISTS (
              SELECT 1 FROM commerce_orders co WHERE co.connection_id = c.id AND co.order_id = s.order_id)))
     ORDER BY o.id
     ON CONFLICT (connection_id, outbox_id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(events.map((e) => e.id))],
  );
  await queue.sendMany(
    "commerce-writeback",
    created.map((r) => ({ writebackId: r.id })),
    s,
  );
}

export const commerceWritebackConsumer: OutboxConsumer = {
  name: "commerce-writeback",
  // A status change, or a tracked parcel newly linked to a shop (apply.ts): the shop hears its current status.
  topics: ["shipment.status_changed", "commerce.shipment_linked"],
  dispatch,
};
