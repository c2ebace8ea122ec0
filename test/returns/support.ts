/** A seller with delivered orders for the return tests, built through the real write paths. */
import type { Database } from "../../src/db/client.js";
import { insertOrder } from "../../src/db/repositories/orders.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { ingest } from "../../src/ingest/ingest.js";
import { createTrackingLink } from "../../src/web/tracking/links.js";

let serial = 0;

/** An order with line items and one UPS parcel delivered `deliveredDaysAgo` days ago (null: still moving). */
export async function deliveredOrder(
  db: Database,
  sellerId: string,
  options: {
    deliveredDaysAgo: number | null;
    lineItems?: { sku?: string; name: string; quantity: number }[];
    locale?: string;
    email?: string;
  },
) {
  serial += 1;
  const number = `RT-${1000 + serial}`;
  const order = await insertOrder(db.orm, sellerId, {
    orderNumber: number,
    customer: {
      email: options.email ?? `rt${serial}@example.com`,
      postcode: "75001",
      locale: options.locale ?? "en",
      firstName: "Lea",
    },
    metadata: options.lineItems ? { lineItems: options.lineItems } : {},
  });
  const trackingNumber = `1ZRT${String(serial).padStart(12, "0")}`;
  const shipment = await insertShipment(db.orm, sellerId, {
    orderId: order!.id,
    carrier: "ups",
    trackingNumber,
  });
  const day = 86_400_000;
  const now = Date.now();
  const delivered = options.deliveredDaysAgo;
  const base = now - (delivered ?? 1) * day;
  const events = [
    { occurredAt: new Date(base - 2 * day).toISOString(), status: "in_transit", description: "Picked up" },
    ...(delivered !== null
      ? [{ occurredAt: new Date(base).toISOString(), status: "delivered", description: "Delivered" }]
      : []),
  ].map((e) => ({ ...e, carrier: "ups", trackingNumber }));
  await ingest(db, sellerId, {
    source: "api",
    contentType: "application/json",
    body: Buffer.from(JSON.stringify({ events })),
  });
  return {
    id: order!.id,
    number,
    shipmentId: shipment!.id,
    trackingNumber,
    email: options.email ?? `rt${serial}@example.com`,
  };
}

/** The path of a signed order link. */
export async function orderLink(
  db: Database,
  sellerId: string,
  slug: string,
  orderId: string,
  lang?: string,
) {
  const link = await createTrackingLink(db, {
    baseUrl: "http://x",
    sellerSlug: slug,
    sellerId,
    scope: "order",
    targetId: orderId,
    lang: lang ?? null,
  });
  return link.url.replace("http://x", "");
}
