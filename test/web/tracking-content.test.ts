/** What the tracking page shows, how it stays fresh, ratings, related products, widget and the /v1 routes. */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUSES } from "../../src/core/status.js";
import { bearer, createTestApp, type TestApp, type TestSeller } from "../support/app.js";
import { buildTrackingWorld, type World } from "./support/tracking-world.js";

let t: TestApp;
let world: World;
let keys: TestSeller["keys"];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildTrackingWorld(t.db);
  const api = await t.seller("acme-api");
  keys = api.keys;
  // The API keys belong to a seller of their own; point them at the world's seller.
  await t.db.query("UPDATE api_keys SET seller_id = $1 WHERE seller_id = $2", [world.sellerId, api.id]);
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "GET", url, headers });
const page = async (name: string, lang = "en") =>
  (await get(`${await world.link(name)}`.replace("?", "") + `?lang=${lang}`)).body;
/** Retries until the page shows `text`: cache invalidation travels through the database's change feed. */
async function eventually(url: string, text: string): Promise<string> {
  let body = "";
  for (let i = 0; i < 50; i++) {
    body = (await get(url)).body;
    if (body.includes(text)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  return body;
}

describe("statuses", () => {
  it("every status has its plain-language title, next step and progress state", async () => {
    const titles: Record<string, string> = {
      pending: "Order confirmed",
      info_received: "Label created",
      in_transit: "On its way",
      out_for_delivery: "Out for delivery",
      available_for_pickup: "Ready for pickup",
      attempt_failed: "Delivery attempted",
      delivered: "Delivered",
      exception: "Problem with delivery",
      return_to_sender: "Returning to sender",
      returned: "Returned",
      cancelled: "Cancelled",
      expired: "Tracking expired",
    };
    for (const status of STATUSES) {
      const body = await page(status);
      expect(body, status).toContain(`<span class="status-title">${titles[status]}</span>`);
      const json = (await get((await world.link(status)).replace("/s/", "/api/s/"))).json();
      expect(json.shipments[0].status, status).toBe(status);
    }
    expect(await page("exception")).toContain("The carrier needs more address details");
    expect(await page("exception")).toContain("There is a problem with your delivery");
    expect(await page("exception")).toMatch(/class="step is-problem" aria-current="step"/);
    expect(await page("return_to_sender")).toContain('<span class="step-label">Returning</span');
    expect(await page("returned")).toContain('<span class="step-label">Returned</span');
    expect(await page("delivered")).not.toMatch(/is-upcoming/);
    expect(await page("pending")).toContain("No scans yet");
  });

  it("localizes the page in the five languages", async () => {
    const expected = {
      en: "On its way",
      es: "En camino",
      fr: "En route",
      de: "Unterwegs",
      "pt-BR": "A caminho",
    };
    for (const [lang, title] of Object.entries(expected)) {
      const body = await page("in_transit", lang);
      expect(body).toContain(`<html lang="${lang}" class="page">`);
      expect(body).toContain(title);
    }
  });
});

describe("orders with several parcels", () => {
  it("shows split shipments as numbered parcels and returns as return parcels", async () => {
    const split = await page("split");
    expect(split).toContain("Your order ships in 2 parcels.");
    expect(split).toContain("Parcel 1 of 2");
    expect(split).toContain("Parcel 2 of 2");
    expect(split).toContain("Part of your order has arrived");
    expect(split).toContain("fedex.com");
    const withReturn = await page("withReturn");
    expect(withReturn).toContain("Return parcel");
    expect(withReturn).toContain("Your return is on its way");
    expect(withReturn).not.toContain("ships in 2 parcels");
    // A cancelled label beside a parcel that goes is left out; a lone cancelled parcel is still shown.
    const withCancelled = await page("withCancelled");
    expect(withCancelled).not.toContain("ships in 2 parcels");
    expect(withCancelled).not.toContain("Parcel 1 of 2");
    expect(withCancelled).not.toContain("Cancelled");
    expect(withCancelled).toContain('<span class="status-title">On its way</span>');
    expect(await page("cancelled")).toContain('<span class="status-title">Cancelled</span>');
  });
});

describe("time zones and delivery windows", () => {
  it("shows scans in the order's zone, else the destination's, else UTC for the browser to adjust", async () => {
    expect(await page("zoned")).toContain('data-zone="Asia/Tokyo"');
    expect(await page("chicago")).toContain('data-zone="America/Chicago"');
    expect(await page("in_transit")).toContain('data-zone="Europe/Paris"');
    const unknown = await page("nowhere");
    expect(unknown).toContain('data-zone=""');
    expect(unknown).toContain("Time zone: UTC.");
  });

  it("shows the carrier's estimate and how it changed, or the promised date", async () => {
    const o = world.orders.out_for_delivery!;
    const url = `${await world.link("out_for_delivery")}?lang=en`;
    expect((await get(url)).body).toContain("The carrier has not given a delivery date yet.");
    await t.db.query("UPDATE shipments SET carrier_estimated_delivery = '2030-03-04' WHERE id = $1", [
      o.shipmentIds[0],
    ]);
    let body = await eventually(url, "Monday, March 4");
    expect(body).toContain("Estimate from UPS");
    await t.db.query(
      "UPDATE shipments SET carrier_estimated_delivery = '2030-03-06T18:00:00+01:00' WHERE id = $1",
      [o.shipmentIds[0]],
    );
    body = await eventually(url, "Wednesday, March 6");
    expect(body).toContain("Previously expected Monday, March 4");
    expect(body).toContain("This is later than the date we first gave you.");
    const promised = world.orders.info_received!;
    await t.db.query("UPDATE orders SET promised_at = '2030-05-10T12:00:00Z' WHERE id = $1", [promised.id]);
    body = await eventually(`${await world.link("info_received")}?lang=en`, "Friday, May 10");
    expect(body).toContain("Delivery date given by Acme");
  });
});

describe("freshness", () => {
  it("serves the cached page until the shipment's state changes, then the new state", async () => {
    const o = world.orders.chicago!;
    const url = `${await world.link("chicago")}?lang=en`;
    const first = await get(url, { "accept-encoding": "gzip" });
    expect(first.headers["content-encoding"]).toBe("gzip");
    const etag = String(first.headers.etag);
    expect((await get(url, { "if-none-match": etag })).statusCode).toBe(304);
    expect(gunzipSync(first.rawPayload).toString()).toContain("On its way");
    expect(t.app.trackingPages!.cache.size).toBeGreaterThan(0);
    const res = await t.app.inject({
      method: "POST",
      url: `/v1/shipments/${o.shipmentIds[0]}/events`,
      headers: bearer(keys.write),
      payload: {
        occurredAt: new Date().toISOString(),
        status: "out_for_delivery",
        description: "On the van",
      },
    });
    expect(res.statusCode).toBe(201);
    const body = await eventually(url, "On the van");
    expect(body).toContain('<span class="status-title">Out for delivery</span>');
    expect((await get(url, { "if-none-match": etag })).statusCode).toBe(200);
  });

  it("keeps page weight small", async () => {
    const body = await page("split");
    const css = await get(body.match(/href="(\/track\/_assets\/[^"]+\.css)"/)![1]!);
    const js = await get(body.match(/src="(\/track\/_assets\/[^"]+\.js)"/)![1]!);
    expect(css.headers["cache-control"]).toContain("immutable");
    expect(Buffer.byteLength(body) + css.rawPayload.length + js.rawPayload.length).toBeLessThan(50 * 1024);
  });
});
