/**
 * Polling as a worker runs it: nobody calls pollDue — the worker's poll loop polls what is due, sleeps until the
 * next due poll and polls again when the (fake) clock reaches it; "refresh now" through the API records the request
 * on the shipment's poll state, and the job that serves it clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/db/repositories/api-keys.js";
import { createPollerDeps } from "../../src/ingest/polling/poll-shipment.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { bearer } from "../support/app.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";
import { setupPollingWorld, START, type PollingWorld } from "./support.js";

let t: JobsTestApp;
let w: PollingWorld;
beforeAll(async () => {
  t = await createJobsTestApp();
  w = await setupPollingWorld(t.db, { slug: "worker-polls", count: 8, seed: 21 });
  w.clock.set(START + 30 * 3_600_000); // every parcel labelled, most picked up
});
afterAll(async () => {
  await w.emulator.close();
  await t.close();
});

interface Row {
  shipment_id: string;
  poll_count: number;
  event_count: number;
  refresh_requested_at: Date | null;
  last_polled_at: Date | null;
  next_poll_at: Date | null;
}
const rows = () =>
  t.db.query<Row>(
    `SELECT p.shipment_id, p.poll_count, s.event_count, p.refresh_requested_at, p.last_polled_at,
       CASE WHEN isfinite(p.next_poll_at) THEN p.next_poll_at END AS next_poll_at
     FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id WHERE p.seller_id = $1
     ORDER BY p.shipment_id`,
    [w.sellerId],
  );

describe("the worker's poll loop", () => {
  it("polls every due shipment by itself, then again once the clock reaches their next polls", async () => {
    // A generous timeout: on a loaded machine a timed-out poll would be an error outcome, retried only when the
    // fake clock moves.
    const deps = createPollerDeps({ clock: w.clock, rand: seededRandom(3), timeoutMs: 20_000 });
    const worker = await t.startWorker({ pollerDeps: deps, pollLoop: { maxIdleMs: 50 } });
    try {
      await eventually(async () => (await rows()).every((r) => r.poll_count === 1));
      const first = await rows();
      expect(first).toHaveLength(8);
      // What the carrier shows at this instant is in the ledger.
      for (const r of first) {
        const journey = w.byShipment.get(r.shipment_id)!;
        expect(r.event_count).toBe(journey.events.filter((e) => e.visibleAt <= w.clock.now()).length);
        expect(r.next_poll_at!.getTime()).toBeGreaterThan(w.clock.now());
      }
      // Nothing is due before the earliest next poll: the loop only sleeps and looks again.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await rows()).map((r) => r.poll_count)).toEqual(first.map(() => 1));
      const earliest = Math.min(...first.map((r) => r.next_poll_at!.getTime()));
      w.clock.set(earliest);
      await eventually(async () => (await rows()).some((r) => r.poll_count === 2));
      const second = await rows();
      for (const [i, r] of second.entries())
        expect(r.poll_count).toBe(first[i]!.next_poll_at!.getTime() <= earliest ? 2 : 1);
    } finally {
      await worker.stop();
    }
  });
});

describe("refresh now through the API", () => {
  it("records the request on the poll state, and the job's poll serves and clears it", async () => {
    const key = (await createApiKey(t.db.orm, { sellerId: w.sellerId, name: "w", scopes: ["write"] })).secret;
    const [target] = await rows();
    const before = target!.poll_count;
    const asked = await t.app.inject({
      method: "POST",
      url: `/v1/shipments/${target!.shipment_id}/refresh`,
      headers: bearer(key),
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ queued: true, alreadyQueued: false, polled: true });
    const pending = (await rows()).find((r) => r.shipment_id === target!.shipment_id)!;
    expect(pending.refresh_requested_at).not.toBeNull();
    expect(pending.poll_count).toBe(before);

    w.clock.advance(60_000);
    // The job alone: the poll loop is off, and the shipment's own next poll is hours away.
    const worker = await t.startWorker({
      pollerDeps: createPollerDeps({ clock: w.clock, rand: seededRandom(4), timeoutMs: 20_000 }),
      pollLoop: false,
    });
    try {
      await eventually(async () => {
        const r = (await rows()).find((x) => x.shipment_id === target!.shipment_id)!;
        return r.refresh_requested_at === null;
      });
      const served = (await rows()).find((r) => r.shipment_id === target!.shipment_id)!;
      expect(served.poll_count).toBe(before + 1);
      expect(new Date(served.last_polled_at!).getTime()).toBe(w.clock.now());
    } finally {
      await worker.stop();
    }
  });
});
