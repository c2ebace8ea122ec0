/**
 * Notification decisions made in the ingest transaction: one message per milestone, label creation and
 * intermediate scans silent, replays no-ops, bursts collapsed, the cap and quiet hours respected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParseOutput } from "../../src/core/events.js";
import { ingest } from "../../src/ingest/ingest.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { addParcel, makeParcel, makeSeller, notificationsOf, scan, type Parcel } from "./world.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

async function sellerWithPolicy(slug: string, policy: Record<string, unknown>) {
  const id = await makeSeller(db, slug);
  await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
    id,
    // The journeys below are dated in the past: milestones of any age are news here.
    JSON.stringify({ staleAfterHours: 0, ...policy }),
  ]);
  return id;
}

const journey = {
  label: { at: "2026-03-02T08:00:00Z", status: "info_received" },
  pickup: { at: "2026-03-02T18:00:00Z", status: "in_transit", substatus: "picked_up", city: "Louisville" },
  hub: {
    at: "2026-03-03T02:00:00Z",
    status: "in_transit",
    substatus: "arrived_at_facility",
    city: "Memphis",
  },
  hub2: { at: "2026-03-03T09:00:00Z", status: "in_transit", substatus: "departed_facility", city: "Memphis" },
  ofd: { at: "2026-03-04T07:30:00Z", status: "out_for_delivery", city: "Austin" },
  delivered: { at: "2026-03-04T15:10:00Z", status: "delivered", substatus: "left_at_door", city: "Austin" },
} as const;

const summary = async (p: Parcel) =>
  (await notificationsOf(db, p.shipmentId)).map((n) => `${n.trigger}/${n.channel}/${n.status}`);

describe("deciding notifications in the ingest transaction", () => {
  it("an uneventful journey decides shipped, out for delivery and delivered, and nothing for other scans", async () => {
    const seller = await sellerWithPolicy("calm", { burstWindowSeconds: 0, quietHours: null });
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [journey.label]);
    expect(await summary(parcel)).toEqual([]); // label creation is not "shipped"
    await scan(db, seller, parcel, [journey.pickup]);
    await scan(db, seller, parcel, [journey.hub]);
    await scan(db, seller, parcel, [journey.hub2]);
    await scan(db, seller, parcel, [journey.ofd]);
    await scan(db, seller, parcel, [journey.delivered]);
    expect(await summary(parcel)).toEqual([
      "shipped/email/queued",
      "out_for_delivery/sms/queued",
      "delivered/email/queued",
    ]);
  });

  it("milestones older than the stale limit are recorded, never sent (an import of old shipments)", async () => {
    const seller = await sellerWithPolicy("import", {
      burstWindowSeconds: 0,
      quietHours: null,
      staleAfterHours: 72,
    });
    const old = await makeParcel(db, seller);
    await scan(db, seller, old, [journey.label, journey.pickup, journey.hub, journey.ofd, journey.delivered]);
    expect(await summary(old)).toEqual(["shipped/email/suppressed", "delivered/email/suppressed"]);
    const recent = await makeParcel(db, seller);
    await scan(db, seller, recent, [
      { at: new Date(Date.now() - 3_600_000).toISOString(), status: "in_transit" },
    ]);
    expect(await summary(recent)).toEqual(["shipped/email/queued"]);
  });

  it("replaying every event decides nothing new", async () => {
    const seller = await sellerWithPolicy("replay", { burstWindowSeconds: 0, quietHours: null });
    const parcel = await makeParcel(db, seller);
    const all = Object.values(journey);
    for (const step of all) await scan(db, seller, parcel, [step]);
    const before = await notificationsOf(db, parcel.shipmentId);
    await scan(db, seller, parcel, all); // the whole history again, in one batch
    await scan(db, seller, parcel, [...all].reverse());
    expect(await notificationsOf(db, parcel.shipmentId)).toEqual(before);
  });

  it("a burst of scans arriving together collapses into the latest milestone", async () => {
    const seller = await sellerWithPolicy("burst", { quietHours: null });
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [
      journey.label,
      journey.pickup,
      journey.hub,
      journey.ofd,
      journey.delivered,
    ]);
    const rows = await notificationsOf(db, parcel.shipmentId);
    expect(rows.map((r) => `${r.trigger}/${r.status}`)).toEqual(["shipped/collapsed", "delivered/queued"]);
    expect(rows[0]!.collapsed_into).toBe(rows[1]!.id);
  });

  it("messages decided within the burst window replace the one still waiting", async () => {
    const seller = await sellerWithPolicy("window", { quietHours: null, burstWindowSeconds: 600 });
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [journey.pickup]);
    await scan(db, seller, parcel, [journey.ofd]);
    const rows = await notificationsOf(db, parcel.shipmentId);
    expect(rows.map((r) => `${r.trigger}/${r.status}`)).toEqual([
      "shipped/collapsed",
      "out_for_delivery/queued",
    ]);
  });

  it("a parcel's milestone waits the burst window for the order's other parcels, which join its message", async () => {
    const seller = await sellerWithPolicy("boxes", { burstWindowSeconds: 120, quietHours: null });
    const first = await makeParcel(db, seller, { phone: null });
    const second = await addParcel(db, seller, first);
    const before = Date.now();
    await scan(db, seller, first, [journey.pickup]);
    const [held] = await notificationsOf(db, first.shipmentId);
    expect(held).toMatchObject({ trigger: "shipped", channel: "email", status: "queued" });
    // The other parcel has not been picked up yet: its scan may be right behind.
    expect(new Date(held!.send_after).getTime()).toBeGreaterThanOrEqual(before + 120_000);

    await scan(db, seller, second, [{ ...journey.pickup, at: "2026-03-02T18:04:00Z" }]);
    const [joined] = await notificationsOf(db, second.shipmentId);
    expect(joined).toMatchObject({ trigger: "shipped", status: "collapsed", reason: "order" });
    expect(joined!.collapsed_into).toBe(held!.id);
    expect((await notificationsOf(db, first.shipmentId))[0]!.status).toBe("queued");

    // The next milestone the other way round: the parcel out for delivery first waits, the other joins it.
    await scan(db, seller, second, [journey.ofd]);
    await scan(db, seller, first, [{ ...journey.ofd, at: "2026-03-04T07:45:00Z" }]);
    const ofd = (await notificationsOf(db, first.shipmentId)).find((n) => n.trigger === "out_for_delivery");
    expect(ofd).toMatchObject({ status: "collapsed", reason: "order" });

    // One parcel delivered and its message sent: the other's, with no parcel left to wait for, goes at once.
    await scan(db, seller, first, [journey.delivered]);
    await db.query(
      "UPDATE notifications SET status = 'sent', sent_at = now() - interval '1 hour' WHERE seller_id = $1 AND status = 'queued'",
      [seller],
    );
    const sinceSecond = Date.now();
    await scan(db, seller, second, [{ ...journey.delivered, at: "2026-03-04T16:00:00Z" }]);
    const last = (await notificationsOf(db, second.shipmentId)).find((n) => n.trigger === "delivered");
    expect(last).toMatchObject({ status: "queued", collapsed_into: null });
    expect(new Date(last!.send_after).getTime()).toBeLessThan(sinceSecond + 60_000);
    // A single parcel never waits.
    const alone = await makeParcel(db, seller, { phone: null });
    const start = Date.now();
    await scan(db, seller, alone, [journey.pickup]);
    const [single] = await notificationsOf(db, alone.shipmentId);
    expect(new Date(single!.send_after).getTime()).toBeLessThan(start + 60_000);
  });

  it("does not hold a parcel's message for another parcel of the order that was cancelled or is going back", async () => {
    const seller = await sellerWithPolicy("gone-boxes", { burstWindowSeconds: 120, quietHours: null });
    for (const status of ["cancelled", "return_to_sender"]) {
      const first = await makeParcel(db, seller, { phone: null });
      const other = await addParcel(db, seller, first);
      await db.query("UPDATE shipments SET status = $2 WHERE id = $1", [other.shipmentId, status]);
      const start = Date.now();
      await scan(db, seller, first, [journey.pickup]);
      const [shipped] = await notificationsOf(db, first.shipmentId);
      expect(shipped, status).toMatchObject({ trigger: "shipped", status: "queued" });
      expect(new Date(shipped!.send_after).getTime(), status).toBeLessThan(start + 60_000);
    }
  });

  it("an exception where the shopper must act goes by e-mail and SMS; without a phone by e-mail only", async () => {
    const seller = await sellerWithPolicy("act", { burstWindowSeconds: 0, quietHours: null });
    const parcel = await makeParcel(db, seller);
    const noPhone = await makeParcel(db, seller, { phone: null });
    for (const p of [parcel, noPhone]) {
      await scan(db, seller, p, [journey.pickup]);
      await scan(db, seller, p, [
        { at: "2026-03-03T12:00:00Z", status: "exception", substatus: "address_issue" },
      ]);
    }
    expect(await summary(parcel)).toEqual([
      "shipped/email/queued",
      "exception/email/queued",
      "exception/sms/queued",
    ]);
    expect(await summary(noPhone)).toEqual(["shipped/email/queued", "exception/email/queued"]);
    // Without a phone, the out-for-delivery message (SMS by default) comes by e-mail instead.
    await scan(db, seller, noPhone, [journey.ofd]);
    expect((await summary(noPhone)).at(-1)).toBe("out_for_delivery/email/queued");
  });

  it("the per-shipment cap suppresses messages beyond it", async () => {
    const seller = await sellerWithPolicy("cap", {
      burstWindowSeconds: 0,
      quietHours: null,
      maxPerShipment: 2,
    });
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [journey.pickup]);
    await db.query("UPDATE notifications SET status = 'sent', sent_at = now() WHERE shipment_id = $1", [
      parcel.shipmentId,
    ]);
    await scan(db, seller, parcel, [journey.ofd]);
    await db.query("UPDATE notifications SET status = 'sent', sent_at = now() WHERE shipment_id = $1", [
      parcel.shipmentId,
    ]);
    await scan(db, seller, parcel, [journey.delivered]);
    const rows = await notificationsOf(db, parcel.shipmentId);
    expect(rows.at(-1)).toMatchObject({ trigger: "delivered", status: "suppressed", reason: "cap" });
  });

  it("an SMS decided during the shopper's quiet hours waits for their end in the shopper's zone", async () => {
    const now = new Date();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quietHours = {
      start: hhmm(new Date(now.getTime() - 3_600_000)),
      end: hhmm(new Date(now.getTime() + 7_200_000)),
    };
    const seller = await sellerWithPolicy("quiet", { burstWindowSeconds: 0, quietHours });
    const parcel = await makeParcel(db, seller, { timeZone: "UTC" });
    await scan(db, seller, parcel, [journey.pickup]);
    await scan(db, seller, parcel, [journey.ofd]);
    const [shipped, ofd] = await notificationsOf(db, parcel.shipmentId);
    expect(shipped!.send_after.getTime()).toBeLessThanOrEqual(Date.now()); // e-mail is never held
    expect(hhmm(new Date(ofd!.send_after))).toBe(quietHours.end);
    expect(new Date(ofd!.send_after).getTime()).toBeGreaterThan(now.getTime());
  });

  it("the carrier's estimate moving a day later decides one delay message per new date", async () => {
    const seller = await sellerWithPolicy("delay", { burstWindowSeconds: 0, quietHours: null });
    const parcel = await makeParcel(db, seller);
    const withEstimate = (estimate: string, at: string): ParseOutput => ({
      results: [
        {
          trackingNumber: parcel.trackingNumber,
          carrier: "ups",
          status: "in_transit",
          substatus: null,
          delivered: false,
          estimatedDelivery: estimate,
          signedBy: null,
          service: null,
          events: [
            {
              occurredAt: at,
              localTime: null,
              utcOffset: "+00:00",
              zoneGuessed: false,
              code: "X",
              description: `scan ${at}`,
              location: null,
              status: "in_transit",
              substatus: null,
            },
          ],
        },
      ],
      errors: [],
    });
    const feed = (estimate: string, at: string) =>
      ingest(
        db,
        seller,
        { source: "poll:test", contentType: "application/json", body: Buffer.from(`${estimate}${at}`) },
        { normalize: () => withEstimate(estimate, at) },
      );
    await feed("2026-03-05", "2026-03-02T18:00:00Z");
    await feed("2026-03-05", "2026-03-03T02:00:00Z");
    await feed("2026-03-06T00:00:00Z", "2026-03-03T09:00:00Z");
    await feed("2026-03-06", "2026-03-03T12:00:00Z");
    expect(await summary(parcel)).toEqual(["shipped/email/queued", "delay/email/queued"]);
    const [, delay] = await notificationsOf(db, parcel.shipmentId);
    expect(delay!.milestone).toBe("delay:2026-03-06");
  });
});
