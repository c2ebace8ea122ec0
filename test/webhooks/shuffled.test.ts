/**
 * Fault: webhook deliveries with duplicates, in shuffled order, through HTTP, the queue and a worker. Every
 * payload is stored once and the final state of every shipment equals the state the same payloads give when
 * ingested one by one in order. 2,000 requests by default; the full 10,000 when CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { ingestMany } from "../../src/ingest/ingest.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { bearer } from "../support/app.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";
import { scanBody, shipwatchHeaders } from "./support.js";

const REQUESTS = process.env.CI === "true" ? 10_000 : 2_000;
const STEPS = [
  ["info_received", "MP"],
  ["in_transit", "PU"],
  ["in_transit", "AR"],
  ["out_for_delivery", "OD"],
  ["attempt_failed", "NA"],
  ["out_for_delivery", "OD"],
  ["delivered", "DL"],
] as const;

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

// 80% distinct deliveries, 20% redeliveries of them.
const distinctCount = Math.floor(REQUESTS * 0.8);
const shipmentCount = Math.ceil(distinctCount / STEPS.length);
const distinct: { body: string; eventId: string }[] = [];
for (let step = 0; step < STEPS.length; step++) {
  for (let s = 0; s < shipmentCount && distinct.length < distinctCount; s++) {
    const [status, code] = STEPS[step]!;
    const occurredAt = new Date(Date.UTC(2026, 2, 1) + s * 60_000 + step * 3_600_000).toISOString();
    const body = scanBody([
      { trackingNumber: `1ZSHUF${String(s).padStart(6, "0")}`, occurredAt, status, code },
    ]);
    distinct.push({ body, eventId: `evt-${s}-${step}` });
  }
}
const rand = random(42);
const requests = [...distinct, ...distinct.slice(0, REQUESTS - distinctCount)]
  .map((d) => ({ d, key: rand() }))
  .sort((a, b) => a.key - b.key)
  .map(({ d }) => d);

let t: JobsTestApp;
let reference: TestDatabase;
beforeAll(async () => {
  t = await createJobsTestApp();
  reference = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t.close();
  await reference.destroy();
});

const finalStates = (db: TestDatabase, sellerId: string) =>
  db.query(
    `SELECT tracking_number, status, substatus, delivered_at, out_for_delivery_at, first_scan_at, last_event_at,
       attempt_count, event_count FROM shipments WHERE seller_id = $1 ORDER BY tracking_number`,
    [sellerId],
  );

describe(`${REQUESTS} shuffled webhook requests with duplicates`, () => {
  it("store every payload once and reach the same final state as in-order ingest", async () => {
    const seller = await t.seller("shuffle");
    const endpoint = await t.app.inject({
      method: "POST",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
      payload: { source: "shipwatch" },
    });
    const secret = endpoint.json().secret as string;
    await t.startWorker({ webhookJobsPerBatch: 2 });

    const outcomes = new Map<string, number>();
    for (let i = 0; i < requests.length; i += 50) {
      const chunk = requests.slice(i, i + 50);
      const answers = await Promise.all(
        chunk.map((r) =>
          t.app.inject({
            method: "POST",
            url: "/hooks/shuffle/shipwatch",
            payload: r.body,
            headers: shipwatchHeaders(r.body, secret, new Date(), r.eventId),
          }),
        ),
      );
      for (const a of answers) {
        expect(a.statusCode).toBe(202);
        outcomes.set(a.json().status, (outcomes.get(a.json().status) ?? 0) + 1);
      }
    }
    expect(outcomes.get("accepted")).toBe(distinctCount);
    expect(outcomes.get("duplicate")).toBe(REQUESTS - distinctCount);

    await eventually(async () => {
      const [row] = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM raw_payloads WHERE seller_id = $1 AND parse_status = 'pending'",
        [seller.id],
      );
      return row!.n === 0;
    }, 120_000);
    const [stored] = await t.db.query<{ n: number; parsed: number; events: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE parse_status = 'parsed')::int AS parsed,
         sum(event_count)::int AS events FROM raw_payloads WHERE seller_id = $1`,
      [seller.id],
    );
    expect(stored).toEqual({ n: distinctCount, parsed: distinctCount, events: distinctCount });

    const inOrder = await createSeller(reference.orm, { slug: "shuffle", name: "in order" });
    // In delivery order, a hundred at a time (each call ingests its payloads in sequence, in one transaction).
    for (let i = 0; i < distinct.length; i += 100) {
      const inputs = distinct.slice(i, i + 100).map((d) => ({
        source: "webhook:shipwatch",
        contentType: "application/json",
        body: Buffer.from(d.body),
      }));
      await ingestMany(reference, inOrder.id, inputs);
    }
    const expected = await finalStates(reference, inOrder.id);
    expect(expected).toHaveLength(shipmentCount);
    expect(await finalStates(t.db, seller.id)).toEqual(expected);
  }, 300_000);
});
