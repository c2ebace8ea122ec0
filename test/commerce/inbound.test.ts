/**
 * Shopify and WooCommerce webhooks on a real database and a real queue: connections through the API, verify →
 * store raw → queue → 202, then the worker creates and updates orders and shipments. Bad signatures are 401 and
 * kept; unknown shops 404 and kept; redeliveries and stale payloads change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";
import { bearer } from "../support/app.js";
import {
  SHOP,
  SHOPIFY_SECRET,
  WOO_SITE,
  shopifyDelivery,
  shopifyFulfillment,
  shopifyOrder,
  wooDelivery,
  wooOrder,
  wooTrackingMeta,
} from "./support.js";

let t: JobsTestApp;
let seller: Awaited<ReturnType<JobsTestApp["seller"]>>;
let wooSecret: string;

beforeAll(async () => {
  t = await createJobsTestApp();
  seller = await t.seller("acme");
  await t.startWorker();
});
afterAll(() => t.close());

const post = (platform: string, d: { body: string; headers: Record<string, string> }, slug = "acme") =>
  t.app.inject({ method: "POST", url: `/hooks/${slug}/${platform}`, payload: d.body, headers: d.headers });

const settled = () =>
  eventually(async () => {
    const [row] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM raw_payloads WHERE seller_id = $1 AND parse_status = 'pending'",
      [seller.id],
    );
    return row!.n === 0;
  });

const order = async (number: string) =>
  (
    await t.db.query<Record<string, unknown>>(
      "SELECT * FROM orders WHERE seller_id = $1 AND order_number = $2",
      [seller.id, number],
    )
  )[0];

const shipmentsOf = async (orderId: unknown) =>
  (
    await t.db.query<{ carrier: string; tracking_number: string }>(
      "SELECT carrier, tracking_number FROM shipments WHERE order_id = $1",
      [orderId],
    )
  ).sort((a, b) => a.carrier.localeCompare(b.carrier));

describe("connections", () => {
  it("are created by admins only, with the shop validated and secrets never listed", async () => {
    const asWriter = await t.app.inject({
      method: "POST",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.write),
      payload: { platform: "shopify", shop: SHOP, webhookSecret: SHOPIFY_SECRET },
    });
    expect(asWriter.statusCode).toBe(403);
    const badShop = await t.app.inject({
      method: "POST",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.admin),
      payload: { platform: "shopify", shop: "acme.example.com", webhookSecret: SHOPIFY_SECRET },
    });
    expect(badShop.statusCode).toBe(400);
    expect(badShop.headers["content-type"]).toContain("application/problem+json");
    const noSecret = await t.app.inject({
      method: "POST",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.admin),
      payload: { platform: "shopify", shop: SHOP },
    });
    expect(noSecret.statusCode).toBe(400);

    const shopify = await t.app.inject({
      method: "POST",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.admin),
      payload: {
        platform: "shopify",
        shop: `https://${SHOP.toUpperCase()}/`,
        webhookSecret: SHOPIFY_SECRET,
        credentials: { accessToken: "shpat_0123456789abcdef" },
      },
    });
    expect(shopify.statusCode).toBe(201);
    expect(shopify.json()).toMatchObject({
      shop: SHOP,
      webhookUrl: "/hooks/acme/shopify",
      hasCredentials: true,
    });
    expect(shopify.json().webhookSecret).toBeUndefined();

    const woo = await t.app.inject({
      method: "POST",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.admin),
      payload: {
        platform: "woocommerce",
        shop: `${WOO_SITE}/`,
        credentials: { consumerKey: "ck_0123456789", consumerSecret: "cs_0123456789" },
      },
    });
    expect(woo.statusCode).toBe(201);
    wooSecret = woo.json().webhookSecret;
    expect(wooSecret).toMatch(/^whsec_/);
    expect(woo.json()).toMatchObject({ shop: WOO_SITE, webhookUrl: "/hooks/acme/woocommerce" });

    const again = await t.app.inject({
      method: "POST",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.admin),
      payload: { platform: "shopify", shop: SHOP, webhookSecret: SHOPIFY_SECRET },
    });
    expect(again.statusCode).toBe(409);

    const list = await t.app.inject({
      method: "GET",
      url: "/v1/commerce/connections",
      headers: bearer(seller.keys.admin),
    });
    expect(list.json().items).toHaveLength(2);
    for (const secret of [SHOPIFY_SECRET, wooSecret, "shpat_0123456789abcdef", "cs_0123456789"])
      expect(list.body).not.toContain(secret);
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE seller_id = $1 AND action LIKE 'commerce_connection.%'",
      [seller.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["commerce_connection.create", "commerce_connection.create"]);
  });
});

describe("Shopify webhooks", () => {
  it("orders/create makes an order with minimal contact; the same delivery again changes nothing", async () => {
    const delivery = shopifyDelivery("orders/create", shopifyOrder());
    const first = await post("shopify", delivery);
    expect(first.statusCode).toBe(202);
    expect(first.json().status).toBe("accepted");
    const retry = await post("shopify", delivery);
    expect(retry.statusCode).toBe(202);
    expect(retry.json().status).toBe("duplicate");
    await settled();
    const rows = await t.db.query("SELECT * FROM orders WHERE seller_id = $1", [seller.id]);
    expect(rows).toHaveLength(1);
    const o = rows[0]!;
    expect(o).toMatchObject({
      order_number: "1001",
      email: "ana.silva@example.com",
      phone: "+16155550100",
      postcode: "37203",
      first_name: "Ana",
      locale: "pt-BR",
    });
    expect(new Date(o.ordered_at as string).toISOString()).toBe("2026-03-01T15:00:00.000Z");
    // Minimal personal data: no surname, street, note or line items anywhere on the order.
    expect(JSON.stringify(o)).not.toMatch(/Silva|Main St|back door|Mug/);
  });

  it("fulfillments create shipments on the order, several numbers per fulfillment, updates update", async () => {
    expect(
      (await post("shopify", shopifyDelivery("fulfillments/create", shopifyFulfillment()))).statusCode,
    ).toBe(202);
    await settled();
    const o = await order("1001");
    expect(await shipmentsOf(o!.id)).toEqual([{ carrier: "ups", tracking_number: "1Z999AA10123456784" }]);

    // An update adds a second parcel whose carrier Shopify names "Other": the number's format decides.
    const update = shopifyFulfillment({
      updated_at: "2026-03-02T10:00:00-05:00",
      tracking_company: "Other",
      tracking_numbers: ["1Z999AA10123456784", "9400111899223100000000"],
    });
    await post("shopify", shopifyDelivery("fulfillments/update", update));
    await settled();
    expect(await shipmentsOf(o!.id)).toEqual([
      { carrier: "ups", tracking_number: "1Z999AA10123456784" },
      { carrier: "usps", tracking_number: "9400111899223100000000" },
    ]);
    const links = await t.db.query("SELECT external_id FROM commerce_shipments WHERE seller_id = $1", [
      seller.id,
    ]);
    expect(links).toHaveLength(2);
    const [stage] = await t.db.query<{ stage: string }>("SELECT stage FROM orders WHERE id = $1", [o!.id]);
    expect(stage!.stage).not.toBe("unfulfilled");
  });

  it("an older order payload arriving late does not undo a newer one", async () => {
    await post(
      "shopify",
      shopifyDelivery(
        "orders/updated",
        shopifyOrder({ email: "new@example.com", updated_at: "2026-03-03T00:00:00Z" }),
      ),
    );
    await post(
      "shopify",
      shopifyDelivery(
        "orders/updated",
        shopifyOrder({ email: "old@example.com", updated_at: "2026-03-02T00:00:00Z" }),
      ),
    );
    await settled();
    expect((await order("1001"))!.email).toBe("new@example.com");
    const [raw] = await t.db.query<{ parse_error: string }>(
      "SELECT parse_error FROM raw_payloads WHERE seller_id = $1 AND convert_from(body, 'UTF8') LIKE '%old@example.com%'",
      [seller.id],
    );
    expect(raw!.parse_error).toMatch(/newer update/);
  });

  it("a fulfillment arriving before its order lands on the order number from its name", async () => {
    const early = shopifyFulfillment({
      id: 999001,
      order_id: 5550001,
      name: "#1002.1",
      tracking_number: "1Z999AA10123456791",
      tracking_numbers: [],
    });
    await post("shopify", shopifyDelivery("fulfillments/create", early));
    await settled();
    const o = await order("1002");
    expect(o).toBeDefined();
    expect(await shipmentsOf(o!.id)).toHaveLength(1);
    await post(
      "shopify",
      shopifyDelivery("orders/create", shopifyOrder({ id: 5550001, name: "#1002", email: "b@example.com" })),
    );
    await settled();
    const rows = await t.db.query(
      "SELECT id, email FROM orders WHERE seller_id = $1 AND order_number = '1002'",
      [seller.id],
    );
    expect(rows).toEqual([{ id: o!.id, email: "b@example.com" }]);
  });

  it("a bad signature is 401 problem+json and kept as rejected", async () => {
    const forged = shopifyDelivery("orders/create", shopifyOrder({ id: 1, name: "#6666" }), {
      secret: "wrong-secret-123",
    });
    const res = await post("shopify", forged);
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "SW_ERR_BAD_SIGNATURE", stored: true });
    const [raw] = await t.db.query<{ parse_status: string }>(
      "SELECT parse_status FROM raw_payloads WHERE seller_id = $1 AND convert_from(body, 'UTF8') LIKE '%6666%'",
      [seller.id],
    );
    expect(raw!.parse_status).toBe("rejected");
    expect(await order("6666")).toBeUndefined();
  });

  it("an unknown shop or seller is 404 problem+json", async () => {
    const other = await post(
      "shopify",
      shopifyDelivery("orders/create", shopifyOrder({ name: "#7777" }), { shop: "other.myshopify.com" }),
    );
    expect(other.statusCode).toBe(404);
    expect(other.headers["content-type"]).toContain("application/problem+json");
    const [receipt] = await t.db.query<{ outcome: string; reason: string }>(
      "SELECT outcome, reason FROM webhook_receipts WHERE seller_id = $1 AND reason LIKE '%other.myshopify.com%'",
      [seller.id],
    );
    expect(receipt).toMatchObject({ outcome: "rejected" });
    const nobody = await post("shopify", shopifyDelivery("orders/create", shopifyOrder()), "nobody");
    expect(nobody.statusCode).toBe(404);
  });
});

describe("WooCommerce webhooks", () => {
  it("answers the unsigned ping sent when a webhook is saved with 200", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/hooks/acme/woocommerce",
      payload: "webhook_id=12",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.statusCode).toBe(200);
  });

  it("order.created makes the order and its tracked parcels; updates update, redeliveries change nothing", async () => {
    const items = [
      {
        tracking_provider: "fedex",
        custom_tracking_provider: "",
        tracking_number: "794623158442",
        date_shipped: "1772438400",
        tracking_id: "a1b2",
      },
    ];
    const created = wooDelivery("order.created", wooOrder({ meta_data: wooTrackingMeta(items) }), {
      secret: wooSecret,
    });
    expect((await post("woocommerce", created)).statusCode).toBe(202);
    expect((await post("woocommerce", created)).json().status).toBe("duplicate");
    await settled();
    const o = await order("727");
    expect(o).toMatchObject({
      email: "john.doe@example.com",
      postcode: "94103",
      first_name: "John",
      phone: "5555555555",
    });
    expect(await shipmentsOf(o!.id)).toEqual([{ carrier: "fedex", tracking_number: "794623158442" }]);

    // The same order saved again, with a new delivery id and a second tracking item.
    const more = [
      ...items,
      {
        tracking_provider: "",
        custom_tracking_provider: "Royal Mail",
        tracking_number: "AB123456789GB",
        date_shipped: "1772438400",
        tracking_id: "c3d4",
      },
    ];
    const updated = wooDelivery(
      "order.updated",
      wooOrder({ date_modified_gmt: "2026-03-02T10:00:00", meta_data: wooTrackingMeta(more) }),
      { secret: wooSecret },
    );
    await post("woocommerce", updated);
    await post("woocommerce", {
      ...updated,
      headers: { ...updated.headers, "x-wc-webhook-delivery-id": "another" },
    });
    await settled();
    expect(await shipmentsOf(o!.id)).toEqual([
      { carrier: "fedex", tracking_number: "794623158442" },
      { carrier: "royalmail", tracking_number: "AB123456789GB" },
    ]);
    const orders = await t.db.query("SELECT id FROM orders WHERE seller_id = $1 AND order_number = '727'", [
      seller.id,
    ]);
    expect(orders).toHaveLength(1);
  });

  it("an order the seller already has under that number is updated, not duplicated", async () => {
    const api = await t.app.inject({
      method: "POST",
      url: "/v1/orders",
      headers: bearer(seller.keys.write),
      payload: { orderNumber: "2001" },
    });
    expect(api.statusCode).toBe(201);
    await post(
      "woocommerce",
      wooDelivery("order.created", wooOrder({ id: 2001, number: "2001" }), { secret: wooSecret }),
    );
    await settled();
    const rows = await t.db.query<{ id: string; email: string }>(
      "SELECT id, email FROM orders WHERE seller_id = $1 AND order_number = '2001'",
      [seller.id],
    );
    expect(rows).toEqual([{ id: api.json().id, email: "john.doe@example.com" }]);
  });

  it("a bad signature is 401; a delivery from another site is 404", async () => {
    const forged = await post(
      "woocommerce",
      wooDelivery("order.created", wooOrder({ id: 9 }), { secret: "not-the-secret" }),
    );
    expect(forged.statusCode).toBe(401);
    const other = await post(
      "woocommerce",
      wooDelivery("order.created", wooOrder({ id: 9 }), {
        secret: wooSecret,
        site: "https://evil.example.net",
      }),
    );
    expect(other.statusCode).toBe(404);
  });
});
