/**
 * Returns through the API on a real database: request with item checks, the lifecycle, the return tracking
 * number (a tracked shipment with direction "return"), the return shipment's scans moving the return and
 * notifying the shopper once per milestone, and the seller's webhooks and team e-mails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { createOutgoingEndpoint } from "../../src/notifications/outgoing-endpoints.js";
import { bearer, createTestApp, type TestApp, type TestSeller } from "../support/app.js";

let t: TestApp;
let seller: TestSeller;

beforeAll(async () => {
  t = await createTestApp();
  seller = await t.seller("returns-shop");
  await t.db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
    seller.id,
    JSON.stringify({ teamEmails: ["ops@shop.example"], staleAfterHours: 0 }),
  ]);
  await createOutgoingEndpoint(t.db, {
    sellerId: seller.id,
    kind: "webhook",
    url: "http://127.0.0.1:9/hook",
  });
});
afterAll(() => t.close());

async function api(method: "GET" | "POST", url: string, body?: unknown, key = seller.keys.write) {
  const response = await t.app.inject({
    method,
    url,
    headers: { ...bearer(key), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  // Answers are read loosely: the assertions say what shape they expect.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

async function orderWithItems(number: string) {
  const order = await api("POST", "/v1/orders", {
    orderNumber: number,
    customer: { email: `${number.toLowerCase()}@example.com`, locale: "fr", firstName: "Lea" },
    metadata: {
      lineItems: [
        { sku: "TEE-M", name: "T-shirt M", quantity: 2 },
        { sku: "CAP", name: "Cap", quantity: 1 },
      ],
    },
  });
  expect(order.status).toBe(201);
  return order.body.id as string;
}

async function scanReturn(trackingNumber: string, events: { at: string; status: string }[]) {
  return ingest(t.db, seller.id, {
    source: "api",
    contentType: "application/json",
    body: Buffer.from(
      JSON.stringify({
        events: events.map((e) => ({
          carrier: "ups",
          trackingNumber,
          occurredAt: e.at,
          status: e.status,
          description: `return ${e.status}`,
        })),
      }),
    ),
  });
}

describe("returns API", () => {
  it("checks items against the order's lines and what earlier returns took", async () => {
    const orderId = await orderWithItems("R-100");
    const tooMany = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "TEE-M", quantity: 3 }],
      reasonCode: "wrong_size",
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toContain("at most 2 of T-shirt M");
    const stranger = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "SOCKS", quantity: 1 }],
      reasonCode: "wrong_size",
    });
    expect(stranger.status).toBe(400);
    const first = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "TEE-M", quantity: 1 }],
      reasonCode: "wrong_size",
      reasonText: "<b>too small</b>",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: "requested",
      orderNumber: "R-100",
      items: [{ sku: "TEE-M", name: "T-shirt M", quantity: 1 }],
      reasonText: "<b>too small</b>",
      returnShipment: null,
    });
    const second = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "TEE-M", quantity: 2 }],
      reasonCode: "wrong_size",
    });
    expect(second.body.detail).toContain("at most 1 of T-shirt M");
    const bad = await api("POST", `/v1/orders/${orderId}/returns`, { items: [], reasonCode: "nope" });
    expect(bad.status).toBe(400);
    const readOnly = await api(
      "POST",
      `/v1/orders/${orderId}/returns`,
      { items: [{ sku: "CAP" }], reasonCode: "damaged" },
      seller.keys.read,
    );
    expect(readOnly.status).toBe(403);
  });

  it("an order of another seller is 404, and so is its return", async () => {
    const other = await t.seller("returns-other");
    const orderId = await orderWithItems("R-200");
    const created = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "CAP" }],
      reasonCode: "damaged",
    });
    const foreign = await api(
      "POST",
      `/v1/orders/${orderId}/returns`,
      { items: [{ sku: "CAP" }], reasonCode: "damaged" },
      other.keys.write,
    );
    expect(foreign.status).toBe(404);
    expect((await api("GET", `/v1/returns/${created.body.id}`, undefined, other.keys.read)).status).toBe(404);
  });

  it("follows the lifecycle: attach tracking approves, scans move it, refunds close it", async () => {
    const orderId = await orderWithItems("R-300");
    const created = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "CAP" }, { sku: "TEE-M", quantity: 2 }],
      reasonCode: "not_as_described",
    });
    const id = created.body.id as string;
    expect((await api("POST", `/v1/returns/${id}/refund`, {})).status).toBe(409);

    const tracked = await api("POST", `/v1/returns/${id}/tracking`, { trackingNumber: "1Z5R89390357567127" });
    expect(tracked.status).toBe(200);
    expect(tracked.body.status).toBe("approved");
    expect(tracked.body.returnShipment).toMatchObject({
      carrier: "ups",
      trackingNumber: "1Z5R89390357567127",
    });
    const again = await api("POST", `/v1/returns/${id}/tracking`, { trackingNumber: "1Z5R89390357567127" });
    expect(again.status).toBe(200);
    const [shipment] = await t.db.query<{ direction: string; order_id: string }>(
      "SELECT direction, order_id FROM shipments WHERE id = $1",
      [tracked.body.returnShipment.id],
    );
    expect(shipment).toEqual({ direction: "return", order_id: orderId });

    const now = Date.now();
    const iso = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    await scanReturn("1Z5R89390357567127", [{ at: iso(30), status: "in_transit" }]);
    expect((await api("GET", `/v1/returns/${id}`)).body.status).toBe("in_transit");
    // The same scan again and a second transit scan decide nothing new.
    await scanReturn("1Z5R89390357567127", [{ at: iso(30), status: "in_transit" }]);
    await scanReturn("1Z5R89390357567127", [{ at: iso(20), status: "in_transit" }]);
    await scanReturn("1Z5R89390357567127", [{ at: iso(2), status: "delivered" }]);
    const received = await api("GET", `/v1/returns/${id}`);
    expect(received.body.status).toBe("received");
    expect(received.body.receivedAt).not.toBeNull();
    // A late transit scan never moves it back.
    await scanReturn("1Z5R89390357567127", [{ at: iso(10), status: "in_transit" }]);
    expect((await api("GET", `/v1/returns/${id}`)).body.status).toBe("received");

    const shopper = await t.db.query<{
      trigger: string;
      milestone: string;
      locale: string;
      recipient: string;
    }>(
      `SELECT trigger, milestone, locale, recipient FROM notifications
       WHERE shipment_id = $1 AND audience = 'shopper' ORDER BY id`,
      [tracked.body.returnShipment.id],
    );
    expect(shopper).toEqual([
      {
        trigger: "return_in_transit",
        milestone: "return_first_scan",
        locale: "fr",
        recipient: "r-300@example.com",
      },
      {
        trigger: "return_received",
        milestone: "return_delivered",
        locale: "fr",
        recipient: "r-300@example.com",
      },
    ]);
    const team = await t.db.query<{ trigger: string; recipient: string }>(
      `SELECT trigger, recipient FROM notifications WHERE order_id = $1 AND audience = 'team' ORDER BY id`,
      [orderId],
    );
    expect(team.map((n) => n.trigger)).toEqual(["return_received"]);

    expect((await api("POST", `/v1/returns/${id}/refund`, { note: "refunded 30 EUR" })).body.status).toBe(
      "refunded",
    );
    const topics = await t.db.query<{ topic: string }>(
      "SELECT topic FROM outgoing_webhook_deliveries WHERE payload->'data'->>'id' = $1 ORDER BY id",
      [id],
    );
    expect(topics.map((r) => r.topic)).toEqual([
      "return.requested",
      "return.approved",
      "return.in_transit",
      "return.received",
      "return.refunded",
    ]);
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id",
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      "return.request",
      "return.attach_tracking",
      "return.refunded",
    ]);
  });

  it("rejects with a note, lists by status, and a rejected return frees its items", async () => {
    const orderId = await orderWithItems("R-400");
    const created = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "CAP" }],
      reasonCode: "no_longer_needed",
    });
    const rejected = await api("POST", `/v1/returns/${created.body.id}/reject`, { note: "worn item" });
    expect(rejected.body).toMatchObject({ status: "rejected", decisionNote: "worn item" });
    expect((await api("POST", `/v1/returns/${created.body.id}/approve`, {})).status).toBe(409);
    const list = await api("GET", "/v1/returns?status=rejected", undefined, seller.keys.read);
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    expect(list.body.items.every((r: { status: string }) => r.status === "rejected")).toBe(true);
    const ofOrder = await api("GET", `/v1/orders/${orderId}/returns`, undefined, seller.keys.read);
    expect(ofOrder.body.items).toHaveLength(1);
    // A rejected return frees its items again.
    const retry = await api("POST", `/v1/orders/${orderId}/returns`, {
      items: [{ sku: "CAP" }],
      reasonCode: "damaged",
    });
    expect(retry.status).toBe(201);
  });

  it("an order without line items takes free-text items; an unknown carrier format asks for the carrier", async () => {
    const order = await api("POST", "/v1/orders", {
      orderNumber: "R-500",
      customer: { email: "x@example.com" },
    });
    const created = await api("POST", `/v1/orders/${order.body.id}/returns`, {
      items: [{ name: "Blue mug", quantity: 2 }],
      reasonCode: "damaged",
    });
    expect(created.body.items).toEqual([{ sku: null, name: "Blue mug", quantity: 2 }]);
    const unknown = await api("POST", `/v1/returns/${created.body.id}/tracking`, { trackingNumber: "ZZ" });
    expect(unknown.status).toBe(400);
    const given = await api("POST", `/v1/returns/${created.body.id}/tracking`, {
      trackingNumber: "RET-0001-XYZ",
      carrier: "dhl_parcel_de",
    });
    expect(given.body.returnShipment).toMatchObject({ carrier: "dhl_parcel_de" });
  });
});
