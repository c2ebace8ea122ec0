/** Shopify's verify and map, pure: payloads written for this project, signed like Shopify signs them. */
import { describe, expect, it } from "vitest";
import { base64Hmac } from "../hmac.js";
import { mapShopifyPayload, shopifyOrderNumber } from "./map.js";
import { verifyShopifyWebhook } from "./verify.js";
import { fulfillmentEventInput, shopifyEventStatus } from "./writeback.js";

const SECRET = "shpss_unit_secret";
const body = Buffer.from(JSON.stringify({ id: 1, name: "#1001" }));
const headers = (signature: string | undefined, id?: string) => ({
  "x-shopify-hmac-sha256": signature,
  "x-shopify-webhook-id": id,
});

describe("verifyShopifyWebhook", () => {
  it("accepts base64 HMAC-SHA256 of the exact bytes and names the delivery by its webhook id", () => {
    expect(verifyShopifyWebhook(body, headers(base64Hmac(body, SECRET), "b54557e4"), SECRET)).toEqual({
      ok: true,
      eventId: "b54557e4",
    });
    expect(verifyShopifyWebhook(body, headers(base64Hmac(body, SECRET)), SECRET)).toEqual({ ok: true });
  });

  it("refuses another secret, changed bytes, a hex digest or no header", () => {
    expect(verifyShopifyWebhook(body, headers(base64Hmac(body, "other")), SECRET)).toMatchObject({
      ok: false,
    });
    const changed = Buffer.from(body.toString().replace("1001", "1002"));
    expect(verifyShopifyWebhook(changed, headers(base64Hmac(body, SECRET)), SECRET)).toMatchObject({
      ok: false,
    });
    const hex = Buffer.from(base64Hmac(body, SECRET), "base64").toString("hex");
    expect(verifyShopifyWebhook(body, headers(hex), SECRET)).toMatchObject({ ok: false });
    expect(verifyShopifyWebhook(body, headers(undefined), SECRET)).toEqual({
      ok: false,
      reason: "missing X-Shopify-Hmac-Sha256 header",
    });
  });
});

describe("mapShopifyPayload", () => {
  it("normalizes order names: '#1001' → '1001', fulfillment '#1001.2' → '1001', prefixes kept", () => {
    expect(shopifyOrderNumber("#1001")).toBe("1001");
    expect(shopifyOrderNumber("#1001.2", true)).toBe("1001");
    expect(shopifyOrderNumber("ACME-1001")).toBe("ACME-1001");
  });

  it("takes only the contact it needs from an order, and its fulfillments' parcels", () => {
    const result = mapShopifyPayload("orders/updated", {
      id: 450789469,
      name: "#1001",
      email: "bob@example.com",
      customer_locale: "fr_ca",
      created_at: "2026-03-01T10:00:00+01:00",
      updated_at: "2026-03-02T10:00:00+01:00",
      billing_address: { first_name: "Robert", zip: "75001", phone: "not a phone" },
      customer: { first_name: "Bob", phone: "+33 1 23 45 67 89" },
      fulfillments: [
        { id: 1, status: "success", tracking_company: "DHL Express", tracking_number: "1234567890" },
        { id: 2, status: "cancelled", tracking_company: "UPS", tracking_number: "1Z999AA10123456784" },
        { id: 3, status: "success", tracking_company: "Carrier Pigeon", tracking_number: "PIGEON1" },
      ],
    });
    expect(result.kind).toBe("mapped");
    if (result.kind !== "mapped") return;
    expect(result.value.order).toEqual({
      externalId: "450789469",
      orderNumber: "1001",
      customer: {
        email: "bob@example.com",
        phone: "+33 1 23 45 67 89",
        postcode: "75001",
        firstName: "Bob",
        locale: "fr-CA",
      },
      orderedAt: new Date("2026-03-01T09:00:00Z"),
      externalUpdatedAt: new Date("2026-03-02T09:00:00Z"),
      metadata: { commerce: { platform: "shopify", name: "#1001" } },
    });
    expect(result.value.shipments.map((s) => [s.externalId, s.carrier, s.trackingNumber])).toEqual([
      ["1", "dhl_express", "1234567890"],
    ]);
    expect(result.value.problems).toEqual(['fulfillment 3: no known carrier for "Carrier Pigeon" PIGEON1']);
  });

  it("maps a fulfillment to its order by id and name; other topics are ignored, broken ones invalid", () => {
    const result = mapShopifyPayload("fulfillments/update", {
      id: 255858046,
      order_id: 450789469,
      name: "#1001.1",
      status: "success",
      tracking_company: "USPS",
      tracking_numbers: ["9400111899223100000000"],
      updated_at: "2026-03-02T10:00:00Z",
    });
    expect(result).toMatchObject({
      kind: "mapped",
      value: {
        order: { externalId: "450789469", orderNumber: "1001", customer: null },
        shipments: [{ externalId: "255858046", carrier: "usps", trackingNumber: "9400111899223100000000" }],
      },
    });
    expect(mapShopifyPayload("products/create", { id: 1 }).kind).toBe("ignored");
    expect(mapShopifyPayload("fulfillments/create", { id: 1 }).kind).toBe("invalid");
    expect(mapShopifyPayload("orders/create", { email: "x@example.com" }).kind).toBe("invalid");
  });
});

describe("Shopify write-back mapping", () => {
  it("maps every status Shopify has a word for, sub-statuses first; cancelled and expired say nothing", () => {
    expect(shopifyEventStatus("in_transit", "picked_up")).toBe("CARRIER_PICKED_UP");
    expect(shopifyEventStatus("in_transit", null)).toBe("IN_TRANSIT");
    expect(shopifyEventStatus("exception", "weather_delay")).toBe("DELAYED");
    expect(shopifyEventStatus("attempt_failed", "recipient_unavailable")).toBe("ATTEMPTED_DELIVERY");
    expect(shopifyEventStatus("available_for_pickup", null)).toBe("READY_FOR_PICKUP");
    expect(shopifyEventStatus("cancelled", null)).toBeNull();
    expect(shopifyEventStatus("expired", null)).toBeNull();
  });

  it("builds the FulfillmentEventInput with a gid, times in ISO 8601 and only the place it knows", () => {
    expect(
      fulfillmentEventInput({
        fulfillmentId: "42",
        status: "out_for_delivery",
        substatus: null,
        happenedAt: new Date("2026-03-04T13:00:00Z"),
        estimatedDeliveryAt: new Date("2026-03-04T18:00:00Z"),
        message: "Out for delivery",
        location: { city: "Portland", region: null, country: "US", postalCode: null },
      }),
    ).toEqual({
      fulfillmentId: "gid://shopify/Fulfillment/42",
      status: "OUT_FOR_DELIVERY",
      message: "Out for delivery",
      happenedAt: "2026-03-04T13:00:00.000Z",
      estimatedDeliveryAt: "2026-03-04T18:00:00.000Z",
      city: "Portland",
      country: "US",
    });
  });
});
