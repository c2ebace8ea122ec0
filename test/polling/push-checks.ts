/**
 * What every carrier's push test checks, on a PushWorld (push-world.ts): the first round subscribes and leaves the
 * rest to the safety net, refused numbers are not asked again while lapsing subscriptions are renewed, and pushes
 * reschedule and then deliver shipments through /hooks without a poll.
 */
import { expect } from "vitest";
import { pollDue } from "../../src/ingest/polling/poll-shipment.js";
import { eventually } from "../jobs/support.js";
import { DAY, HOUR, type PushWorld } from "./push-world.js";
import { START } from "./support.js";

/**
 * After the first round at `now`: every journey subscribed until `now` + `horizonDays` and left to the safety net,
 * the refused number unsubscribed and polled as usual.
 */
export async function expectSubscribedOnSafetyNet(
  w: PushWorld,
  now: number,
  horizonDays: number,
): Promise<void> {
  const rows = await w.states();
  for (const j of w.journeys) {
    const row = rows.get(j.trackingNumber)!;
    expect(new Date(row.push_subscribed_until!).getTime()).toBe(now + horizonDays * DAY);
    // The safety net: nothing before a quiet day.
    expect(new Date(row.next_poll_at!).getTime()).toBeGreaterThanOrEqual(now + DAY);
  }
  const bad = rows.get(w.refused)!;
  expect(bad.push_subscribed_until).toBeNull();
  expect(bad.push_refused_at).not.toBeNull();
  expect(new Date(bad.next_poll_at!).getTime()).toBeLessThan(now + 23 * HOUR); // waiting for pickup, as usual
}

/**
 * A round in which the refused number is due again and `renewed` is due with its subscription lapsing within a day:
 * only `renewed` is subscribed again. A carrier that takes many numbers a request holds that one-number request
 * until the account's turn (an hour after the first round's partly filled request): the shipment is polled as
 * usual meanwhile, and renewed in the first round after the hour. Returns its new subscription end.
 */
export async function renewalRound(w: PushWorld, renewed: string): Promise<number> {
  const makeDue = async () => {
    await w.t.db.query(
      `UPDATE shipment_poll_state SET push_subscribed_until = $2, next_poll_at = $3 WHERE shipment_id = $1`,
      [w.shipmentOf.get(renewed), new Date(w.clock.now() + DAY), new Date(w.clock.now())],
    );
    await w.t.db.query(`UPDATE shipment_poll_state SET next_poll_at = $2 WHERE shipment_id = $1`, [
      w.shipmentOf.get(w.refused),
      new Date(w.clock.now()),
    ]);
  };
  await makeDue();
  if (w.carrier !== "usps") {
    const held = await pollDue(w.t.db, w.deps);
    expect(held.claimed).toBe(2);
    expect(held.push).toEqual({ requests: 0, subscribed: 0, refused: 0 });
    const lapsing = (await w.states()).get(renewed)!;
    expect(new Date(lapsing.push_subscribed_until!).getTime()).toBe(w.clock.now() + DAY);
    w.clock.set(w.clock.now() + HOUR);
    await makeDue();
  }
  const report = await pollDue(w.t.db, w.deps);
  expect(report.claimed).toBe(2);
  expect(report.push).toEqual({ requests: 1, subscribed: 1, refused: 0 });
  const rows = await w.states();
  return new Date(rows.get(renewed)!.push_subscribed_until!).getTime();
}

/**
 * At 30 hours, the emulator pushes what became visible: each pushed shipment's last change is its push's receipt
 * and its next poll a quiet day (to the next full hour) past it; the others keep their schedule. More than
 * `minMoved` shipments get a push.
 */
export async function expectPushMovesSafetyNet(w: PushWorld, minMoved: number): Promise<void> {
  const { t, clock, emulator, sellerId } = w;
  const source = `webhook:${w.carrier}`;
  clock.set(START + 30 * HOUR);
  // /hooks stamps pushes with the wall clock, not this test's fake one: the subscriptions must be live then too
  // (the webhook path reschedules only shipments whose subscription is live when their push arrives).
  await t.db.query(
    `UPDATE shipment_poll_state SET push_subscribed_until = now() + interval '14 days'
     WHERE seller_id = $1 AND push_subscribed_until IS NOT NULL`,
    [sellerId],
  );
  const before = new Map([...(await w.states())].map(([n, r]) => [n, r.next_poll_at]));
  const pushed = await emulator.pushDue();
  expect(pushed).toBeGreaterThan(0);
  await eventually(async () => {
    const [row] = await t.db.query<{ done: number; pending: number }>(
      `SELECT count(*) FILTER (WHERE parse_status <> 'pending')::int AS done,
         count(*) FILTER (WHERE parse_status = 'pending')::int AS pending
       FROM raw_payloads WHERE seller_id = $1 AND source = $2`,
      [sellerId, source],
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
        WHERE e.shipment_id = s.id AND e.source = $2) AS last_push_at
     FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id WHERE p.seller_id = $1`,
    [sellerId, source],
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
    // On the next full hour there. onTheHour allows a minute: a time in an hour's first minute keeps that hour
    // (this failed whenever the wall-clock receipt fell in the first minute of an hour).
    expect(next).toBeGreaterThanOrEqual(lastChange + DAY - 60_000);
    expect(next).toBeLessThanOrEqual(lastChange + DAY + HOUR);
    moved += 1;
  }
  expect(moved).toBeGreaterThan(minMoved);
}

/**
 * At ten days, every journey delivered: the pushes bring every scan exactly once with no tracking request, delivered
 * shipments stop polling, and a round subscribes nothing again.
 */
export async function expectPushesDeliverWithoutPolls(w: PushWorld): Promise<void> {
  const { t, clock, emulator, sellerId, journeys } = w;
  const tracked = emulator.stats.trackRequests[w.carrier];
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
    const [rows, byNumber] = [await w.states(), await eventCounts()];
    return delivered.every(
      (j) =>
        rows.get(j.trackingNumber)!.status === "delivered" &&
        byNumber.get(j.trackingNumber) === j.events.length,
    );
  }, 30_000);
  expect(emulator.stats.trackRequests[w.carrier]).toBe(tracked); // all of it came by push
  // Polls brought what was visible when subscribing, pushes the rest: every scan once, none twice.
  const byNumber = await eventCounts();
  for (const j of journeys) expect(byNumber.get(j.trackingNumber)).toBe(j.events.length);

  // A pushed delivery stops polling at once: no safety-net poll is left to make for it.
  const rows = await w.states();
  for (const j of delivered) {
    expect(rows.get(j.trackingNumber)!.stopped_reason).toBe("delivered");
    expect(rows.get(j.trackingNumber)!.next_poll_at).toBeNull();
  }
  const report = await pollDue(t.db, w.deps);
  expect(report.claimed).toBeLessThanOrEqual(1); // the refused number at most
  expect(report.push.requests).toBe(0); // delivered shipments are not subscribed again
  expect(rows.get(w.refused)!.stopped_reason).toBeNull();
}
