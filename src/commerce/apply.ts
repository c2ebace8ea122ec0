/**
 * Applies a mapped platform payload in the caller's transaction: the order found by the platform's id (or by order
 * number, for an order Shipwatch already knows from the API or a CSV), its customer contact updated, its
 * shipments created or attached, the links to the platform's ids kept. Idempotent: the same payload applied twice
 * changes nothing; a payload older than the last one applied (by the platform's updated_at) changes nothing.
 */
import { normalizeEmail, normalizePhone, normalizePostcode } from "../core/contact.js";
import { normalizeTrackingNumber } from "../core/tracking-number.js";
import type { SqlSession } from "../db/client.js";
import { refreshOrderStages } from "../ingest/order-stages.js";
import { writeOutbox } from "../ingest/shipment-state-store.js";
import type { MappedPayload, OrderUpsert, ShipmentUpsert } from "./types.js";

export interface ApplyOutcome {
  orderId: string;
  orderCreated: boolean;
  shipmentsCreated: number;
  shipmentsLinked: number;
  /** Parts left alone because a newer payload was applied already. */
  stale: string[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Finds or creates the order; updates its contact unless the payload is older than the last applied. */
async function upsertOrder(
  s: SqlSession,
  sellerId: string,
  connectionId: string,
  order: OrderUpsert,
  stale: string[],
): Promise<{ id: string; created: boolean } | { problem: string }> {
  const [link] = await s.query<{ order_id: string; external_updated_at: Date | null }>(
    // Locked: two deliveries of one order applied by concurrent workers must see each other's updated_at.
    "SELECT order_id, external_updated_at FROM commerce_orders WHERE connection_id = $1 AND external_id = $2 FOR UPDATE",
    [connectionId, order.externalId],
  );
  const c = order.customer;
  const contact = [
    c?.email ? normalizeEmail(c.email) : null,
    c?.phone ? normalizePhone(c.phone) : null,
    c?.postcode ? normalizePostcode(c.postcode) : null,
    c?.firstName ?? null,
    c?.locale ?? null,
    iso(order.orderedAt),
    JSON.stringify(order.metadata),
  ];
  if (link) {
    const known = link.external_updated_at ? new Date(link.external_updated_at) : null;
    if (known && order.externalUpdatedAt && order.externalUpdatedAt < known) {
      stale.push(`order ${order.externalId}`);
      return { id: link.order_id, created: false };
    }
    if (order.customer) {
      // IS DISTINCT FROM: a redelivery writes nothing, so updated_at moves only on a real change.
      await s.query(
        `UPDATE orders SET email = COALESCE($2, email), phone = COALESCE($3, phone), postcode = COALESCE($4, postcode),
           first_name = COALESCE($5, first_name), locale = COALESCE($6, locale), ordered_at = COALESCE($7, ordered_at),
           metadata = metadata || $8::jsonb, updated_at = now()
         WHERE id = $1 AND (email, phone, postcode, first_name, locale, ordered_at, metadata) IS DISTINCT FROM
           (COALESCE($2, email), COALESCE($3, phone), COALESCE($4, postcode), COALESCE($5, first_name),
            COALESCE($6, locale), COALESCE($7::timestamptz, ordered_at), metadata || $8::jsonb)`,
        [link.order_id, ...contact],
      );
    }
    if (order.externalUpdatedAt)
      await s.query(
        `UPDATE commerce_orders SET external_updated_at = $3, updated_at = now()
         WHERE connection_id = $1 AND external_id = $2 AND (external_updated_at IS NULL OR external_updated_at < $3)`,
        [connectionId, order.externalId, iso(order.externalUpdatedAt)],
      );
    return { id: link.order_id, created: false };
  }
  if (!order.orderNumber)
    return { problem: `order ${order.externalId} is unknown to Shipwatch and the payload does not name it` };
  // An order the seller already has under that number (API, CSV) becomes the platform's: no duplicate.
  const [row] = await s.query<{ id: string; created: boolean }>(
    `INSERT INTO orders (seller_id, order_number, email, phone, postcode, first_name, locale, ordered_at, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
     ON CONFLICT (seller_id, order_number) DO UPDATE SET email = COALESCE(EXCLUDED.email, orders.email),
       phone = COALESCE(EXCLUDED.phone, orders.phone), postcode = COALESCE(EXCLUDED.postcode, orders.postcode),
       first_name = COALESCE(EXCLUDED.first_name, orders.first_name), locale = COALESCE(EXCLUDED.locale, orders.locale),
       ordered_at = COALESCE(EXCLUDED.ordered_at, orders.ordered_at), metadata = orders.metadata || EXCLUDED.metadata,
       updated_at = now()
     RETURNING id, (xmax = 0) AS created`,
    [sellerId, order.orderNumber, ...contact],
  );
  await s.query(
    `INSERT INTO commerce_orders (connection_id, external_id, seller_id, order_id, external_updated_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (connection_id, external_id) DO NOTHING`,
    [connectionId, order.externalId, sellerId, row!.id, iso(order.externalUpdatedAt)],
  );
  return { id: row!.id, created: row!.created };
}

/** Creates or attaches one shipment; true when it was created. */
async function upsertShipment(
  s: SqlSession,
  sellerId: string,
  orderId: string,
  shipment: ShipmentUpsert,
): Promise<{ id: string; created: boolean }> {
  const trackingNumber = normalizeTrackingNumber(shipment.trackingNumber);
  const [inserted] = await s.query<{ id: string }>(
    `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, service, metadata)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (seller_id, carrier, tracking_number) DO NOTHING RETURNING id`,
    [
      sellerId,
      orderId,
      shipment.carrier,
      trackingNumber,
      shipment.service,
      JSON.stringify(shipment.metadata),
    ],
  );
  if (inserted) return { id: inserted.id, created: true };
  // Tracked already (the API, a carrier webhook): attach it to the order if it has none; its state is untouched.
  const [existing] = await s.query<{ id: string }>(
    `UPDATE shipments SET order_id = $4, updated_at = now()
     WHERE seller_id = $1 AND carrier = $2 AND tracking_number = $3 AND order_id IS NULL RETURNING id`,
    [sellerId, shipment.carrier, trackingNumber, orderId],
  );
  if (existing) return { id: existing.id, created: false };
  const [row] = await s.query<{ id: string }>(
    "SELECT id FROM shipments WHERE seller_id = $1 AND carrier = $2 AND tracking_number = $3",
    [sellerId, shipment.carrier, trackingNumber],
  );
  return { id: row!.id, created: false };
}

/**
 * A parcel Shipwatch already tracks, newly linked to the shop (a fulfillment made after the label was scanned), has
 * a status the shop has not heard: a `commerce.shipment_linked` event lets the write-back tell it, once per link.
 */
async function tellCurrentStatus(
  s: SqlSession,
  sellerId: string,
  connectionId: string,
  shipmentIds: readonly string[],
): Promise<void> {
  if (shipmentIds.length === 0) return;
  const rows = await s.query<{ id: string; status: string; status_changed_at: Date | null }>(
    `SELECT id, status, status_changed_at FROM shipments
     WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) AND status <> 'pending'`,
    [JSON.stringify(shipmentIds)],
  );
  await writeOutbox(
    s,
    sellerId,
    "shipment",
    rows.map((r) => ({
      topic: "commerce.shipment_linked",
      aggregate_id: r.id,
      dedupe_key: `commerce.shipment_linked:${connectionId}:${r.id}`,
      payload: {
        shipmentId: r.id,
        connectionId,
        to: r.status,
        at: iso(r.status_changed_at && new Date(r.status_changed_at)),
      },
    })),
  );
}

/** Applies the payload; a problem (an unknown order the payload cannot name) is returned as data. */
export async function applyMappedPayload(
  s: SqlSession,
  sellerId: string,
  connectionId: string,
  mapped: MappedPayload,
): Promise<ApplyOutcome | { problem: string }> {
  const stale: string[] = [];
  const order = await upsertOrder(s, sellerId, connectionId, mapped.order, stale);
  if ("problem" in order) return order;
  let created = 0;
  let linked = 0;
  const newlyLinked: string[] = [];
  const byExternal = new Map<string, ShipmentUpsert[]>();
  for (const sh of mapped.shipments)
    byExternal.set(sh.externalId, [...(byExternal.get(sh.externalId) ?? []), sh]);
  for (const [externalId, group] of byExternal) {
    const updatedAt = group[0]!.externalUpdatedAt;
    const known = await s.query<{ at: Date | null }>(
      "SELECT external_updated_at AS at FROM commerce_shipments WHERE connection_id = $1 AND external_id = $2 FOR UPDATE",
      [connectionId, externalId],
    );
    const newest = Math.max(0, ...known.map((k) => (k.at ? new Date(k.at).getTime() : 0)));
    if (newest > 0 && updatedAt && updatedAt.getTime() < newest) {
      stale.push(`fulfillment ${externalId}`);
      continue;
    }
    for (const shipment of group) {
      const result = await upsertShipment(s, sellerId, order.id, shipment);
      if (result.created) created += 1;
      const [link] = await s.query<{ fresh: boolean }>(
        `INSERT INTO commerce_shipments (connection_id, external_id, shipment_id, seller_id, external_order_id,
           external_updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connection_id, external_id, shipment_id) DO UPDATE
           SET external_updated_at = GREATEST(commerce_shipments.external_updated_at, EXCLUDED.external_updated_at)
         RETURNING (xmax = 0) AS fresh`,
        [connectionId, externalId, result.id, sellerId, mapped.order.externalId, iso(updatedAt)],
      );
      if (link?.fresh) {
        linked += 1;
        newlyLinked.push(result.id);
      }
    }
  }
  await tellCurrentStatus(s, sellerId, connectionId, newlyLinked);
  await refreshOrderStages(s, sellerId, [order.id]);
  return {
    orderId: order.id,
    orderCreated: order.created,
    shipmentsCreated: created,
    shipmentsLinked: linked,
    stale,
  };
}
