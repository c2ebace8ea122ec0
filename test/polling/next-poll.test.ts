/** nextPollAt and backoff, pure: what the schedule does at each stage of a journey, at the destination's hours. */
import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "../../src/ingest/polling/backoff.js";
import { PLAIN_POLL_POLICY, nextPollAt, type ShipmentFacts } from "../../src/ingest/polling/next-poll.js";
import { seededRandom } from "../../src/sim/journeys.js";

const H = 3_600_000;
const half = () => 0.5; // no jitter: the middle of the ±10% band
const NY = "America/New_York";
// 2026-03-04 is a Wednesday; New York is at UTC-5 then.
const at = (hourNY: number, day = 4) => new Date(Date.UTC(2026, 2, day) + (hourNY + 5) * H);

function facts(over: Partial<ShipmentFacts>): ShipmentFacts {
  return {
    status: "in_transit",
    createdAt: new Date(Date.UTC(2026, 2, 1)),
    lastChangeAt: new Date(Date.UTC(2026, 2, 3)),
    statusChangedAt: new Date(Date.UTC(2026, 2, 3)),
    estimatedDelivery: "2026-03-06",
    destinationZone: NY,
    ...over,
  };
}
const poll = (d: ReturnType<typeof nextPollAt>) =>
  d.kind === "poll" ? d.at.toISOString() : `stop:${d.reason}`;

describe("nextPollAt", () => {
  it("polls a parcel in transit a few times a day, but is there on the morning of its delivery day when trucks load", () => {
    expect(poll(nextPollAt(facts({}), { dwellHours: {} }, at(12), half))).toBe(at(20).toISOString());
    expect(poll(nextPollAt(facts({}), { dwellHours: {} }, at(23, 5), half))).toBe(at(7, 6).toISOString());
  });

  it("polls on the half-hour grid of the loading window and on the vehicle, never at night", () => {
    expect(poll(nextPollAt(facts({}), { dwellHours: {} }, at(8, 6), half))).toBe(
      new Date(at(8, 6).getTime() + 0.5 * H).toISOString(),
    );
    const onTruck = facts({ status: "out_for_delivery" });
    expect(poll(nextPollAt(onTruck, { dwellHours: {} }, at(13, 6), half))).toBe(
      new Date(at(13, 6).getTime() + 0.5 * H).toISOString(),
    );
    expect(poll(nextPollAt(onTruck, { dwellHours: {} }, at(22, 6), half))).toBe(at(7, 7).toISOString());
    // Before a first poll at 06:42 on the delivery day: the grid, not "now + 30 minutes".
    expect(poll(nextPollAt(facts({}), { dwellHours: {} }, at(6.7, 6), half))).toBe(at(7, 6).toISOString());
  });

  it("looks for the door scan from an hour after the out-for-delivery scan, on the grid", () => {
    const loaded = facts({ status: "out_for_delivery", statusChangedAt: at(8 + 10 / 60, 6) });
    expect(poll(nextPollAt(loaded, { dwellHours: {} }, at(8.25, 6), half))).toBe(at(9.5, 6).toISOString());
    expect(poll(nextPollAt(loaded, { dwellHours: {} }, at(9.5, 6), half))).toBe(at(10, 6).toISOString());
  });

  it("watches problems in working hours and skips the night", () => {
    const failed = facts({ status: "attempt_failed", estimatedDelivery: "2026-03-09" });
    expect(poll(nextPollAt(failed, { dwellHours: {} }, at(11, 6), half))).toBe(
      new Date(at(11, 6).getTime() + 2 * H).toISOString(),
    );
    expect(poll(nextPollAt(failed, { dwellHours: {} }, at(20, 6), half))).toBe(at(6.5, 7).toISOString());
  });

  it("gives a delivered parcel one late look after the grace period, then stops; returned and cancelled stop at once", () => {
    const delivered = facts({ status: "delivered", lastChangeAt: at(14, 6) });
    expect(poll(nextPollAt(delivered, { dwellHours: {} }, at(14.5, 6), half))).toBe(
      new Date(at(14, 6).getTime() + 24 * H).toISOString(),
    );
    expect(poll(nextPollAt(delivered, { dwellHours: {} }, at(14, 7), half))).toBe("stop:delivered");
    expect(poll(nextPollAt(facts({ status: "returned" }), { dwellHours: {} }, at(9), half))).toBe(
      "stop:returned",
    );
    expect(poll(nextPollAt(facts({ status: "cancelled" }), { dwellHours: {} }, at(9), half))).toBe(
      "stop:cancelled",
    );
  });

  it("backs off a parcel quiet for longer than its status usually lasts, and expires it after 30 quiet days", () => {
    const fiveDaysAgo = new Date(at(9).getTime() - 5 * 24 * H);
    const quiet = facts({ estimatedDelivery: null, lastChangeAt: fiveDaysAgo, statusChangedAt: fiveDaysAgo });
    const learned = { dwellHours: { in_transit: 20 } };
    const d = nextPollAt(quiet, learned, at(9), half);
    expect(d.kind === "poll" && (d.at.getTime() - at(9).getTime()) / H).toBe(24);
    const silent = facts({ lastChangeAt: new Date(at(9).getTime() - 30 * 24 * H) });
    expect(poll(nextPollAt(silent, learned, at(9), half))).toBe("stop:expired");
  });

  it("spreads sparse polls over several full hours with jitter, so they batch without all landing at once", () => {
    const rand = seededRandom(1);
    const times = new Set(
      Array.from({ length: 20 }, () => poll(nextPollAt(facts({}), { dwellHours: {} }, at(12), rand))),
    );
    expect(times.size).toBeGreaterThan(1);
    for (const t of times) expect(t).toMatch(/T\d\d:00:00\.000Z$/);
  });
});

describe("nextPollAt with what carriers add to their answers", () => {
  const none = { dwellHours: {} };
  const iso = (d: Date) => d.toISOString();

  it("on the vehicle with a carrier window: sparse looks before it, the half-hour grid inside it, the plain grid after", () => {
    const window = { start: at(12, 6), end: at(16, 6) };
    const loaded = facts({ status: "out_for_delivery", statusChangedAt: at(8, 6), deliveryWindow: window });
    expect(poll(nextPollAt(loaded, none, at(8.25, 6), half))).toBe(iso(at(10.5, 6)));
    expect(poll(nextPollAt(loaded, none, at(10.5, 6), half))).toBe(iso(at(12, 6)));
    expect(poll(nextPollAt(loaded, none, at(12, 6), half))).toBe(iso(at(12.5, 6)));
    expect(poll(nextPollAt(loaded, none, at(16.25, 6), half))).toBe(iso(at(16.5, 6)));
    // Without a window (or with the plain policy) the door scan is looked for from an hour after loading.
    const plain = facts({ status: "out_for_delivery", statusChangedAt: at(8, 6) });
    expect(poll(nextPollAt(plain, none, at(8.25, 6), half))).toBe(iso(at(9, 6)));
    expect(poll(nextPollAt(loaded, none, at(8.25, 6), half, PLAIN_POLL_POLICY))).toBe(iso(at(9, 6)));
  });

  it("ignores a 'window' of days (FedEx's documentation sample spans two weeks): no grid through the night", () => {
    const range = { start: at(8, 6), end: at(0, 20) };
    const loaded = facts({ status: "out_for_delivery", statusChangedAt: at(8, 6), deliveryWindow: range });
    expect(poll(nextPollAt(loaded, none, at(22, 6), half))).toBe(iso(at(7, 7)));
  });

  it("watches a parcel in customs on the half-hour grid, at any hour, until clearance ends", () => {
    const customs = facts({ substatus: "customs_started" });
    expect(poll(nextPollAt(customs, none, at(2.1), half))).toBe(iso(at(2.5)));
    expect(poll(nextPollAt(customs, none, at(2.1), half, PLAIN_POLL_POLICY))).toBe(iso(at(11)));
  });

  it("polls every moving parcel on a UTC half-hour grid where one request takes 30 numbers or more", () => {
    expect(poll(nextPollAt(facts({}), { dwellHours: {}, batchSize: 200 }, at(12.1), half))).toBe(
      iso(at(12.5)),
    );
    expect(poll(nextPollAt(facts({}), { dwellHours: {}, batchSize: 1 }, at(12.1), half))).toBe(iso(at(21)));
    const labelled = facts({ status: "info_received" });
    expect(poll(nextPollAt(labelled, { dwellHours: {}, batchSize: 30 }, at(9.9), half))).toBe(iso(at(10)));
    const held = facts({ status: "exception" });
    expect(poll(nextPollAt(held, { dwellHours: {}, batchSize: 30 }, at(23.2), half))).toBe(iso(at(23.5)));
  });

  it("with pushes, polls only after a quiet day, again a day later, and stops at delivery", () => {
    const pushed = facts({ pushSubscribed: true, lastChangeAt: at(9.2) });
    expect(poll(nextPollAt(pushed, none, at(9.2), half))).toBe(iso(at(10, 5)));
    expect(poll(nextPollAt(pushed, none, at(10, 5), half))).toBe(iso(at(10, 6)));
    expect(poll(nextPollAt({ ...pushed, status: "delivered" }, none, at(10), half))).toBe("stop:delivered");
  });
});

describe("backoffDelayMs", () => {
  it("doubles per consecutive error up to the cap, keeps a floor, and never shortens Retry-After", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => Math.round(backoffDelayMs(n, top) / 1000))).toEqual([60, 120, 240, 480]);
    expect(backoffDelayMs(30, top)).toBeLessThanOrEqual(6 * H);
    expect(backoffDelayMs(1, () => 0)).toBe(30_000);
    expect(backoffDelayMs(1, () => 0, 120_000)).toBe(120_000);
  });
});
