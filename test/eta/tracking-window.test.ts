/**
 * The shopper's tracking page and the API show the ETA model's window: its dates, that it is our estimate, its
 * confidence, and how it moved; a cached page follows the window when a scan moves it and when it is
 * re-predicted without any shipment change (the NOTIFY path).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { predictShipments } from "../../src/eta/live/refresh.js";
import { ingest } from "../../src/ingest/ingest.js";
import { createTrackingLink } from "../../src/web/tracking/links.js";
import { bearer, createTestApp, type TestApp } from "../support/app.js";
import { orderWithParcel, sellerWithModel } from "./support.js";

let t: TestApp;
let sellerId: string;
let shipmentId: string;
let orderId: string;

beforeAll(async () => {
  t = await createTestApp();
  sellerId = await sellerWithModel(t.db, "eta-page");
  ({ shipmentId, orderId } = await orderWithParcel(
    t.db,
    sellerId,
    "PG-1",
    "BR000000011",
    new Date("2018-09-03T13:00:00Z"),
  ));
  await predictShipments(t.db, sellerId, [shipmentId], new Date("2018-09-03T14:00:00Z"));
}, 120_000);
afterAll(() => t.close());

async function jsonPage(): Promise<{
  shipments: {
    deliveryWindow: {
      earliest: string;
      latest: string;
      source: string;
      confidence: number | null;
      history: { latest: string }[];
    } | null;
  }[];
}> {
  const link = await createTrackingLink(t.db, {
    baseUrl: "http://localhost",
    sellerSlug: "eta-page",
    sellerId,
    scope: "order",
    targetId: orderId,
  });
  const url = new URL(link.url);
  const response = await t.app.inject({
    method: "GET",
    url: url.pathname.replace("/s/", "/api/s/") + url.search,
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function windowRow() {
  const [row] = await t.db.query<{ earliest: string; latest: string; confidence: number }>(
    "SELECT earliest::text, latest::text, confidence FROM shipment_predictions WHERE shipment_id = $1",
    [shipmentId],
  );
  return row!;
}

async function eventuallyLatest(latest: string) {
  let page = await jsonPage();
  for (let i = 0; i < 50 && page.shipments[0]!.deliveryWindow?.latest !== latest; i++) {
    await new Promise((r) => setTimeout(r, 50));
    page = await jsonPage();
  }
  return page;
}

describe("predicted windows on the tracking page and in the API", () => {
  it("the page shows the prediction with its confidence, in HTML and JSON", async () => {
    const stored = await windowRow();
    const page = await jsonPage();
    expect(page.shipments[0]!.deliveryWindow).toMatchObject({
      earliest: stored.earliest,
      latest: stored.latest,
      source: "prediction",
      confidence: stored.confidence,
      history: [],
    });
    const link = await createTrackingLink(t.db, {
      baseUrl: "http://localhost",
      sellerSlug: "eta-page",
      sellerId,
      scope: "order",
      targetId: orderId,
    });
    const url = new URL(link.url);
    const html = (await t.app.inject({ method: "GET", url: url.pathname + url.search })).body;
    expect(html).toContain("Our estimate, based on recent deliveries");
  });

  it("a re-prediction without a shipment change reaches a cached page (NOTIFY)", async () => {
    const before = await windowRow();
    await jsonPage(); // cached now
    // A week later with no scan: "not delivered before today" moves the window; the shipment row is untouched.
    await predictShipments(t.db, sellerId, [shipmentId], new Date("2018-09-20T14:00:00Z"));
    const after = await windowRow();
    expect(after.latest > before.latest).toBe(true);
    const page = await eventuallyLatest(after.latest);
    expect(page.shipments[0]!.deliveryWindow).toMatchObject({
      latest: after.latest,
      history: [{ latest: before.latest }],
    });
  });

  it("a scan that moves the window reaches a cached page, and the API shows the window", async () => {
    await ingest(
      t.db,
      sellerId,
      {
        source: "api",
        contentType: "application/json",
        body: Buffer.from(
          JSON.stringify({
            carrier: "correios",
            trackingNumber: "BR000000011",
            occurredAt: "2018-09-21T08:00:00-03:00",
            status: "out_for_delivery",
            location: { city: "Rio de Janeiro", region: "RJ", postalCode: "11222", country: "BR" },
          }),
        ),
      },
      { now: new Date("2018-09-21T12:00:00Z") },
    );
    const page = await eventuallyLatest((await windowRow()).latest);
    expect(page.shipments[0]!.deliveryWindow!.earliest).toBe("2018-09-21");

    const api = await t.seller("eta-page-api");
    await t.db.query("UPDATE api_keys SET seller_id = $1 WHERE seller_id = $2", [sellerId, api.id]);
    const response = await t.app.inject({
      method: "GET",
      url: `/v1/shipments/${shipmentId}`,
      headers: bearer(api.keys.read),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.deliveryWindow).toMatchObject({
      source: "prediction",
      earliest: "2018-09-21",
      mostLikely: "2018-09-21",
      coverage: 0.8,
      stage: "out_for_delivery",
      modelVersion: 1,
    });
    expect(body.deliveryWindow.confidence).toBeGreaterThan(0.5);
    expect(body.deliveryWindow.history).toHaveLength(3);
  });
});
