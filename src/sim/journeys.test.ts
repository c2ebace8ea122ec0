import { describe, expect, it } from "vitest";
import { intoLocalHours, pickJourneyKind, planJourney, seededRandom, type Place } from "./journeys.js";

const origin: Place = { city: "Leeds", region: "ENG", postalCode: "LS1 4AP", country: "GB", utcOffset: 0 };
const hub: Place = { city: "Memphis", region: "TN", postalCode: "38118", country: "US", utcOffset: -6 };
const destination: Place = {
  city: "Denver",
  region: "CO",
  postalCode: "80202",
  country: "US",
  utcOffset: -7,
};

/** Local hour of a carrier wall-clock such as "2026-03-04T08:15:00-07:00". */
const localHour = (wallClock: string) =>
  Number(wallClock.slice(11, 13)) + Number(wallClock.slice(14, 16)) / 60;

describe("intoLocalHours", () => {
  it("keeps an instant already inside the window and moves others forward into it", () => {
    const rand = seededRandom(1);
    const at = (iso: string) => Date.parse(iso);
    expect(intoLocalHours(at("2026-03-04T15:00:00Z"), destination, 7, 10, rand)).toBe(
      at("2026-03-04T15:00:00Z"),
    );
    const early = intoLocalHours(at("2026-03-04T10:00:00Z"), destination, 7, 10, rand); // 03:00 local
    expect(early).toBeGreaterThanOrEqual(at("2026-03-04T14:00:00Z"));
    expect(early).toBeLessThan(at("2026-03-04T17:00:00Z"));
    const late = intoLocalHours(at("2026-03-05T04:00:00Z"), destination, 7, 10, rand); // 21:00 local on the 4th
    expect(late).toBeGreaterThanOrEqual(at("2026-03-05T14:00:00Z"));
    expect(late).toBeLessThan(at("2026-03-05T17:00:00Z"));
  });
});

describe("planJourney", () => {
  it("goes out for delivery in the morning and delivers in the day, in time order", () => {
    const rand = seededRandom(42);
    let deliveries = 0;
    for (let i = 0; i < 500; i++) {
      const kind = pickJourneyKind(rand, i % 3 === 0);
      const labelAt = Date.UTC(2026, 2, 1) + rand() * 30 * 86_400_000;
      const { events } = planJourney(rand, kind, labelAt, origin, hub, destination, 1 + rand() * 6);
      const instants = events.map((e) => Date.parse(e.occurredAt));
      expect([...instants].sort((a, b) => a - b)).toEqual(instants);
      for (const e of events) {
        const hour = localHour(e.occurredAt);
        if (e.status === "out_for_delivery") expect(hour, e.occurredAt).toBeGreaterThanOrEqual(7);
        if (e.status === "out_for_delivery") expect(hour, e.occurredAt).toBeLessThan(10);
        if (e.status === "delivered" || e.status === "attempt_failed") {
          expect(hour, e.occurredAt).toBeGreaterThanOrEqual(9);
          expect(hour, e.occurredAt).toBeLessThan(20);
        }
        if (e.code === "PU") expect(hour).toBeGreaterThanOrEqual(14);
        if (e.status === "delivered") deliveries += 1;
      }
    }
    expect(deliveries).toBeGreaterThan(300);
  });
});
