/**
 * Polling end to end: shipments polled from the carrier emulator over HTTP through the real adapters, with a fake
 * clock jumping from one due poll to the next. Every journey ends in the state its scans say, polling stops where
 * it should, and a flaky carrier (429, 5xx, timeouts) costs retries with backoff but never a shipment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPollerDeps, pollDue } from "../../src/ingest/polling/poll-shipment.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import {
  earliestDue,
  finalStatus,
  pollStates,
  setupPollingWorld,
  START,
  type PollingWorld,
} from "./support.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const DAY = 86_400_000;

/**
 * Runs a worker that wakes every hour (or at the next due poll, when that is later) until `until`;
 * returns what the rounds reported.
 */
async function runUntil(
  w: PollingWorld,
  until: number,
  deps: ReturnType<typeof createPollerDeps>,
  onRound?: (now: number) => Promise<void>,
) {
  let requests = 0;
  let errors = 0;
  for (let round = 0; round < 5000; round++) {
    const due = await earliestDue(db, w.sellerId);
    if (due === null || due > until) break;
    w.clock.set(Math.max(w.clock.now() + 60 * 60_000, due));
    const report = await pollDue(db, deps);
    requests += report.requests;
    errors += report.errors;
    await onRound?.(w.clock.now());
  }
  return { requests, errors };
}

describe("pollDue against the carrier emulator", () => {
  let w: PollingWorld;
  beforeAll(async () => {
    w = await setupPollingWorld(db, {
      slug: "poller",
      count: 24,
      seed: 3,
      extraKinds: ["lost", "lost", "lost", "return", "customs_hold", "address_issue"],
    });
  });
  afterAll(() => w.emulator.close());

  it(
    "follows every journey to its end, then stops polling delivered and returned parcels",
    // ~75 s on an idle machine; a full suite on two shared cores (load average ~20) took over 120 s.
    { timeout: 240_000 },
    async () => {
      const deps = createPollerDeps({ clock: w.clock, rand: seededRandom(5), timeoutMs: 2000 });
      const { requests } = await runUntil(w, START + 16 * DAY, deps);
      const states = await pollStates(db, w.sellerId);
      expect(states).toHaveLength(30);
      for (const s of states) {
        const journey = w.byShipment.get(s.shipment_id)!;
        expect({ tn: journey.trackingNumber, status: s.status }).toEqual({
          tn: journey.trackingNumber,
          status: finalStatus(journey),
        });
        if (s.status === "delivered") expect(s.stopped_reason).toBe("delivered");
        if (s.status === "returned") expect(s.stopped_reason).toBe("returned");
        if (!s.stopped_reason) expect(s.next_poll_at).not.toBeNull();
      }
      const delivered = states.filter((s) => s.status === "delivered");
      expect(delivered.length).toBeGreaterThan(15);
      // Far below a fixed hourly poll (~100+ for these journeys), in requests; and in looks where a request takes
      // one number (FedEx and DHL Express parcels are looked at more often, in requests they share).
      expect(requests / delivered.length).toBeLessThan(40);
      const single = delivered.filter((s) =>
        ["ups", "usps"].includes(w.byShipment.get(s.shipment_id)!.carrier),
      );
      expect(single.reduce((n, s) => n + s.poll_count, 0) / single.length).toBeLessThan(40);
      // Every response was stored raw under the carrier's poll source.
      const raw = await db.query<{ source: string; n: number }>(
        "SELECT source, count(*)::int AS n FROM raw_payloads WHERE seller_id = $1 GROUP BY source ORDER BY source",
        [w.sellerId],
      );
      expect(raw.map((r) => r.source)).toEqual(["poll:dhl_express", "poll:fedex", "poll:ups", "poll:usps"]);
    },
  );

  it(
    "expires a parcel that stays quiet for 30 days and says so on its timeline",
    { timeout: 120_000 },
    async () => {
      const deps = createPollerDeps({ clock: w.clock, rand: seededRandom(6), timeoutMs: 2000 });
      await runUntil(w, START + 45 * DAY, deps);
      const states = await pollStates(db, w.sellerId);
      const quiet = states.filter((s) => finalStatus(w.byShipment.get(s.shipment_id)!) === "in_transit");
      expect(quiet.length).toBeGreaterThan(0);
      for (const s of quiet)
        expect({ status: s.status, stopped: s.stopped_reason }).toEqual({
          status: "expired",
          stopped: "expired",
        });
      expect(states.every((s) => s.stopped_reason !== null || s.next_poll_at !== null)).toBe(true);
    },
  );
});

describe("a flaky carrier: 429s, 5xx and timeouts", () => {
  let w: PollingWorld;
  beforeAll(async () => {
    w = await setupPollingWorld(db, {
      slug: "flaky",
      count: 16,
      seed: 9,
      faults: { rateLimitRate: 0.15, serverErrorRate: 0.15, timeoutRate: 0.05, retryAfterSeconds: 120 },
    });
  });
  afterAll(() => w.emulator.close());

  it(
    "backs off on every failure, never loops tightly, and loses no shipment",
    { timeout: 120_000 },
    async () => {
      const deps = createPollerDeps({ clock: w.clock, rand: seededRandom(8), timeoutMs: 100 });
      const tooSoon: string[] = [];
      const { errors } = await runUntil(w, START + 16 * DAY, deps, async (now) => {
        // After a failure the next try is at least 30 s away (half the 60 s base), 120 s after a 429.
        const rows = await db.query<{ shipment_id: string; wait_ms: number; last_error: string }>(
          `SELECT shipment_id, (EXTRACT(EPOCH FROM next_poll_at) * 1000 - $2)::float8 AS wait_ms, last_error
         FROM shipment_poll_state WHERE seller_id = $1 AND consecutive_errors > 0 AND last_polled_at = $3`,
          [w.sellerId, now, new Date(now)],
        );
        for (const r of rows) {
          const floor = /429/.test(r.last_error) ? 120_000 : 30_000;
          if (r.wait_ms < floor)
            tooSoon.push(`${r.shipment_id}: ${r.last_error} retried after ${r.wait_ms} ms`);
        }
      });
      expect(errors).toBeGreaterThan(10);
      expect(tooSoon).toEqual([]);
      const stats = w.emulator.stats;
      expect(stats.rateLimited + stats.serverErrors + stats.timeouts).toBeGreaterThan(10);
      const states = await pollStates(db, w.sellerId);
      for (const s of states) expect(s.status).toBe(finalStatus(w.byShipment.get(s.shipment_id)!));
    },
  );
});
