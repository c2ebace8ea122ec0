/** WooCommerce's verify and map, pure: payloads written for this project, signed like WooCommerce signs them. */
import { describe, expect, it } from "vitest";
import { base64Hmac } from "../hmac.js";
import { mapWooCommercePayload } from "./map.js";
import {
  isWooCommercePing,
  normalizeSiteUrl,
  verifyWooCommerceWebhook,
  wooCommerceSiteOf,
} from "./verify.js";
import { wooOrderNote } from "./writeback.js";

const SECRET = "woo unit secret";

describe("verifyWooCommerceWebhook", () => {
  const body = Buffer.from('{"id":727}');
  it("accepts base64 HMAC-SHA256 of the body; the delivery id names the delivery", () => {
    const headers = {
      "x-wc-webhook-signature": base64Hmac(body, SECRET),
      "x-wc-webhook-delivery-id": "9f3c",
    };
    expect(verifyWooCommerceWebhook(body, headers, SECRET)).toEqual({ ok: true, eventId: "9f3c" });
    expect(verifyWooCommerceWebhook(body, headers, "other")).toMatchObject({ ok: false });
    expect(verifyWooCommerceWebhook(body, {}, SECRET)).toMatchObject({ ok: false, reason: /missing/ });
  });

  it("recognizes only the unsigned `webhook_id=N` ping", () => {
    expect(isWooCommercePing(Buffer.from("webhook_id=12"), {})).toBe(true);
    expect(isWooCommercePing(Buffer.from("webhook_id=12&x=1"), {})).toBe(false);
    expect(isWooCommercePing(Buffer.from("webhook_id=12"), { "x-wc-webhook-signature": "abc" })).toBe(false);
  });

  it("normalizes site URLs as deliveries name them", () => {
    expect(normalizeSiteUrl("https://Shop.Example.com/")).toBe("https://shop.example.com");
    expect(normalizeSiteUrl("https://example.com/store/?x=1")).toBe("https://example.com/store");
    expect(normalizeSiteUrl("ftp://example.com")).toBeNull();
    expect(wooCommerceSiteOf({ "x-wc-webhook-source": "https://shop.example.com/" })).toBe(
      "https://shop.example.com",
    );
  });
});

describe("mapWooCommercePayload", () => {
  it("takes the order's minimal contact and the Shipment Tracking items as parcels", () => {
    const result = mapWooCommercePayload("order.updated", {
      id: 727,
      number: "WC-727",
      date_created_gmt: "2026-03-01T10:00:00",
      date_modified_gmt: "2026-03-02T10:00:00",
      billing: {
        first_name: "John",
        last_name: "Doe",
        email: "john@example.com",
        phone: "(555) 555-5555",
        postcode: "94103",
      },
      shipping: { first_name: "Jane", postcode: "10001" },
      meta_data: [
        {
          id: 1,
          key: "_wc_shipment_tracking_items",
          value: [
            {
              tracking_provider: "fedex",
              tracking_number: "794623158442",
              date_shipped: "1772438400",
              tracking_id: "t1",
            },
            {
              tracking_provider: "",
              custom_tracking_provider: "Canada Post",
              tracking_number: "1234567890123456",
              tracking_id: "t2",
            },
            { tracking_provider: "", custom_tracking_provider: "Local Courier", tracking_number: "LC-1" },
          ],
        },
      ],
    });
    expect(result.kind).toBe("mapped");
    if (result.kind !== "mapped") return;
    expect(result.value.order).toEqual({
      externalId: "727",
      orderNumber: "WC-727",
      customer: {
        email: "john@example.com",
        phone: "(555) 555-5555",
        postcode: "10001",
        firstName: "Jane",
        locale: null,
      },
      orderedAt: new Date("2026-03-01T10:00:00Z"),
      externalUpdatedAt: new Date("2026-03-02T10:00:00Z"),
      metadata: { commerce: { platform: "woocommerce", name: "WC-727" } },
    });
    expect(result.value.shipments.map((s) => [s.externalId, s.carrier, s.trackingNumber])).toEqual([
      ["t1", "fedex", "794623158442"],
      ["t2", "canadapost", "1234567890123456"],
    ]);
    expect(result.value.shipments[0]!.externalUpdatedAt).toEqual(new Date(1772438400 * 1000));
    expect(result.value.problems).toEqual(['no known carrier for "Local Courier" LC-1']);
  });

  it("ignores other topics and refuses an order without an id", () => {
    expect(mapWooCommercePayload("product.updated", { id: 1 }).kind).toBe("ignored");
    expect(mapWooCommercePayload("order.created", { number: "1" }).kind).toBe("invalid");
  });

  it("writes a plain-text note with the shopper's words for the status", () => {
    expect(
      wooOrderNote({
        orderId: "727",
        carrierLabel: "UPS",
        trackingNumber: "1Z999AA10123456784",
        status: "attempt_failed",
        happenedAt: new Date("2026-03-04T13:05:00Z"),
        trackingUrl: null,
      }),
    ).toBe("Shipwatch: UPS 1Z999AA10123456784 — Delivery attempted (2026-03-04 13:05 UTC).");
  });
});
