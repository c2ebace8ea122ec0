/**
 * FedEx push end to end over loopback: a poll round adds the seller's open FedEx shipments to the account's
 * Advanced Integrated Visibility webhook project (one association job for up to 1000 numbers, its report read
 * back; the request takes a token from the account's bucket), subscribed shipments fall back to the daily safety
 * net, numbers the job report fails keep normal polls, subscriptions are re-added before our horizon lapses, and
 * the emulator's signed pushes (fdx-signature, keyed with the project's security token = the seller's inbound
 * FedEx endpoint secret) reach shipment state through POST /hooks/{seller}/fedex exactly once.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { createPollerDeps, pollDue } from "../../src/ingest/polling/poll-shipment.js";
import { FakeClock } from "../../src/sim/clock.js";
import { SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { planLaneJourney, type SimJourney } from "../../src/sim/lane-journeys.js";
import { LANES } from "../../src/sim/lanes.js";
import { SimWorld, simTrackingNumber } from "../../src/sim/world.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";
import { bearer } from "../support/app.js";
import { START } from "./support.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BAD = "7000000000X1"; // not digits: the emulated FedEx fails it in the job report
const PROJECT = "aiv-project-1";

let t: JobsTestApp;
let emulator: CarrierEmulatorServer;
let sellerId: string;
let secret: string;
let appUrl: string;
const clock = new FakeClock(START);
const journeys: SimJourney[] = [];
const shipmentOf = new Map<string, string>(); // tracking number → shipment id
let deps: ReturnType<typeof createPollerDeps>;

interface StateRow {
  tracking_number: string;
  status: string;
  next_poll_at: Date | null;
  push_subscribed_until: Date | null;
  push_refused_at: Date | null;
  stopped_reason: string | null;
}
const states = async () =>
  new Map(
    (
      await t.db.query<StateRow>(
        `SELECT s.tracking_number, s.status, p.next_poll_at, p.push_subscribed_until, p.push_refused_at,
           p.stopped_reason
         FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id WHERE p.seller_id = $1`,
        [sellerId],
      )
    ).map((r) => [r.tracking_number, r]),
  );

beforeAll(async () => {
  t = await createJobsTestApp();
  const seller = await t.seller("pushy");
  sellerId = seller.id;
  const created = await t.app.inject({
    method: "POST",
    url: "/v1/webhook-endpoints",
    headers: bearer(seller.keys.admin),
    payload: { source: "fedex" },
  });
  expect(created.statusCode).toBe(201);
  secret = created.json().secret;
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  appUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  await t.startWorker({ pollLoop: false });

  const world = new SimWorld();
  const rand = seededRandom(11);
  const fedexLanes = LANES.filter((l) => l.carrier === "fedex");
  for (let i = 0; i < 64; i++) {
    const j = planLaneJourney(
      rand,
      fedexLanes[i % fedexLanes.length]!,
      simTrackingNumber("fedex", 500 + i),
      START - 2 * HOUR,
      "smooth",
    );
    world.add(j);
    journeys.push(j);
  }
  // The seller's FedEx portal setup: the project pushes to the inbound FedEx endpoint, signed with its secret.
  emulator = await startCarrierEmulator({
    world,
    clock,
    webhookProjects: { [PROJECT]: { url: `${appUrl}/hooks/pushy/fedex`, credential: secret } },
  });
  await upsertCarrierAccount(t.db, {
    sellerId,
    carrier: "fedex",
    credentials: { ...SIM_CREDENTIALS.fedex, webhookProjectId: PROJECT },
    baseUrl: emulator.baseUrl("fedex"),
    push: true,
    requestsPerMinute: 600,
    burst: 400,
  });
  for (const number of [...journeys.map((j) => j.trackingNumber), BAD]) {
    const row = await insertShipment(t.db.orm, sellerId, { carrier: "fedex", trackingNumber: number });
    shipmentOf.set(number, row!.id);
  }
  clock.set(START + 6 * HOUR);
  deps = createPollerDeps({ clock, publicUrl: appUrl, rand: seededRandom(5) });
});
afterAll(async () => {
  await emulator?.close();
  await t?.close();
});

describe("FedEx AIV push through the poll round", () => {
  it("adds open shipments to the account's webhook project in one job, reads its report, counted in the bucket", async () => {
    const now = clock.now();
    const report = await pollDue(t.db, deps);
    expect(report.claimed).toBe(65);
    expect(report.push).toEqual({ requests: 1, subscribed: 64, refused: 1 });
    expect(emulator.stats.subscribeRequests.fedex).toBe(1);
    expect(emulator.stats.jobRequests.fedex).toBe(1); // the job's report, read right after
    const sub = emulator.subscriptions.get(`fedex:${journeys[0]!.trackingNumber}`);
    expect(sub).toMatchObject({ url: `${appUrl}/hooks/pushy/fedex`, credential: secret });
    expect(emulator.subscriptions.has(`fedex:${BAD}`)).toBe(false);
    // Tracking and subscription requests come out of the same bucket (no refill: the clock did not move).
    const [bucket] = await t.db.query<{ tokens: number }>(
      "SELECT tokens FROM carrier_rate_buckets b JOIN carrier_accounts a ON a.id = b.account_id WHERE a.seller_id = $1",
      [sellerId],
    );
    expect(Number(bucket!.tokens)).toBeCloseTo(400 - report.requests - report.push.requests, 6);
    // Each still polled once, 30 numbers per Track API request: the subscription pushes only what happens next.
    expect(report.requests).toBe(3);

    const rows = await states();
    for (const j of journeys) {
      const row = rows.get(j.trackingNumber)!;
      expect(new Date(row.push_subscribed_until!).getTime()).toBe(now + 30 * DAY); // our re-add horizon
      // The safety net: nothing before a quiet day.
      expect(new Date(row.next_poll_at!).getTime()).toBeGreaterThanOrEqual(now + DAY);
    }
    const bad = rows.get(BAD)!;
    expect(bad.push_subscribed_until).toBeNull();
    expect(bad.push_refused_at).not.toBeNull();
    expect(new Date(bad.next_poll_at!).getTime()).toBeLessThan(now + 23 * HOUR); // waiting for pickup, as usual
  });

  it("does not ask again for refused numbers, and re-adds a subscription whose horizon ends within two days", async () => {
    const renewed = journeys[3]!.trackingNumber;
    await t.db.query(
      `UPDATE shipment_poll_state SET push_subscribed_until = $2, next_poll_at = $3 WHERE shipment_id = $1`,
      [shipmentOf.get(renewed), new Date(clock.now() + DAY), new Date(clock.now())],
    );
    await t.db.query(`UPDATE shipment_poll_state SET next_poll_at = $2 WHERE shipment_id = $1`, [
      shipmentOf.get(BAD),
      new Date(clock.now()),
    ]);
    const report = await pollDue(t.db, deps);
    expect(report.claimed).toBe(2);
    expect(report.push).toEqual({ requests: 1, subscribed: 1, refused: 0 });
    const rows = await states();
    expect(new Date(rows.get(renewed)!.push_subscribed_until!).getTime()).toBe(clock.now() + 30 * DAY);
    expect(emulator.stats.subscribeRequests.fedex).toBe(2);
  });

  it("a pushed scan moves the shipment's last change and its safety-net poll a quiet day past the push", async () => {
    clock.set(START + 30 * HOUR);
    // /hooks stamps pushes with the wall clock, not this test's fake one: the subscriptions must be live then too
    // (the webhook path reschedules only shipments whose subscription is live when their push arrives).
    await t.db.query(
      `UPDATE shipment_poll_state SET push_subscribed_until = now() + interval '14 days'
       WHERE seller_id = $1 AND push_subscribed_until IS NOT NULL`,
      [sellerId],
    );
    const before = new Map([...(await states())].map(([n, r]) => [n, r.next_poll_at]));
    const pushed = await emulator.pushDue();
    expect(pushed).toBeGreaterThan(0);
    await eventually(async () => {
      const [row] = await t.db.query<{ done: number; pending: number }>(
        `SELECT count(*) FILTER (WHERE parse_status <> 'pending')::int AS done,
           count(*) FILTER (WHERE parse_status = 'pending')::int AS pending
         FROM raw_payloads WHERE seller_id = $1 AND source = 'webhook:fedex'`,
        [sellerId],
      );
      return row!.done === pushed && row!.pending === 0;
    }, 15_000);
    // Pushes come with the receiving server's clock (the wall clock, not this test's fake one): compared with it.
    const facts = await t.db.query<{
      tracking_number: string;
      last_change_at: Date | null;
      next_poll_at: Date | null;
      last_push_at: Date | null;
    }>(
      `SELECT s.tracking_number, p.last_change_at, p.next_poll_at,
         (SELECT max(r.received_at) FROM tracking_events e JOIN raw_payloads r ON r.id = e.raw_payload_id
          WHERE e.shipment_id = s.id AND e.source = 'webhook:fedex') AS last_push_at
       FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id WHERE p.seller_id = $1`,
      [sellerId],
    );
    let moved = 0;
    for (const f of facts) {
      if (!f.last_push_at) {
        expect(new Date(f.next_poll_at!).getTime()).toBe(new Date(before.get(f.tracking_number)!).getTime());
        continue;
      }
      const lastChange = new Date(f.last_change_at!).getTime();
      // The batch's newest receipt stands for its payloads: at or just after this shipment's own push.
      expect(lastChange).toBeGreaterThanOrEqual(new Date(f.last_push_at).getTime());
      expect(lastChange - new Date(f.last_push_at).getTime()).toBeLessThan(15_000);
      const next = new Date(f.next_poll_at!).getTime();
      expect(next).toBeGreaterThanOrEqual(lastChange + DAY);
      expect(next).toBeLessThanOrEqual(lastChange + DAY + HOUR); // on the next full hour there
      moved += 1;
    }
    expect(moved).toBeGreaterThan(50);
  }, 60_000);

  it("pushed scans reach shipment state through /hooks without a poll, and delivered pushed shipments stop", async () => {
    const tracked = emulator.stats.trackRequests.fedex;
    clock.set(START + 10 * DAY);
    const pushed = await emulator.pushDue();
    expect(pushed).toBeGreaterThan(0);
    expect(emulator.stats.pushFailures).toBe(0);
    const delivered = journeys.filter((j) => j.events.at(-1)!.step === "delivered");
    expect(delivered.length).toBe(journeys.length);
    const eventCounts = async () => {
      const counts = await t.db.query<{ tracking_number: string; n: number }>(
        `SELECT s.tracking_number, count(e.id)::int AS n FROM shipments s JOIN tracking_events e ON e.shipment_id = s.id
         WHERE s.seller_id = $1 GROUP BY 1`,
        [sellerId],
      );
      return new Map(counts.map((c) => [c.tracking_number, c.n]));
    };
    // Pushes are ingested by concurrent worker batches, so a parcel's delivery scan may land before an earlier
    // scan pushed in another request: wait for every scan, not just the status.
    await eventually(async () => {
      const [rows, byNumber] = [await states(), await eventCounts()];
      return delivered.every(
        (j) =>
          rows.get(j.trackingNumber)!.status === "delivered" &&
          byNumber.get(j.trackingNumber) === j.events.length,
      );
    }, 30_000);
    expect(emulator.stats.trackRequests.fedex).toBe(tracked); // all of it came by push
    // Polls brought what was visible when subscribing, pushes the rest: every scan once, none twice.
    const byNumber = await eventCounts();
    for (const j of journeys) expect(byNumber.get(j.trackingNumber)).toBe(j.events.length);

    // A pushed delivery stops polling at once: no safety-net poll is left to make for it.
    const rows = await states();
    for (const j of delivered) {
      expect(rows.get(j.trackingNumber)!.stopped_reason).toBe("delivered");
      expect(rows.get(j.trackingNumber)!.next_poll_at).toBeNull();
    }
    const report = await pollDue(t.db, deps);
    expect(report.claimed).toBeLessThanOrEqual(1); // the refused number at most
    expect(report.push.requests).toBe(0); // delivered shipments are not subscribed again
    expect(rows.get(BAD)!.stopped_reason).toBeNull();
  }, 180_000);
});
