/**
 * Analytics correctness on a dataset small enough to compute by hand. Every expected figure below is derived
 * in the comments from the rows inserted, not from running the code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyticsReport } from "../../src/analytics/queries.js";
import { rollUpDays } from "../../src/analytics/rollup.js";
import { percentile } from "../../src/analytics/histogram.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
let sellerId: string;
const period = { from: "2025-03-10", to: "2025-03-11" };

async function order(number: string, promisedAt: string | null) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO orders (seller_id, order_number, ordered_at, promised_at) VALUES ($1, $2, '2025-03-10T00:00Z', $3) RETURNING id`,
    [sellerId, number, promisedAt],
  );
  return row!.id;
}

interface ShipmentSpec {
  orderId: string;
  carrier: string;
  service: string | null;
  dest: [string, string];
  warehouse?: string;
  firstScan?: string;
  delivered?: string;
  attempts?: number;
  substatus?: string;
  created?: string;
  direction?: "outbound" | "return";
}

async function shipment(n: number, s: ShipmentSpec) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, service, direction, origin_city, origin_region,
       origin_country, destination_region, destination_country, status, substatus, first_scan_at, delivered_at,
       attempt_count, metadata, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'Louisville', 'KY', 'US', $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      sellerId,
      s.orderId,
      s.carrier,
      `TN${n}`,
      s.service,
      s.direction ?? "outbound",
      s.dest[1],
      s.dest[0],
      s.delivered ? "delivered" : "in_transit",
      s.substatus ?? null,
      s.firstScan ?? null,
      s.delivered ?? null,
      s.attempts ?? 0,
      JSON.stringify(s.warehouse ? { warehouse: s.warehouse } : {}),
      s.created ?? "2025-03-10T08:00Z",
    ],
  );
  return row!.id;
}

let seq = 0;
async function event(
  shipmentId: string,
  occurred: string,
  delayMinutes: number,
  status: string,
  substatus: string | null = null,
) {
  seq += 1;
  await db.query(
    `INSERT INTO tracking_events (seller_id, shipment_id, fingerprint, occurred_at, status, substatus, source, received_at)
     VALUES ($1, $2, $3, $4::timestamptz, $5, $6, 'webhook:ups', $4::timestamptz + $7 * interval '1 minute')`,
    [sellerId, shipmentId, `fp${seq}`, occurred, status, substatus, delayMinutes],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "hand", name: "Hand", settings: { timeZone: "UTC" } })).id;
  const o1 = await order("O1", "2025-03-14T00:00Z");
  const o2 = await order("O2", "2025-03-12T00:00Z");
  const o3 = await order("O3", null);
  const o4 = await order("O4", "2025-03-20T00:00Z");
  const ny: [string, string] = ["US", "NY"];
  // S1: scan 10:00 (order→ship 10 h), delivered next day 06:00 (transit 20 h), before O1's promise: on time.
  const s1 = await shipment(1, {
    orderId: o1,
    carrier: "ups",
    service: "Ground",
    dest: ny,
    warehouse: "LOU-1",
    firstScan: "2025-03-10T10:00Z",
    delivered: "2025-03-11T06:00Z",
  });
  // S2: scan 12:00 (12 h), delivered 03-12 18:00 (54 h), after O2's promise (03-12 00:00): late; one failed attempt.
  const s2 = await shipment(2, {
    orderId: o2,
    carrier: "ups",
    service: "Ground",
    dest: ny,
    warehouse: "LOU-1",
    firstScan: "2025-03-10T12:00Z",
    delivered: "2025-03-12T18:00Z",
    attempts: 1,
  });
  // S3: scan 20:00 (20 h), delivered 03-12 12:00 (40 h); O3 has no promise.
  const s3 = await shipment(3, {
    orderId: o3,
    carrier: "fedex",
    service: null,
    dest: ["CA", "ON"],
    warehouse: "LOU-1",
    firstScan: "2025-03-10T20:00Z",
    delivered: "2025-03-12T12:00Z",
  });
  // S4: scan 03-11 00:00 (24 h), never delivered, reported lost.
  const s4 = await shipment(4, {
    orderId: o4,
    carrier: "fedex",
    service: null,
    dest: ny,
    warehouse: "LOU-1",
    firstScan: "2025-03-11T00:00Z",
    substatus: "lost",
  });
  // S5: delivered without any carrier scan before (not covered, no transit time), before O4's promise: on time.
  const s5 = await shipment(5, {
    orderId: o4,
    carrier: "ups",
    service: null,
    dest: ny,
    delivered: "2025-03-13T00:00Z",
  });
  // Outside the figures: registered after the period, and a return parcel.
  await shipment(6, {
    orderId: o1,
    carrier: "ups",
    service: "Ground",
    dest: ny,
    created: "2025-03-12T08:00Z",
    firstScan: "2025-03-12T09:00Z",
  });
  await shipment(7, {
    orderId: o2,
    carrier: "ups",
    service: "Ground",
    dest: ny,
    direction: "return",
    firstScan: "2025-03-10T09:00Z",
  });

  // Freshness (minutes from scan to ingest): 5, 15 | 1, 30, 2 | 0, 90 | 10, 60 | 3.
  await event(s1, "2025-03-10T10:00Z", 5, "in_transit");
  await event(s1, "2025-03-11T06:00Z", 15, "delivered");
  await event(s2, "2025-03-10T12:00Z", 1, "in_transit");
  await event(s2, "2025-03-12T09:00Z", 30, "attempt_failed");
  await event(s2, "2025-03-12T18:00Z", 2, "delivered");
  await event(s3, "2025-03-10T20:00Z", 0, "in_transit");
  await event(s3, "2025-03-12T12:00Z", 90, "delivered");
  await event(s4, "2025-03-11T00:00Z", 10, "in_transit");
  await event(s4, "2025-03-13T00:00Z", 60, "exception", "lost");
  await event(s5, "2025-03-13T00:00Z", 3, "delivered");

  await db.query(
    `INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status) VALUES ($1, $2, 'stalled', 'in_transit'), ($1, $3, 'late', 'in_transit')`,
    [sellerId, s4, s2],
  );
  // Messages: S1 two sent, S2 one sent and one failed (not counted).
  await db.query(
    `INSERT INTO notifications (seller_id, shipment_id, trigger, milestone, channel, status) VALUES
     ($1, $2, 'shipped', 'a', 'email', 'sent'), ($1, $2, 'delivered', 'b', 'email', 'sent'),
     ($1, $3, 'shipped', 'c', 'email', 'sent'), ($1, $3, 'delivered', 'd', 'email', 'failed')`,
    [sellerId, s1, s2],
  );
  await db.query(
    `INSERT INTO tracking_ratings (seller_id, order_id, rating) VALUES ($1, $2, 5), ($1, $3, 3)`,
    [sellerId, o1, o4],
  );
  await db.query(
    `INSERT INTO tracking_page_views (seller_id, day, page, views) VALUES ($1, '2025-03-10', 'lookup', 7),
     ($1, '2025-03-10', 'order', 5), ($1, '2025-03-11', 'order', 4), ($1, '2025-03-12', 'order', 100)`,
    [sellerId],
  );
  await rollUpDays(db, sellerId, "2025-03-01", "2025-03-31");
});
afterAll(() => db.destroy());

describe("analytics on a hand-computed dataset", () => {
  it("computes every figure for all shipments", async () => {
    const report = await analyticsReport(db, sellerId, "all", period);
    expect(report.groups).toHaveLength(1);
    const all = report.groups[0]!;
    expect(all.shipments).toBe(5); // S1..S5 (S6 is later, S7 is a return)
    expect(all.delivered).toBe(4); // S1, S2, S3, S5
    expect(all.promised).toBe(3); // S1 (O1), S2 (O2), S5 (O4)
    expect(all.onTimeRate).toBeCloseTo(2 / 3); // S1, S5 on time; S2 late
    expect(all.transitP50Hours).toBe(40); // [20, 40, 54]: rank ceil(1.5) = 2
    expect(all.transitP90Hours).toBe(54); // rank ceil(2.7) = 3
    expect(all.orderToShipP50Hours).toBe(12); // [10, 12, 20, 24]: rank 2
    expect(all.orderToShipP90Hours).toBe(24); // rank ceil(3.6) = 4
    expect(all.failedAttemptRate).toBeCloseTo(0.2); // S2
    expect(all.lostRate).toBeCloseTo(0.2); // S4
    expect(all.coverage).toBeCloseTo(0.75); // S1, S2, S3 of 4 delivered
    expect(all.freshnessP50Minutes).toBe(5); // [0,1,2,3,5,10,15,30,60,90]: rank 5
    expect(all.freshnessP90Minutes).toBe(60); // rank 9
    expect(all.events).toBe(10);
    expect(all.exceptionRates).toEqual({
      "carrier:attempt_failed": 0.2,
      "carrier:lost": 0.2,
      "alert:stalled": 0.2,
      "alert:late": 0.2,
    });
    expect(all.messagesPerShipment).toBeCloseTo(0.6); // 3 sent ÷ 5
    expect(all.ratings).toBe(2); // O1 and O4, each counted once
    expect(all.meanRating).toBe(4); // (5 + 3) / 2
    expect(all.pageViews).toBe(16); // 7 + 5 + 4 (03-12 is outside the period)
    expect(report.daily.map((d) => [d.day, d.shipments])).toEqual([
      ["2025-03-10", 5],
      ["2025-03-11", 0],
    ]);
  });

  it("splits by carrier, service, lane and warehouse", async () => {
    const carriers = await analyticsReport(db, sellerId, "carrier", period);
    const ups = carriers.groups.find((g) => g.value === "ups")!;
    const fedex = carriers.groups.find((g) => g.value === "fedex")!;
    expect([ups.shipments, ups.delivered, ups.onTimeRate]).toEqual([3, 3, 2 / 3]);
    expect([ups.transitP50Hours, ups.transitP90Hours]).toEqual([20, 54]); // [20, 54]
    expect([fedex.shipments, fedex.delivered, fedex.onTimeRate, fedex.transitP50Hours]).toEqual([
      2,
      1,
      null,
      40,
    ]);
    expect(fedex.lostRate).toBe(0.5);

    const services = await analyticsReport(db, sellerId, "service", period);
    expect(Object.fromEntries(services.groups.map((g) => [g.value, g.shipments]))).toEqual({
      "ups · Ground": 2,
      "fedex · unspecified": 2,
      "ups · unspecified": 1,
    });
    const lanes = await analyticsReport(db, sellerId, "lane", period);
    expect(Object.fromEntries(lanes.groups.map((g) => [g.value, g.shipments]))).toEqual({
      "US-KY → US-NY": 4,
      "US-KY → CA-ON": 1,
    });
    const warehouses = await analyticsReport(db, sellerId, "warehouse", period);
    expect(Object.fromEntries(warehouses.groups.map((g) => [g.value, g.shipments]))).toEqual({
      "LOU-1": 4,
      Louisville: 1,
    });
  });

  it("rolling up again gives the same rows (idempotent), and a later period sees only its own shipments", async () => {
    await rollUpDays(db, sellerId, "2025-03-01", "2025-03-31");
    const again = await analyticsReport(db, sellerId, "all", period);
    expect(again.groups[0]!.shipments).toBe(5);
    const later = await analyticsReport(db, sellerId, "all", { from: "2025-03-12", to: "2025-03-12" });
    expect(later.groups[0]!.shipments).toBe(1); // S6
    expect(later.groups[0]!.pageViews).toBe(100);
  });

  it("uses the nearest-rank percentile", () => {
    expect(percentile({ "20": 1, "30": 1, "40": 1, "90": 1 }, 0.5)).toBe(30);
    expect(percentile({ "20": 1, "30": 1, "40": 1, "90": 1 }, 0.9)).toBe(90);
    expect(percentile({}, 0.5)).toBeNull();
  });
});
