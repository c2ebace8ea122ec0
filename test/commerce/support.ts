/** Shopify and WooCommerce deliveries as the platforms send them: payloads written for these tests, signed. */
import { randomUUID } from "node:crypto";
import { base64Hmac } from "../../src/commerce/hmac.js";

export const SHOP = "acme-goods.myshopify.com";
export const SHOPIFY_SECRET = "shpss_test_0123456789abcdef";
export const WOO_SITE = "https://woo.example.com";
export const WOO_SECRET = "woo-secret-0123456789";

export function shopifyOrder(overrides: Record<string, unknown> = {}) {
  return {
    id: 820982911946154500,
    admin_graphql_api_id: "gid://shopify/Order/820982911946154500",
    name: "#1001",
    order_number: 1001,
    email: " Ana.Silva@Example.com ",
    phone: null,
    created_at: "2026-03-01T10:00:00-05:00",
    processed_at: "2026-03-01T10:00:00-05:00",
    updated_at: "2026-03-01T10:00:05-05:00",
    customer_locale: "pt-BR",
    currency: "USD",
    total_price: "49.00",
    note: "leave at the back door",
    customer: {
      id: 115310627314723950,
      email: "ana.silva@example.com",
      first_name: "Ana",
      last_name: "Silva",
    },
    shipping_address: {
      first_name: "Ana",
      last_name: "Silva",
      address1: "1 Main St",
      city: "Nashville",
      zip: "37203",
      country_code: "US",
      phone: "+1 615 555 0100",
    },
    fulfillments: [],
    line_items: [{ id: 1, title: "Mug", quantity: 1 }],
    ...overrides,
  };
}

export function shopifyFulfillment(overrides: Record<string, unknown> = {}) {
  return {
    id: 255858046,
    admin_graphql_api_id: "gid://shopify/Fulfillment/255858046",
    order_id: 820982911946154500,
    name: "#1001.1",
    status: "success",
    created_at: "2026-03-02T09:00:00-05:00",
    updated_at: "2026-03-02T09:00:00-05:00",
    service: "manual",
    shipment_status: null,
    tracking_company: "UPS",
    tracking_number: "1Z999AA10123456784",
    tracking_numbers: ["1Z999AA10123456784"],
    tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    tracking_urls: ["https://www.ups.com/track?tracknum=1Z999AA10123456784"],
    line_items: [{ id: 1, quantity: 1 }],
    ...overrides,
  };
}

/** A Shopify delivery: body and headers as Shopify sends them. */
export function shopifyDelivery(
  topic: string,
  payload: unknown,
  options: { secret?: string; shop?: string; webhookId?: string } = {},
) {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": base64Hmac(body, options.secret ?? SHOPIFY_SECRET),
      "x-shopify-shop-domain": options.shop ?? SHOP,
      "x-shopify-api-version": "2025-01",
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-triggered-at": "2026-03-01T15:00:05.123Z",
    },
  };
}

export function wooOrder(overrides: Record<string, unknown> = {}) {
  return {
    id: 727,
    number: "727",
    status: "processing",
    date_created: "2026-03-01T11:00:00",
    date_created_gmt: "2026-03-01T10:00:00",
    date_modified: "2026-03-01T11:00:05",
    date_modified_gmt: "2026-03-01T10:00:05",
    billing: {
      first_name: "John",
      last_name: "Doe",
      email: "john.doe@example.com",
      phone: "(555) 555-5555",
      postcode: "94103",
      country: "US",
    },
    shipping: { first_name: "John", last_name: "Doe", postcode: "94103", country: "US" },
    line_items: [{ id: 315, name: "Woo Single #1", quantity: 2 }],
    meta_data: [],
    ...overrides,
  };
}

export function wooTrackingMeta(items: Record<string, unknown>[]) {
  return [{ id: 9001, key: "_wc_shipment_tracking_items", value: items }];
}

/** A WooCommerce delivery: body and headers as WooCommerce sends them. */
export function wooDelivery(
  topic: string,
  payload: unknown,
  options: { secret?: string; site?: string; deliveryId?: string } = {},
) {
  const body = JSON.stringify(payload);
  const [resource, event] = topic.split(".");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-source": `${options.site ?? WOO_SITE}/`,
      "x-wc-webhook-topic": topic,
      "x-wc-webhook-resource": resource!,
      "x-wc-webhook-event": event!,
      "x-wc-webhook-signature": base64Hmac(body, options.secret ?? WOO_SECRET),
      "x-wc-webhook-id": "12",
      "x-wc-webhook-delivery-id": options.deliveryId ?? randomUUID().replace(/-/g, ""),
    },
  };
}
