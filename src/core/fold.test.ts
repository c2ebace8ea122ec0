import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyEvent,
  canFoldIncrementally,
  canonicalTimeline,
  foldShipmentState,
  INITIAL_STATE,
  type FoldableEvent,
  type ShipmentState,
} from "./fold.js";
import { STATUSES, type Status } from "./status.js";

const base = Date.parse("2026-03-01T00:00:00Z");
let seq = 0;
function ev(status: Status | null, minutes: number, substatus: string | null = null): FoldableEvent {
  seq += 1;
  return { fingerprint: `fp${seq}`, occurredAt: new Date(base + minutes * 60_000), status, substatus };
}

// Few distinct instants so that ties (same minute, different events) are common.
const eventArb = fc.record({
  fingerprint: fc.integer({ min: 0, max: 65535 }).map((n) => n.toString(16).padStart(4, "0")),
  occurredAt: fc.integer({ min: 0, max: 20 }).map((m) => new Date(base + m * 3_600_000)),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: null, freq: 6 }),
  substatus: fc.option(fc.constantFrom("picked_up", "signed", "damaged"), { nil: null }),
});
// One fingerprint means one event: generate sets keyed by fingerprint.
const eventSetArb = fc
  .uniqueArray(eventArb, { selector: (e) => e.fingerprint, maxLength: 25 })
  .map((events) => events as FoldableEvent[]);

describe("foldShipmentState — properties", () => {
  it("gives the same state for any permutation and any duplication of the events", () => {
    fc.assert(
      fc.property(
        eventSetArb,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer(),
        (events, dupIdx, seed) => {
          const duplicated = [
            ...events,
            ...dupIdx.filter(() => events.length > 0).map((i) => events[i % events.length]!),
          ];
          const shuffled = fc.sample(fc.shuffledSubarray(duplicated, { minLength: duplicated.length }), {
            seed,
            numRuns: 1,
          })[0]!;
          expect(foldShipmentState(shuffled)).toEqual(foldShipmentState(events));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("folding arrivals batch by batch (incremental where possible) equals folding the whole set", () => {
    fc.assert(
      fc.property(
        eventSetArb,
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 10 }),
        (events, cuts) => {
          let state: ShipmentState = { ...INITIAL_STATE };
          const seen: FoldableEvent[] = [];
          let offset = 0;
          for (const size of [...cuts, events.length]) {
            const batch = events.slice(offset, offset + size);
            offset += size;
            if (batch.length === 0) continue;
            seen.push(...batch);
            state = canFoldIncrementally(state, batch)
              ? canonicalTimeline(batch).reduce(applyEvent, state)
              : foldShipmentState(seen);
          }
          expect(state).toEqual(foldShipmentState(events));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("re-folding an already folded set changes nothing", () => {
    fc.assert(
      fc.property(eventSetArb, (events) => {
        const once = foldShipmentState(events);
        expect(foldShipmentState([...events, ...events])).toEqual(once);
      }),
    );
  });
});

describe("foldShipmentState — precedence", () => {
  it("orders by carrier time, not arrival", () => {
    const delivered = ev("delivered", 300, "signed");
    const transit = ev("in_transit", 100, "picked_up");
    const state = foldShipmentState([delivered, transit]);
    expect(state.status).toBe("delivered");
    expect(state.substatus).toBe("signed");
    expect(state.firstScanAt).toEqual(transit.occurredAt);
    expect(state.deliveredAt).toEqual(delivered.occurredAt);
  });

  it("a late transit scan does not move a delivered parcel back", () => {
    const state = foldShipmentState([
      ev("delivered", 100),
      ev("in_transit", 200),
      ev("out_for_delivery", 250),
    ]);
    expect(state.status).toBe("delivered");
  });

  it("a return after delivery is followed, and transit scans after it are the way back", () => {
    const state = foldShipmentState([
      ev("delivered", 100),
      ev("return_to_sender", 200),
      ev("in_transit", 300),
      ev("exception", 350, "damaged"),
      ev("in_transit", 400),
    ]);
    expect(state.status).toBe("return_to_sender");
    expect(state.returning).toBe(true);
    const back = foldShipmentState([ev("return_to_sender", 100), ev("delivered", 200)]);
    expect(back.status).toBe("returned");
  });

  it("label data never undoes a carrier scan; unmapped codes keep the status", () => {
    const state = foldShipmentState([ev("in_transit", 100), ev("info_received", 200), ev(null, 300)]);
    expect(state.status).toBe("in_transit");
    expect(state.eventCount).toBe(3);
    expect(state.lastEventAt).toEqual(new Date(base + 300 * 60_000));
  });

  it("label creation is not shipping; the first carrier scan is", () => {
    const label = foldShipmentState([ev("info_received", 10)]);
    expect(label.firstScanAt).toBeNull();
    const pickedUp = foldShipmentState([ev("info_received", 10), ev("in_transit", 20, "picked_up")]);
    expect(pickedUp.firstScanAt).toEqual(new Date(base + 20 * 60_000));
  });

  it("counts failed attempts and keeps the first delivery time", () => {
    const state = foldShipmentState([
      ev("out_for_delivery", 10),
      ev("attempt_failed", 20, "recipient_unavailable"),
      ev("out_for_delivery", 1440),
      ev("attempt_failed", 1450),
      ev("available_for_pickup", 1500),
      ev("delivered", 2000, "picked_up_by_customer"),
      ev("delivered", 2100, "signed"),
    ]);
    expect(state.attemptCount).toBe(2);
    expect(state.deliveredAt).toEqual(new Date(base + 2000 * 60_000));
    expect(state.substatus).toBe("signed");
  });

  it("at the same instant, the later journey step wins", () => {
    const state = foldShipmentState([ev("delivered", 100), ev("out_for_delivery", 100)]);
    expect(state.status).toBe("delivered");
  });
});
