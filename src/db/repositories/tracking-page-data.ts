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

/** What one query brings for each shipment: its scans (newest first, bounded) and its estimate changes. */
const shipmentDetails = {
  events: {
    orderBy: [desc(trackingEvents.occurredAt), desc(trackingEvents.id)],
    limit: MAX_EVENTS_PER_SHIPMENT,
  },
  estimateChanges: { orderBy: [asc(shipmentEstimateChanges.id)] },
};

type LoadedShipment = ShipmentRecord & {
  events: EventRecord[];
  estimateChanges: { estimate: string | null; changedAt: Date }[];
};

function pageData(
  order: OrderRecord | null,
  loaded: LoadedShipment[],
  rating: { rating: number; comment: string | null } | null,
): TrackingPageData {
  const events = new Map<string, EventRecord[]>();
  const estimateChanges = new Map<string, EstimateChange[]>();
  const list: ShipmentRecord[] = [];
  for (const { events: scans, estimateChanges: changes, ...shipment } of loaded) {
    list.push(shipment);
    events.set(shipment.id, scans);
    estimateChanges.set(
      shipment.id,
      changes.map((c) => ({ estimate: c.estimate, changedAt: c.changedAt })),
    );
  }
  return { order, shipments: list, events, estimateChanges, rating };
}

/**
 * An order of this seller with every shipment (outbound and return), or undefined. One query: a first visit
 * after each scan renders the page again, and on embedded PGlite every statement blocks the event loop.
 */
export async function loadOrderPageData(
  db: Database,
  sellerId: string,
  orderId: string,
): Promise<TrackingPageData | undefined> {
  const found = await db.orm.query.orders.findFirst({
    where: and(eq(orders.sellerId, sellerId), eq(orders.id, orderId)),
    with: {
      shipments: {
        where: eq(shipments.sellerId, sellerId),
        orderBy: [asc(shipments.createdAt), asc(shipments.id)],
        with: shipmentDetails,
      },
      rating: { columns: { rating: true, comment: true } },
    },
  });
  if (!found) return undefined;
  const { shipments: loaded, rating, ...order } = found;
  return pageData(order, loaded, rating ? { rating: Number(rating.rating), comment: rating.comment } : null);
}

/** One shipment of this seller, without its order (the tracking-number view), or undefined. */
export async function loadShipmentPageData(
  db: Database,
  sellerId: string,
  shipmentId: string,
): Promise<TrackingPageData | undefined> {
  const found = await db.orm.query.shipments.findFirst({
    where: and(eq(shipments.sellerId, sellerId), eq(shipments.id, shipmentId)),
    with: shipmentDetails,
  });
  return found ? pageData(null, [found], null) : undefined;
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
