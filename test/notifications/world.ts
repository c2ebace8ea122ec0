/** A seller with orders and shipments on a real test database, and scans fed through the real ingest path. */
import type { Database } from "../../src/db/client.js";
import { insertOrder } from "../../src/db/repositories/orders.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { ingest } from "../../src/ingest/ingest.js";

export interface Parcel {
  orderId: string;
  shipmentId: string;
  trackingNumber: string;
}

export async function makeSeller(db: Database, slug: string, settings: Record<string, unknown> = {}) {
  return (await createSeller(db.orm, { slug, name: `Shop ${slug}`, settings })).id;
}

let counter = 0;

/** An order with one outbound UPS shipment; the customer has an e-mail address and a phone by default. */
export async function makeParcel(
  db: Database,
  sellerId: string,
  customer: {
    email?: string | null;
    phone?: string | null;
    firstName?: string;
    locale?: string;
    timeZone?: string;
  } = {},
  promisedAt: Date | null = null,
): Promise<Parcel> {
  counter += 1;
  const order = await insertOrder(db.orm, sellerId, {
    orderNumber: `#${1000 + counter}`,
    customer: {
      email: customer.email === undefined ? `shopper${counter}@example.com` : customer.email,
      phone: customer.phone === undefined ? "+14155550123" : customer.phone,
      firstName: customer.firstName ?? "Ana",
      locale: customer.locale ?? "en",
      timeZone: customer.timeZone ?? "UTC",
    },
    promisedAt,
  });
  const trackingNumber = `1ZTEST${String(counter).padStart(10, "0")}`;
  const shipment = await insertShipment(db.orm, sellerId, {
    orderId: order!.id,
    carrier: "ups",
    trackingNumber,
  });
  return { orderId: order!.id, shipmentId: shipment!.id, trackingNumber };
}

/** Another outbound UPS parcel of the same order. */
export async function addParcel(db: Database, sellerId: string, to: Parcel): Promise<Parcel> {
  counter += 1;
  const trackingNumber = `1ZTEST${String(counter).padStart(10, "0")}`;
  const shipment = await insertShipment(db.orm, sellerId, {
    orderId: to.orderId,
    carrier: "ups",
    trackingNumber,
  });
  return { orderId: to.orderId, shipmentId: shipment!.id, trackingNumber };
}

export interface Scan {
  at: string;
  status: string | null;
  substatus?: string;
  description?: string;
  city?: string;
}

/** Ingests scans for a parcel through the public ingest path (normalized JSON, as the API posts it). */
export function scan(db: Database, sellerId: string, parcel: Parcel, scans: readonly Scan[]) {
  return scanTogether(db, sellerId, [parcel], scans);
}

/** The same scans of several parcels in one delivery (one ingest transaction): parcels collected together. */
export async function scanTogether(
  db: Database,
  sellerId: string,
  parcels: readonly Parcel[],
  scans: readonly Scan[],
) {
  const events = parcels.flatMap((parcel) =>
    scans.map((s) => ({
      carrier: "ups",
      trackingNumber: parcel.trackingNumber,
      occurredAt: s.at,
      description: s.description ?? `${s.status ?? "scan"} ${s.city ?? ""}`.trim(),
      status: s.status,
      ...(s.substatus ? { substatus: s.substatus } : {}),
      ...(s.city ? { location: { city: s.city } } : {}),
    })),
  );
  return ingest(db, sellerId, {
    source: "api",
    contentType: "application/json",
    body: Buffer.from(JSON.stringify({ events })),
  });
}

/** The decided notifications of a shipment, oldest first. */
export function notificationsOf(db: Database, shipmentId: string) {
  return db.query<{
    id: number;
    trigger: string;
    milestone: string;
    channel: string;
    status: string;
    reason: string | null;
    recipient: string;
    send_after: Date;
    collapsed_into: number | null;
    audience: string;
  }>(
    `SELECT id, trigger, milestone, channel, status, reason, recipient, send_after, collapsed_into, audience
     FROM notifications WHERE shipment_id = $1 ORDER BY id`,
    [shipmentId],
  );
}
