/**
 * POST /hooks/{seller}/{source} on a real database and a real queue: verify → store raw → enqueue → 202, then a
 * worker folds the delivery into shipment state. Bad signatures are 401 problem+json and still stored.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";
import { bearer } from "../support/app.js";
import { easypostHeaders, scanBody, shipwatchHeaders } from "./support.js";

let t: JobsTestApp;
let seller: Awaited<ReturnType<JobsTestApp["seller"]>>;
let secret: string;

beforeAll(async () => {
  t = await createJobsTestApp();
  seller = await t.seller("acme");
  const created = await t.app.inject({
    method: "POST",
    url: "/v1/webhook-endpoints",
    headers: bearer(seller.keys.admin),
    payload: { source: "shipwatch" },
  });
  expect(created.statusCode).toBe(201);
  secret = created.json().secret;
  await t.startWorker();
});
afterAll(() => t.close());

const post = (source: string, body: string, headers: Record<string, string>, slug = "acme") =>
  t.app.inject({ method: "POST", url: `/hooks/${slug}/${source}`, payload: body, headers });

const shipmentStatus = async (trackingNumber: string) =>
  (
    await t.db.query<{ status: string }>(
      "SELECT status FROM shipments WHERE seller_id = $1 AND tracking_number = $2",
      [seller.id, trackingNumber],
    )
  )[0]?.status;

describe("webhook endpoints", () => {
  it("show the secret once, never in listings, and refuse a second endpoint for the same source", async () => {
    expect(secret).toMatch(/^whsec_/);
    const list = await t.app.inject({
      method: "GET",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.json().items).toEqual([
      expect.objectContaining({ source: "shipwatch", url: "/hooks/acme/shipwatch" }),
    ]);
    expect(list.json().sources).toEqual(
      expect.arrayContaining(["shipwatch", "easypost", "aftership", "shippo"]),
    );
    const again = await t.app.inject({
      method: "POST",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
      payload: { source: "shipwatch" },
    });
    expect(again.statusCode).toBe(409);
    const readOnly = await t.app.inject({
      method: "GET",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.read),
    });
    expect(readOnly.statusCode).toBe(403);
  });
});

describe("POST /hooks/{seller}/{source}", () => {
  it("accepts a signed delivery with 202 and folds it into shipment state through the queue", async () => {
    const body = scanBody([
      {
        trackingNumber: "1ZHOOK0001",
        occurredAt: "2026-03-01T10:00:00Z",
        status: "in_transit",
        substatus: "picked_up",
      },
    ]);
    const res = await post("shipwatch", body, shipwatchHeaders(body, secret));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: "accepted", receiptId: expect.any(Number) });
    await eventually(async () => (await shipmentStatus("1ZHOOK0001")) === "in_transit");
    const [raw] = await t.db.query<{ parse_status: string; event_count: number; source: string }>(
      "SELECT parse_status, event_count, source FROM raw_payloads WHERE seller_id = $1",
      [seller.id],
    );
    expect(raw).toEqual({ parse_status: "parsed", event_count: 1, source: "webhook:shipwatch" });
  });

  it("is idempotent: a redelivery (same bytes, or same event id) is stored once and queued once", async () => {
    const body = scanBody([
      { trackingNumber: "1ZHOOK0002", occurredAt: "2026-03-01T11:00:00Z", status: "out_for_delivery" },
    ]);
    const first = await post("shipwatch", body, shipwatchHeaders(body, secret, new Date(), "evt-2"));
    const again = await post("shipwatch", body, shipwatchHeaders(body, secret, new Date(), "evt-2"));
    const changed = body.replace("Scan", "Scanned");
    const sameId = await post("shipwatch", changed, shipwatchHeaders(changed, secret, new Date(), "evt-2"));
    expect([first.json().status, again.json().status, sameId.json().status]).toEqual([
      "accepted",
      "duplicate",
      "duplicate",
    ]);
    expect(new Set([first.json().receiptId, again.json().receiptId, sameId.json().receiptId]).size).toBe(1);
    await eventually(async () => (await shipmentStatus("1ZHOOK0002")) === "out_for_delivery");
    const [receipt] = await t.db.query<{ deliveries: number }>(
      "SELECT deliveries FROM webhook_receipts WHERE id = $1",
      [first.json().receiptId],
    );
    expect(receipt!.deliveries).toBe(3);
    const events = await t.db.query(
      "SELECT e.id FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = '1ZHOOK0002'",
    );
    expect(events).toHaveLength(1);
  });

  it("takes the body as the exact bytes sent, whatever the content type says (or without one)", async () => {
    const body = scanBody([
      { trackingNumber: "1ZHOOK0008", occurredAt: "2026-03-01T10:00:00Z", status: "in_transit" },
    ]);
    const { "content-type": _json, ...signed } = shipwatchHeaders(body, secret);
    const plain = await post("shipwatch", body, { ...signed, "content-type": "text/plain; charset=utf-8" });
    expect(plain.statusCode).toBe(202);
    const other = body.replace("1ZHOOK0008", "1ZHOOK0009");
    const bare = await t.app.inject({
      method: "POST",
      url: "/hooks/acme/shipwatch",
      body: Buffer.from(other),
      headers: { "shipwatch-signature": shipwatchHeaders(other, secret)["shipwatch-signature"] },
    });
    expect(bare.statusCode).toBe(202);
    await eventually(async () => (await shipmentStatus("1ZHOOK0009")) === "in_transit");
  });

  it("answers a bad signature with 401 problem+json and keeps the request, marked rejected", async () => {
    const body = scanBody([
      { trackingNumber: "1ZHOOK0003", occurredAt: "2026-03-01T12:00:00Z", status: "delivered" },
    ]);
    const res = await post("shipwatch", body, shipwatchHeaders(body, "whsec_not-the-secret-at-all"));
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({
      code: "SW_ERR_BAD_SIGNATURE",
      detail: "signature mismatch",
      stored: true,
    });
    const rows = await t.db.query<{ parse_status: string; parse_error: string }>(
      "SELECT parse_status, parse_error FROM raw_payloads WHERE seller_id = $1 AND convert_from(body, 'UTF8') = $2",
      [seller.id, body],
    );
    expect(rows).toEqual([{ parse_status: "rejected", parse_error: "webhook rejected: signature mismatch" }]);
    const receipts = await t.app.inject({
      method: "GET",
      url: "/v1/webhook-receipts?outcome=rejected",
      headers: bearer(seller.keys.read),
    });
    expect(receipts.json().items[0]).toMatchObject({
      outcome: "rejected",
      reason: "signature mismatch",
      parseStatus: "rejected",
    });
    expect(await shipmentStatus("1ZHOOK0003")).toBeUndefined();
  });

  it("refuses a replayed delivery whose signed timestamp is too old", async () => {
    const body = scanBody([
      { trackingNumber: "1ZHOOK0004", occurredAt: "2026-03-01T12:00:00Z", status: "delivered" },
    ]);
    const old = new Date(Date.now() - 10 * 60_000);
    const res = await post("shipwatch", body, shipwatchHeaders(body, secret, old));
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe("signature timestamp outside tolerance");
  });

  it("answers 404 for an unknown seller or source, and for a source without an endpoint (stored as rejected)", async () => {
    const body = scanBody([
      { trackingNumber: "1ZHOOK0005", occurredAt: "2026-03-01T12:00:00Z", status: "delivered" },
    ]);
    expect((await post("shipwatch", body, shipwatchHeaders(body, secret), "nobody")).statusCode).toBe(404);
    expect((await post("fedex", body, shipwatchHeaders(body, secret))).statusCode).toBe(404);
    const noEndpoint = await post("easypost", body, easypostHeaders(body, secret));
    expect(noEndpoint.statusCode).toBe(404);
    expect(noEndpoint.json().detail).toBe("no webhook endpoint is configured for easypost");
    const [row] = await t.db.query<{ parse_status: string }>(
      "SELECT parse_status FROM raw_payloads WHERE seller_id = $1 AND source = 'webhook:easypost'",
      [seller.id],
    );
    expect(row?.parse_status).toBe("rejected");
  });

  it("verifies a carrier's own scheme with the seller's secret and parses with that adapter (EasyPost)", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
      payload: { source: "easypost", secret: "my-easypost-webhook-secret" },
    });
    expect(created.json().secret).toBe("my-easypost-webhook-secret");
    const body = readFileSync("src/carriers/easypost/fixtures/event_tracker_updated.json", "utf8");
    const res = await post("easypost", body, easypostHeaders(body, "my-easypost-webhook-secret"));
    expect(res.statusCode).toBe(202);
    await eventually(
      async () => (await shipmentStatus("420902109361289689090143")) === "available_for_pickup",
    );
    const [receipt] = await t.db.query<{ dedupe_key: string }>(
      "SELECT dedupe_key FROM webhook_receipts WHERE id = $1",
      [res.json().receiptId],
    );
    expect(receipt!.dedupe_key).toBe("evt_7b2e91c0");
  });

  it("keeps the previous secret valid after a rotation, and the new one works at once", async () => {
    const list = await t.app.inject({
      method: "GET",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
    });
    const endpoint = list.json().items.find((e: { source: string }) => e.source === "shipwatch");
    const rotated = await t.app.inject({
      method: "POST",
      url: `/v1/webhook-endpoints/${endpoint.id}/rotate`,
      headers: bearer(seller.keys.admin),
    });
    expect(rotated.statusCode).toBe(201);
    const fresh = rotated.json().secret as string;
    expect(fresh).not.toBe(secret);
    expect(rotated.json().previousSecretValidUntil).toEqual(expect.any(String));
    const a = scanBody([
      { trackingNumber: "1ZHOOK0006", occurredAt: "2026-03-01T13:00:00Z", status: "in_transit" },
    ]);
    const b = scanBody([
      { trackingNumber: "1ZHOOK0007", occurredAt: "2026-03-01T13:00:00Z", status: "in_transit" },
    ]);
    expect((await post("shipwatch", a, shipwatchHeaders(a, secret))).statusCode).toBe(202);
    expect((await post("shipwatch", b, shipwatchHeaders(b, fresh))).statusCode).toBe(202);
    secret = fresh;
  });
});
