import { beforeAll, describe, expect, it } from "vitest";
import { MONDAY_TO_FRIDAY, getCalendar } from "./calendar.js";
import { dayFromYmd, formatDay, parseLocalTime } from "./dates.js";
import type { ShipmentFacts } from "./features.js";
import type { EtaModel } from "./model.js";
import { EtaModelError, parseEtaModel, serializeEtaModel } from "./model.js";
import type { EtaPrediction, PredictInput } from "./predict.js";
import { predictEta } from "./predict.js";
import { syntheticHistoryRows } from "./synthetic.js";
import { trainEtaModel } from "./train.js";

let model: EtaModel;

const spToSp: ShipmentFacts = {
  carrier: "correios",
  service: "pac",
  origin: { postal: "10123", region: "SP", country: "BR" },
  destination: { postal: "10050", region: "SP", country: "BR" },
};
const spToRr: ShipmentFacts = { ...spToSp, destination: { postal: "36050", region: "RR", country: "BR" } };
const spToRj: ShipmentFacts = { ...spToSp, destination: { postal: "11150", region: "RJ", country: "BR" } };

function predict(input: PredictInput): EtaPrediction {
  const result = predictEta(model, input);
  if (!result.ok) throw new Error(result.reason);
  return result.prediction;
}
const day = (text: string) => parseLocalTime(text)!.day;

beforeAll(async () => {
  const { rows } = await syntheticHistoryRows({ orders: 15_000, seed: 5, to: "2017-12-31" });
  model = trainEtaModel(rows, { trainEnd: dayFromYmd(2018, 1, 1) });
}, 120_000);

describe("trainEtaModel", () => {
  it("produces a versioned model that survives JSON storage unchanged", () => {
    expect(model.format).toBe("shipwatch.eta.model");
    expect(model.version).toBe(1);
    expect(model.trainedThrough).toBe("2018-01-01");
    const stored = parseEtaModel(serializeEtaModel(model));
    const input: PredictInput = { facts: spToRr, orderedAt: "2018-02-05 10:00:00" };
    expect(predictEta(stored, input)).toEqual(predictEta(model, input));
  });

  it("refuses models of another format or version", () => {
    expect(() => parseEtaModel({ ...model, version: 2 })).toThrow(EtaModelError);
    expect(() => parseEtaModel('{"format":"something else"}')).toThrow(EtaModelError);
    expect(() => parseEtaModel({ ...model, transit: undefined })).toThrow(/transit/);
  });

  it("learns from the synthetic history what it was built with", () => {
    expect(model.params.transitDayCount).toBe("business");
    expect(model.weekmasks.delivery["jadlog|BR"]).toBe(MONDAY_TO_FRIDAY | 0b1000000);
    expect(model.weekmasks.delivery["correios|BR"]).toBe(MONDAY_TO_FRIDAY);
    expect(model.training.disruptedWeeks.map((w) => w.week)).toContain("2017-11-20");
    expect(model.calibration.at_order.rows).toBeGreaterThan(1000);
    expect(model.params.promiseQuantileSource).toBe("auto");
  });

  it("rejects an empty history", () => {
    expect(() => trainEtaModel([])).toThrow(RangeError);
  });
});

describe("predictEta at order time and at the first scan", () => {
  it("gives ordered dates with a stated coverage and quantile", () => {
    const p = predict({ facts: spToSp, orderedAt: "2018-03-05 10:00:00" });
    expect(p.earliest <= p.mostLikely && p.mostLikely <= p.latest).toBe(true);
    expect(p.promise >= p.mostLikely).toBe(true);
    expect(p.coverage).toBe(0.8);
    expect(p.promiseQuantile).toBe(model.params.promiseQuantile);
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(p.basis).toMatchObject({
      stage: "at_order",
      from: "2018-03-05",
      calibrated: true,
      modelVersion: 1,
    });
  });

  it("knows far lanes are slower than near ones", () => {
    const near = predict({ facts: spToSp, orderedAt: "2018-03-05 10:00:00" });
    const far = predict({ facts: spToRr, orderedAt: "2018-03-05 10:00:00" });
    expect(day(far.mostLikely) - day(near.mostLikely)).toBeGreaterThan(5);
    expect(day(far.promise)).toBeGreaterThan(day(near.promise));
  });

  it("falls back up the hierarchy for places and carriers it has never seen", () => {
    const unknown = predict({
      facts: { carrier: "new-carrier", destination: { region: "XX", country: "BR" } },
      orderedAt: "2018-03-05 10:00:00",
    });
    expect(unknown.basis.lane?.level).toBe("all");
    const unknownPostcode = predict({
      facts: { ...spToSp, destination: { ...spToSp.destination, postal: "99999" } },
      orderedAt: "2018-03-05 10:00:00",
    });
    expect(unknownPostcode.basis.lane?.level).toBe("region_pair");
  });

  it("narrows and moves the window once the parcel is scanned, counting only delivery days", () => {
    const atOrder = predict({ facts: spToRj, orderedAt: "2018-03-05 10:00:00" });
    const atShip = predict({
      facts: spToRj,
      orderedAt: "2018-03-05 10:00:00",
      shippedAt: "2018-03-12 16:00:00",
    });
    expect(atShip.basis.stage).toBe("at_ship");
    expect(day(atShip.latest) - day(atShip.earliest)).toBeLessThan(
      day(atOrder.latest) - day(atOrder.earliest),
    );
    expect(day(atShip.earliest)).toBeGreaterThanOrEqual(day("2018-03-12"));
    const calendar = getCalendar({
      country: "BR",
      region: "RJ",
      weekmask: MONDAY_TO_FRIDAY,
      holidayTypes: ["public", "bank"],
    });
    for (const date of [atShip.earliest, atShip.mostLikely, atShip.latest, atShip.promise]) {
      expect(calendar.isWorkingDay(day(date))).toBe(true);
    }
  });

  it("can be asked for another coverage and promise quantile", () => {
    const input = { facts: spToRr, orderedAt: "2018-03-05 10:00:00" };
    const wide = predictEta(model, input, { coverage: 0.95, promiseQuantile: 0.99 });
    const narrow = predictEta(model, input, { coverage: 0.5, promiseQuantile: 0.6 });
    if (!wide.ok || !narrow.ok) throw new Error("no prediction");
    expect(wide.prediction.latest > narrow.prediction.latest).toBe(true);
    expect(wide.prediction.promise > narrow.prediction.promise).toBe(true);
  });

  it("reports unusable input as data", () => {
    expect(predictEta(model, { facts: spToSp, orderedAt: "yesterday" })).toEqual({
      ok: false,
      reason: expect.any(String),
    });
    expect(predictEta(model, { facts: spToSp, orderedAt: "2018-03-05", now: "soon" }).ok).toBe(false);
  });
});

describe("predictEta after later scans", () => {
  const base = { facts: spToRr, orderedAt: "2018-03-05 10:00:00", shippedAt: "2018-03-06 12:00:00" };

  it("out for delivery means today", () => {
    const p = predict({ ...base, now: "2018-03-20 09:00:00", status: { status: "out_for_delivery" } });
    expect(p.mostLikely).toBe("2018-03-20");
    expect(p.earliest).toBe("2018-03-20");
    expect(p.basis.stage).toBe("out_for_delivery");
  });

  it("at the destination facility: the last mile from the scan", () => {
    const p = predict({
      ...base,
      now: "2018-03-20 09:00:00",
      status: {
        status: "in_transit",
        substatus: "arrived_at_facility",
        at: "2018-03-20 06:00:00",
        atDestinationFacility: true,
      },
    });
    expect(p.basis.stage).toBe("at_destination_facility");
    expect(p.mostLikely).toBe("2018-03-21");
    expect(day(p.latest) - day("2018-03-20")).toBeLessThanOrEqual(4);
  });

  it("in transit: never predicts a day already past", () => {
    const early = predict({ ...base, status: { status: "in_transit" }, now: "2018-03-07 09:00:00" });
    const late = predict({ ...base, status: { status: "in_transit" }, now: "2018-03-26 09:00:00" });
    expect(late.earliest >= "2018-03-26").toBe(true);
    expect(late.mostLikely >= early.mostLikely).toBe(true);
    expect(late.basis.conditionedOn).toBe("2018-03-26");
    const overdue = predict({ ...base, status: { status: "in_transit" }, now: "2018-09-03 09:00:00" });
    expect(overdue.basis.stage).toBe("overdue");
    expect(overdue.earliest >= "2018-09-03").toBe(true);
  });

  it("an exception pushes the window later", () => {
    const normal = predict({ ...base, status: { status: "in_transit" } });
    const held = predict({ ...base, status: { status: "exception", substatus: "held_customs" } });
    expect(day(held.mostLikely)).toBeGreaterThan(day(normal.mostLikely));
  });

  it("delivered is the delivery date; returns and cancellations have no delivery date", () => {
    const delivered = predict({ ...base, status: { status: "delivered", at: "2018-03-19 15:00:00" } });
    expect([delivered.mostLikely, delivered.earliest, delivered.latest, delivered.promise]).toEqual(
      Array(4).fill("2018-03-19"),
    );
    expect(delivered.confidence).toBe(1);
    for (const status of ["return_to_sender", "returned", "cancelled", "expired"] as const) {
      expect(predictEta(model, { ...base, status: { status } })).toEqual({
        ok: false,
        reason: expect.stringContaining(status),
      });
    }
  });

  it("dates come back as local dates", () => {
    const p = predict({ ...base });
    expect(formatDay(day(p.mostLikely))).toBe(p.mostLikely);
  });
});
