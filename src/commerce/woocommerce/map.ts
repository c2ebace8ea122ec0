/**
 * WooCommerce webhook payloads (`order.created`, `order.updated`; API v3 order JSON) → our order and shipment
 * upserts (pure). WooCommerce itself has no shipments: tracking numbers come from the order meta
 * `_wc_shipment_tracking_items` that the WooCommerce Shipment Tracking extension (and compatible plugins such as
 * Advanced Shipment Tracking) write: `[{ tracking_provider, custom_tracking_provider, tracking_number,
 * date_shipped, tracking_id }]`.
 *
 * Order number: the order's `number` (what the shop shows; plugins may give it a prefix), else its id.
 * WooCommerce has no customer locale, so none is taken.
 */
import { resolveCarrier } from "../carrier-names.js";
import { email, firstOf, instant, isObject, phone, text, type Json } from "../payload-fields.js";
import type { MapResult, ShipmentUpsert } from "../types.js";

export const TRACKING_ITEMS_META = "_wc_shipment_tracking_items";
const ORDER_TOPICS = new Set(["order.created", "order.updated"]);

export interface MapOptions {
  preferredCarriers?: readonly string[];
}

/** The tracking items of an order's meta_data (an empty list when there are none). */
export function trackingItemsOf(order: Json): Json[] {
  const meta = Array.isArray(order.meta_data) ? order.meta_data.filter(isObject) : [];
  const entry = meta.find((m) => m.key === TRACKING_ITEMS_META);
  return entry && Array.isArray(entry.value) ? entry.value.filter(isObject) : [];
}

function shipmentsOf(order: Json, options: MapOptions, problems: string[]): ShipmentUpsert[] {
  const out: ShipmentUpsert[] = [];
  for (const item of trackingItemsOf(order)) {
    const trackingNumber = text(item.tracking_number, 64);
    if (!trackingNumber) continue;
    const provider = firstOf(text(item.tracking_provider, 100), text(item.custom_tracking_provider, 100));
    const { carrier } = resolveCarrier(provider, trackingNumber, options.preferredCarriers);
    if (!carrier) {
      problems.push(`no known carrier for "${provider ?? "?"}" ${trackingNumber}`);
      continue;
    }
    const shipped = text(item.date_shipped, 20);
    out.push({
      externalId: text(item.tracking_id, 64) ?? trackingNumber,
      carrier,
      trackingNumber,
      service: null,
      externalUpdatedAt: shipped && /^\d+$/.test(shipped) ? new Date(Number(shipped) * 1000) : null,
      metadata: { woocommerce: { trackingProvider: provider } },
    });
  }
  return out;
}

/** Maps one WooCommerce delivery (its `X-WC-Webhook-Topic` and parsed JSON body). */
export function mapWooCommercePayload(topic: string, body: Json, options: MapOptions = {}): MapResult {
  if (!ORDER_TOPICS.has(topic))
    return { kind: "ignored", reason: `topic ${topic || "(none)"} is not one Shipwatch reads` };
  const externalId = text(body.id, 40);
  if (!externalId) return { kind: "invalid", reason: `${topic}: the order has no id` };
  const billing = isObject(body.billing) ? body.billing : {};
  const shipping = isObject(body.shipping) ? body.shipping : {};
  const problems: string[] = [];
  const number = text(body.number, 64) ?? externalId;
  return {
    kind: "mapped",
    value: {
      topic,
      order: {
        externalId,
        orderNumber: number.replace(/^#/, ""),
        customer: {
          email: email(billing.email),
          phone: firstOf(phone(shipping.phone), phone(billing.phone)),
          postcode: firstOf(text(shipping.postcode, 20), text(billing.postcode, 20)),
          firstName: firstOf(text(shipping.first_name, 100), text(billing.first_name, 100)),
          locale: null,
        },
        orderedAt: firstOf(instant(body.date_created_gmt, true), instant(body.date_created)),
        externalUpdatedAt: firstOf(instant(body.date_modified_gmt, true), instant(body.date_modified)),
        metadata: { commerce: { platform: "woocommerce", name: number } },
      },
      shipments: shipmentsOf(body, options, problems),
      problems,
    },
  };
}
