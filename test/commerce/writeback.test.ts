/**
 * Write-back end to end: carrier events fold into a new status, the outbox relay decides a write-back, a pg-boss job
 * sends it to a local emulator speaking the platform's real API (Shopify Admin GraphQL, WooCommerce REST), and the
 * tests assert on the requests the emulators recorded. Throttling, refused credentials and retries included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommerceWriteback } from "../../src/commerce/run-writeback.js";
import { startShopifyEmulator, type ShopifyEmulator } from "../../src/sim/commerce/shopify-emulator.js";
import {
  startWooCommerceEmulator,
  type WooCommerceEmulator,
} from "../../src/sim/commerce/woocommerce-emulator.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";
import { bearer } from "../support/app.js";
import {
  SHOP,
  SHOPIFY_SECRET,
  shopifyDelivery,
  shopifyFulfillment,
  shopifyOrder,
  wooDelivery,
  wooOrder,
} from "./support.js";

const TOKEN = "shpat_emulated_0123456789";
const CK = "ck_emulated_0123456789";
const CS = "cs_emulated_0123456789";

let t: JobsTestApp;
let seller: Awaited<ReturnType<JobsTestApp["seller"]>>;
let shopify: ShopifyEmulator;
let woo: WooCommerceEmulator;
let shopifyConnection: string;
let wooConnection: string;
let wooSecret: string;

beforeAll(async () => {
  t = await createJobsTestApp();
  seller = await t.seller("acme");
  shopify = await startShopifyEmulator({
    accessToken: TOKEN,
    fulfillments: ["7001", "7002", "7003", "7004"],
  });
  woo = await startWooCommerceEmulator({ consumerKey: CK, consumerSecret: CS });
  const s = await t.app.inject({
    method: "POST",
    url: "/v1/commerce/connections",
    headers: bearer(seller.keys.admin),
    payload: {
      platform: "shopify",
      shop: SHOP,
      webhookSecret: SHOPIFY_SECRET,
      credentials: { accessToken: TOKEN },
    },
  });
  shopifyConnection = s.json().id;
  const w = await t.app.inject({
    method: "POST",
    url: "/v1/commerce/connections",
    headers: bearer(seller.keys.admin),
    payload: { platform: "woocommerce", shop: woo.url, credentials: { consumerKey: CK, consumerSecret: CS } },
  });
  expect(w.statusCode).toBe(201);
  wooConnection = w.json().id;
  wooSecret = w.json().webhookSecret;
  await t.startWorker({
    relayEveryMs: 50,
    // The emulators listen on loopback, which the SSRF guard refuses unless private targets are allowed.
    commerce: {
      shopifyBaseUrl: () => shopify.url,
      publicUrl: "https://track.example.com",
      maxWaitMs: 5_000,
      allowPrivateTargets: true,
    },
  });
});
afterAll(async () => {
  await t.close();
  await shopify.close();
  await woo.close();
});

const hook = (platform: string, d: { body: string; headers: Record<string, string> }) =>
  t.app.inject({ method: "POST", url: `/hooks/acme/${platform}`, payload: d.body, headers: d.headers });

const settled = () =>
  eventually(async () => {
    const [row] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM raw_payloads WHERE seller_id = $1 AND parse_status = 'pending'",
      [seller.id],
    );
    return row!.n === 0;
  });

async function shipmentId(trackingNumber: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    "SELECT id FROM shipments WHERE seller_id = $1 AND tracking_number = $2",
    [seller.id, trackingNumber],
  );
  return row!.id;
}

async function scan(trackingNumber: string, event: Record<string, unknown>) {
  const res = await t.app.inject({
    method: "POST",
    url: `/v1/shipments/${await shipmentId(trackingNumber)}/events`,
    headers: bearer(seller.keys.write),
    payload: { events: [event] },
  });
  expect(res.statusCode).toBeLessThan(300);
  return res.json();
}

const writebacks = (connectionId: string) =>
  t.db.query<{ status: string; state: string; reason: string | null }>(
    "SELECT status, state, reason FROM commerce_writebacks WHERE connection_id = $1 ORDER BY id",
    [connectionId],
  );

describe("Shopify write-back", () => {
  it("pushes each status change as a fulfillment event through the Admin GraphQL API", async () => {
    await hook("shopify", shopifyDelivery("orders/create", shopifyOrder({ id: 3001, name: "#3001" })));
    await hook(
      "shopify",
      shopifyDelivery(
        "fulfillments/create",
        shopifyFulfillment({ id: 7001, order_id: 3001, name: "#3001.1" }),
      ),
    );
    await settled();
    await scan("1Z999AA10123456784", {
      occurredAt: "2026-03-02T18:00:00-05:00",
      code: "PU",
      description: "Picked up",
      status: "in_transit",
      substatus: "picked_up",
      location: { city: "Louisville", region: "KY", postalCode: "40201", country: "US" },
    });
    await eventually(async () => shopify.events.length === 1);
    const request = shopify.requests.at(-1)!;
    expect(request.path).toBe("/admin/api/2025-01/graphql.json");
    expect(request.headers["x-shopify-access-token"]).toBe(TOKEN);
    const body = request.body as { query: string; variables: { fulfillmentEvent: Record<string, unknown> } };
    expect(body.query).toContain("fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent)");
    expect(body.variables.fulfillmentEvent).toEqual({
      fulfillmentId: "gid://shopify/Fulfillment/7001",
      status: "CARRIER_PICKED_UP",
      happenedAt: "2026-03-02T23:00:00.000Z",
      message: "On its way",
      city: "Louisville",
      province: "KY",
      country: "US",
      zip: "40201",
    });
  });

  it("waits out THROTTLED and 429 + Retry-After, then sends", async () => {
    const before = shopify.requests.length;
    shopify.faults.push("throttled", "429");
    await scan("1Z999AA10123456784", {
      occurredAt: "2026-03-04T08:00:00-05:00",
      code: "OD",
      description: "Out for delivery",
      status: "out_for_delivery",
    });
    await eventually(async () => shopify.events.length === 2);
    expect(shopify.requests.length - before).toBe(3);
    expect(shopify.events[1]!.input.status).toBe("OUT_FOR_DELIVERY");
  });

  it("a redelivered scan or a second relay pass sends nothing again", async () => {
    await scan("1Z999AA10123456784", {
      occurredAt: "2026-03-04T14:00:00-05:00",
      code: "DL",
      description: "Delivered",
      status: "delivered",
      substatus: "left_at_door",
    });
    await eventually(async () => shopify.events.length === 3);
    const again = await scan("1Z999AA10123456784", {
      occurredAt: "2026-03-04T14:00:00-05:00",
      code: "DL",
      description: "Delivered",
      status: "delivered",
      substatus: "left_at_door",
    });
    expect(again.eventsAdded).toBe(0);
    await t.db.query("UPDATE outbox SET dispatched_at = NULL WHERE seller_id = $1", [seller.id]);
    await eventually(async () => {
      const [row] = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE seller_id = $1 AND dispatched_at IS NULL",
        [seller.id],
      );
      return row!.n === 0;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shopify.events.map((e) => e.input.status)).toEqual([
      "CARRIER_PICKED_UP",
      "OUT_FOR_DELIVERY",
      "DELIVERED",
    ]);
    await eventually(async () => (await writebacks(shopifyConnection)).every((w) => w.state === "sent"));
    expect(await writebacks(shopifyConnection)).toHaveLength(3);
  });

  it("a fulfillment with two parcels is delivered when both are", async () => {
    await hook("shopify", shopifyDelivery("orders/create", shopifyOrder({ id: 3002, name: "#3002" })));
    await hook(
      "shopify",
      shopifyDelivery(
        "fulfillments/create",
        shopifyFulfillment({
          id: 7002,
          order_id: 3002,
          name: "#3002.1",
          tracking_number: "1Z999AA10123456791",
          tracking_numbers: ["1Z999AA10123456791", "1Z999AA10123456806"],
        }),
      ),
    );
    await settled();
    const delivered = {
      occurredAt: "2026-03-05T10:00:00Z",
      code: "DL",
      description: "Delivered",
      status: "delivered",
    };
    await scan("1Z999AA10123456791", delivered);
    await eventually(async () =>
      (await writebacks(shopifyConnection)).some((w) => w.reason?.includes("another parcel")),
    );
    expect(shopify.events.filter((e) => e.fulfillmentId === "7002")).toHaveLength(0);
    await scan("1Z999AA10123456806", { ...delivered, occurredAt: "2026-03-05T12:00:00Z" });
    await eventually(async () => shopify.events.some((e) => e.fulfillmentId === "7002"));
    expect(shopify.events.filter((e) => e.fulfillmentId === "7002").map((e) => e.input.status)).toEqual([
      "DELIVERED",
    ]);
  });

  it("a parcel already on its way when its fulfillment arrives: Shopify is told its current status", async () => {
    const tracked = await t.app.inject({
      method: "POST",
      url: "/v1/shipments",
      headers: bearer(seller.keys.write),
      payload: { trackingNumber: "1Z999AA10123456846" },
    });
    expect(tracked.statusCode).toBe(201);
    await scan("1Z999AA10123456846", {
      occurredAt: "2026-03-05T08:00:00Z",
      code: "OD",
      description: "Out for delivery",
      status: "out_for_delivery",
    });
    await hook("shopify", shopifyDelivery("orders/create", shopifyOrder({ id: 3004, name: "#3004" })));
    const fulfillment = shopifyFulfillment({
      id: 7004,
      order_id: 3004,
      name: "#3004.1",
      tracking_number: "1Z999AA10123456846",
      tracking_numbers: [],
    });
    await hook("shopify", shopifyDelivery("fulfillments/create", fulfillment));
    await hook("shopify", shopifyDelivery("fulfillments/update", fulfillment));
    await settled();
    await eventually(async () => shopify.events.some((e) => e.fulfillmentId === "7004"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shopify.events.filter((e) => e.fulfillmentId === "7004").map((e) => e.input)).toEqual([
      expect.objectContaining({ status: "OUT_FOR_DELIVERY", happenedAt: "2026-03-05T08:00:00.000Z" }),
    ]);
  });

  it("refused credentials fail the write-back at once and show on the connection", async () => {
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/v1/commerce/connections/${shopifyConnection}`,
      headers: bearer(seller.keys.admin),
      payload: { credentials: { accessToken: "shpat_revoked_000000" } },
    });
    expect(patch.statusCode).toBe(200);
    await hook("shopify", shopifyDelivery("orders/create", shopifyOrder({ id: 3003, name: "#3003" })));
    await hook(
      "shopify",
      shopifyDelivery(
        "fulfillments/create",
        shopifyFulfillment({
          id: 7003,
          order_id: 3003,
          name: "#3003.1",
          tracking_number: "1Z999AA10123456815",
          tracking_numbers: [],
        }),
      ),
    );
    await settled();
    await scan("1Z999AA10123456815", {
      occurredAt: "2026-03-05T10:00:00Z",
      code: "IT",
      description: "In transit",
      status: "in_transit",
    });
    await eventually(async () => (await writebacks(shopifyConnection)).some((w) => w.state === "failed"));
    const failed = (await writebacks(shopifyConnection)).find((w) => w.state === "failed")!;
    expect(failed.reason).toMatch(/401.*credentials were refused/);
    const view = await t.app.inject({
      method: "GET",
      url: `/v1/commerce/connections/${shopifyConnection}`,
      headers: bearer(seller.keys.admin),
    });
    expect(view.json().lastError).toMatch(/credentials were refused/);
    const log = await t.app.inject({
      method: "GET",
      url: `/v1/commerce/connections/${shopifyConnection}/writebacks`,
      headers: bearer(seller.keys.admin),
    });
    expect(log.json().items[0]).toMatchObject({ state: "failed", status: "in_transit" });
  });
});

describe("WooCommerce write-back", () => {
  it("writes the tracking item once and a private note per status change", async () => {
    woo.addOrder({ id: 727, number: "727", status: "processing" });
    await hook("woocommerce", wooDelivery("order.created", wooOrder(), { secret: wooSecret, site: woo.url }));
    await settled();
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/shipments",
      headers: bearer(seller.keys.write),
      payload: { trackingNumber: "794623158442", carrier: "fedex", orderNumber: "727" },
    });
    expect(created.statusCode).toBe(201);
    await scan("794623158442", {
      occurredAt: "2026-03-02T18:00:00-08:00",
      code: "PU",
      description: "Picked up",
      status: "in_transit",
    });
    await eventually(async () => (woo.notes.get("727") ?? []).length === 1);
    const auth = `Basic ${Buffer.from(`${CK}:${CS}`).toString("base64")}`;
    const calls = woo.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual([
      "GET /wp-json/wc/v3/orders/727",
      "PUT /wp-json/wc/v3/orders/727",
      "POST /wp-json/wc/v3/orders/727/notes",
    ]);
    expect(woo.requests.every((r) => r.headers.authorization === auth)).toBe(true);
    const put = woo.requests[1]!.body as { meta_data: { key: string; value: Record<string, string>[] }[] };
    expect(put.meta_data[0]!.key).toBe("_wc_shipment_tracking_items");
    expect(put.meta_data[0]!.value[0]).toMatchObject({
      custom_tracking_provider: "FedEx",
      tracking_number: "794623158442",
      custom_tracking_link: "https://track.example.com/track/acme",
      date_shipped: String(Date.parse("2026-03-03T02:00:00Z") / 1000),
    });
    expect(woo.requests[2]!.body).toEqual({
      note: "Shipwatch: FedEx 794623158442 — On its way (2026-03-03 02:00 UTC).",
      customer_note: false,
    });

    await scan("794623158442", {
      occurredAt: "2026-03-04T10:00:00-08:00",
      code: "DL",
      description: "Delivered",
      status: "delivered",
    });
    await eventually(async () => (woo.notes.get("727") ?? []).length === 2);
    expect(woo.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(woo.notes.get("727")![1]!.note).toContain("Delivered");
    // The note lands before the job records its answer.
    await eventually(async () => (await writebacks(wooConnection)).every((w) => w.state === "sent"));
    expect(await writebacks(wooConnection)).toHaveLength(2);
  });

  it("a 5xx is retried by the queue: the job throws, the row stays pending, the next attempt sends", async () => {
    woo.addOrder({ id: 728, number: "728" });
    await hook(
      "woocommerce",
      wooDelivery("order.created", wooOrder({ id: 728, number: "728" }), {
        secret: wooSecret,
        site: woo.url,
      }),
    );
    await settled();
    // A shipment inserted directly has no status change, so nothing is decided for it: this write-back is decided
    // and run by hand, playing the queue's attempts.
    const [order] = await t.db.query<{ id: string }>(
      "SELECT id FROM orders WHERE seller_id = $1 AND order_number = '728'",
      [seller.id],
    );
    const [shipment] = await t.db.query<{ id: string }>(
      "INSERT INTO shipments (seller_id, order_id, carrier, tracking_number) VALUES ($1, $2, 'ups', '1Z999AA10123456824') RETURNING id",
      [seller.id, order!.id],
    );
    const [row] = await t.db.query<{ id: number }>(
      `INSERT INTO commerce_writebacks (seller_id, connection_id, shipment_id, outbox_id, status, happened_at)
       VALUES ($1, $2, $3, 999999, 'in_transit', '2026-03-05T10:00:00Z') RETURNING id`,
      [seller.id, wooConnection, shipment!.id],
    );
    woo.faults.push("500");
    const deps = { publicUrl: "https://track.example.com", allowPrivateTargets: true };
    await expect(runCommerceWriteback(t.db, row!.id, deps, { retryCount: 0, retryLimit: 3 })).rejects.toThrow(
      /500/,
    );
    const [pending] = await t.db.query<{ state: string; attempts: number }>(
      "SELECT state, attempts FROM commerce_writebacks WHERE id = $1",
      [row!.id],
    );
    expect(pending).toEqual({ state: "pending", attempts: 1 });
    expect(await runCommerceWriteback(t.db, row!.id, deps, { retryCount: 1, retryLimit: 3 })).toBe("sent");
    expect(await runCommerceWriteback(t.db, row!.id, deps, { retryCount: 2, retryLimit: 3 })).toBe("done");
    expect(woo.notes.get("728")).toHaveLength(1);
  });

  it("never calls a site on a private network unless private targets are allowed, and does not retry it", async () => {
    const seller = await t.seller("guarded");
    const [order] = await t.db.query<{ id: string }>(
      "INSERT INTO orders (seller_id, order_number) VALUES ($1, 'G-1') RETURNING id",
      [seller.id],
    );
    const [shipment] = await t.db.query<{ id: string }>(
      "INSERT INTO shipments (seller_id, order_id, carrier, tracking_number) VALUES ($1, $2, 'ups', '1Z999AA10123456833') RETURNING id",
      [seller.id, order!.id],
    );
    const [row] = await t.db.query<{ id: number }>(
      `INSERT INTO commerce_writebacks (seller_id, connection_id, shipment_id, outbox_id, status, happened_at)
       VALUES ($1, $2, $3, 999998, 'in_transit', '2026-03-05T10:00:00Z') RETURNING id`,
      [seller.id, wooConnection, shipment!.id],
    );
    await t.db.query(
      "INSERT INTO commerce_orders (seller_id, connection_id, order_id, external_id) VALUES ($1, $2, $3, '729')",
      [seller.id, wooConnection, order!.id],
    );
    const outcome = await runCommerceWriteback(
      t.db,
      row!.id,
      { publicUrl: "https://track.example.com" },
      {
        retryCount: 0,
        retryLimit: 3,
      },
    ).catch((error: unknown) => error);
    expect(String(outcome)).not.toMatch(/500/);
    const [failed] = await t.db.query<{ state: string; reason: string | null }>(
      "SELECT state, reason FROM commerce_writebacks WHERE id = $1",
      [row!.id],
    );
    expect(failed!.state).toBe("failed");
    expect(failed!.reason).toMatch(/loopback/);
    expect(woo.notes.get("729")).toBeUndefined();
  });
});
