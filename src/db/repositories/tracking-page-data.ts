/**
 * What the shopper's tracking page reads: an order with all its shipments (or one shipment alone), their
 * scans, how the carrier's estimate changed, and the order's rating. Lookups return only what the caller
 * needs to compare, never a page.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../client.js";
import { orders, shipments, trackingEvents } from "../schema.js";
import { shipmentEstimateChanges } from "../tracking-schema.js";
import type { OrderRecord } from "./orders.js";
import type { EventRecord, ShipmentRecord } from "./shipments.js";
import { ratingOfOrder } from "./tracking-ratings.js";

/** Scans shown per shipment: enough for any real journey, bounded so a looping carrier feed cannot bloat a page. */
export const MAX_EVENTS_PER_SHIPMENT = 80;

export interface EstimateChange {
  estimate: string | null;
  changedAt: Date;
}

export interface TrackingPageData {
  order: OrderRecord | null;
  shipments: ShipmentRecord[];
  events: Map<string, EventRecord[]>;
  estimateChanges: Map<string, EstimateChange[]>;
  rating: { rating: number; comment: string | null } | null;
}

async function withDetails(
  db: Database,
  order: OrderRecord | null,
  list: ShipmentRecord[],
): Promise<TrackingPageData> {
  const ids = list.map((s) => s.id);
  const events = new Map<string, EventRecord[]>(ids.map((id) => [id, []]));
  const estimateChanges = new Map<string, EstimateChange[]>(ids.map((id) => [id, []]));
  if (ids.length > 0) {
    const [eventRows, changeRows] = await Promise.all([
      db.orm
        .select()
        .from(trackingEvents)
        .where(inArray(trackingEvents.shipmentId, ids))
        .orderBy(desc(trackingEvents.occurredAt), desc(trackingEvents.id)),
      db.orm
        .select()
        .from(shipmentEstimateChanges)
        .where(inArray(shipmentEstimateChanges.shipmentId, ids))
        .orderBy(asc(shipmentEstimateChanges.id)),
    ]);
    for (const e of eventRows) {
      const bucket = events.get(e.shipmentId)!;
      if (bucket.length < MAX_EVENTS_PER_SHIPMENT) bucket.push(e);
    }
    for (const c of changeRows) {
      estimateChanges.get(c.shipmentId)!.push({ estimate: c.estimate, changedAt: c.changedAt });
    }
  }
  const rating = order ? ((await ratingOfOrder(db, order.id)) ?? null) : null;
  return { order, shipments: list, events, estimateChanges, rating };
}

/** An order of this seller with every shipment (outbound and return), or undefined. */
export async function loadOrderPageData(
  db: Database,
  sellerId: string,
  orderId: string,
): Promise<TrackingPageData | undefined> {
  const [order] = await db.orm
    .select()
    .from(orders)
    .where(and(eq(orders.sellerId, sellerId), eq(orders.id, orderId)));
  if (!order) return undefined;
  const list = await db.orm
    .select()
    .from(shipments)
    .where(and(eq(shipments.sellerId, sellerId), eq(shipments.orderId, orderId)))
    .orderBy(asc(shipments.createdAt), asc(shipments.id));
  return withDetails(db, order, list);
}

/** One shipment of this seller, without its order (the tracking-number view), or undefined. */
export async function loadShipmentPageData(
  db: Database,
  sellerId: string,
  shipmentId: string,
): Promise<TrackingPageData | undefined> {
  const [shipment] = await db.orm
    .select()
    .from(shipments)
    .where(and(eq(shipments.sellerId, sellerId), eq(shipments.id, shipmentId)));
  if (!shipment) return undefined;
  return withDetails(db, null, [shipment]);
}

/**
 * The contact details a lookup compares against, for an order number as a shopper typed it: exact, upper-cased
 * or without a leading "#" ("#sw-1001" finds "SW-1001"). One indexed query whatever matches, so the time taken
 * does not tell whether the order exists.
 */
export async function findOrderForLookup(
  db: Database,
  sellerId: string,
  orderNumber: string,
): Promise<{ id: string; email: string | null; postcode: string | null; locale: string | null } | undefined> {
  const bare = orderNumber.replace(/^#/, "");
  const variants = [...new Set([orderNumber, bare, bare.toUpperCase()])];
  const rows = await db.orm
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      email: orders.email,
      postcode: orders.postcode,
      locale: orders.locale,
    })
    .from(orders)
    .where(and(eq(orders.sellerId, sellerId), inArray(orders.orderNumber, variants)));
  const best =
    rows.find((r) => r.orderNumber === orderNumber) ?? rows.find((r) => r.orderNumber === bare) ?? rows[0];
  return best ? { id: best.id, email: best.email, postcode: best.postcode, locale: best.locale } : undefined;
}

/** The shipment of this seller with that tracking number (the most recently created if several carriers). */
export async function findShipmentForLookup(
  db: Database,
  sellerId: string,
  trackingNumber: string,
): Promise<{ id: string } | undefined> {
  const [row] = await db.orm
    .select({ id: shipments.id })
    .from(shipments)
    .where(and(eq(shipments.sellerId, sellerId), eq(shipments.trackingNumber, trackingNumber)))
    .orderBy(desc(shipments.createdAt))
    .limit(1);
  return row;
}
