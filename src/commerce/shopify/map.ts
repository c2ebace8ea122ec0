/**
 * Shopify webhook payloads → our order and shipment upserts (pure). Topics: `orders/create` (and the other
 * `orders/*` topics carrying the order: updated, fulfilled, partially_fulfilled, paid) and `fulfillments/create`,
 * `fulfillments/update`. Everything else is ignored.
 *
 * Order number: Shopify's `name` ("#1001", or with the shop's own prefix/suffix "ACME-1001") without its leading
 * "#": "1001". The tracking page accepts "#1001" and "1001" alike. A fulfillment's `name` is the order's name plus
 * ".N" ("#1001.1"), so a fulfillment arriving before its order still lands on the right order number.
 */
import { resolveCarrier } from "../carrier-names.js";
import { email, firstOf, instant, isObject, locale, phone, text, type Json } from "../payload-fields.js";
import type { CustomerUpsert, MapResult, ShipmentUpsert } from "../types.js";

const ORDER_TOPICS = new Set([
  "orders/create",
  "orders/updated",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "orders/paid",
]);
const FULFILLMENT_TOPICS = new Set(["fulfillments/create", "fulfillments/update"]);
// Fulfillments in these states carry no parcel that is on its way.
const DEAD_FULFILLMENT = new Set(["cancelled", "error", "failure"]);

export interface MapOptions {
  /** The seller's enabled carriers: they win when a tracking number fits several. */
  preferredCarriers?: readonly string[];
}

/** "#1001" → "1001"; "#1001.2" (a fulfillment) → "1001" when `fulfillment`. */
export function shopifyOrderNumber(name: string, fulfillment = false): string {
  const bare = name.trim().replace(/^#/, "");
  return fulfillment ? bare.replace(/\.\d+$/, "") : bare;
}

function customerOf(order: Json): CustomerUpsert {
  const shipping = isObject(order.shipping_address) ? order.shipping_address : {};
  const billing = isObject(order.billing_address) ? order.billing_address : {};
  const customer = isObject(order.customer) ? order.customer : {};
  return {
    email: firstOf(email(order.email), email(order.contact_email), email(customer.email)),
    phone: firstOf(phone(order.phone), phone(shipping.phone), phone(customer.phone), phone(billing.phone)),
    postcode: firstOf(text(shipping.zip, 20), text(billing.zip, 20)),
    firstName: firstOf(
      text(shipping.first_name, 100),
      text(customer.first_name, 100),
      text(billing.first_name, 100),
    ),
    locale: firstOf(locale(order.customer_locale), locale(customer.locale)),
  };
}

function shipmentsOf(fulfillment: Json, options: MapOptions, problems: string[]): ShipmentUpsert[] {
  const id = text(fulfillment.id, 40);
  if (!id) {
    problems.push("a fulfillment without an id");
    return [];
  }
  const status = text(fulfillment.status, 40);
  if (status && DEAD_FULFILLMENT.has(status)) return [];
  const numbers = new Set<string>();
  if (Array.isArray(fulfillment.tracking_numbers))
    for (const n of fulfillment.tracking_numbers) if (text(n, 64)) numbers.add(text(n, 64)!);
  if (text(fulfillment.tracking_number, 64)) numbers.add(text(fulfillment.tracking_number, 64)!);
  const company = text(fulfillment.tracking_company, 100);
  const out: ShipmentUpsert[] = [];
  for (const trackingNumber of numbers) {
    const { carrier } = resolveCarrier(company, trackingNumber, options.preferredCarriers);
    if (!carrier) {
      problems.push(`fulfillment ${id}: no known carrier for "${company ?? "?"}" ${trackingNumber}`);
      continue;
    }
    out.push({
      externalId: id,
      carrier,
      trackingNumber,
      service: text(fulfillment.service, 100),
      externalUpdatedAt: instant(fulfillment.updated_at),
      metadata: { shopify: { fulfillment: text(fulfillment.name, 64), trackingCompany: company } },
    });
  }
  return out;
}

/** Maps one Shopify delivery (its `X-Shopify-Topic` and parsed JSON body). */
export function mapShopifyPayload(topic: string, body: Json, options: MapOptions = {}): MapResult {
  const problems: string[] = [];
  if (ORDER_TOPICS.has(topic)) {
    const externalId = text(body.id, 40);
    const name = text(body.name, 64) ?? text(body.order_number, 64);
    if (!externalId || !name) return { kind: "invalid", reason: `${topic}: the order has no id or name` };
    const fulfillments = Array.isArray(body.fulfillments) ? body.fulfillments.filter(isObject) : [];
    return {
      kind: "mapped",
      value: {
        topic,
        order: {
          externalId,
          orderNumber: shopifyOrderNumber(name),
          customer: customerOf(body),
          orderedAt: firstOf(instant(body.processed_at), instant(body.created_at)),
          externalUpdatedAt: instant(body.updated_at),
          metadata: { commerce: { platform: "shopify", name } },
        },
        shipments: fulfillments.flatMap((f) => shipmentsOf(f, options, problems)),
        problems,
      },
    };
  }
  if (FULFILLMENT_TOPICS.has(topic)) {
    const orderId = text(body.order_id, 40);
    const name = text(body.name, 64);
    if (!orderId) return { kind: "invalid", reason: `${topic}: the fulfillment has no order_id` };
    return {
      kind: "mapped",
      value: {
        topic,
        order: {
          externalId: orderId,
          // Without a name the order is found by its Shopify id alone (orders/create came first).
          orderNumber: name ? shopifyOrderNumber(name, true) : "",
          customer: null,
          orderedAt: null,
          externalUpdatedAt: null,
          metadata: {},
        },
        shipments: shipmentsOf(body, options, problems),
        problems,
      },
    };
  }
  return { kind: "ignored", reason: `topic ${topic || "(none)"} is not one Shipwatch reads` };
}
