import { describe, expect, it } from "vitest";
import { CALENDAR_DAYS, MONDAY_TO_FRIDAY, getCalendar } from "./calendar.js";
import { dayFromYmd } from "./dates.js";
import { KeyTable, ShrunkTree, TreeBuilder, chainKeys } from "./distribution.js";
import type { ShipmentFacts } from "./features.js";
import { HANDLING_LEVELS, handlingParts, laneLevels, laneParts } from "./features.js";
import type { StageEngine } from "./stages.js";
import { convolveAtOrder, countsToDates, totalAtOrder, transitFrom } from "./stages.js";

const facts: ShipmentFacts = {
  carrier: "c",
  origin: { region: "SP", country: "BR" },
  destination: { region: "SP", country: "BR" },
};
const monday = dayFromYmd(2018, 11, 12);

function engine(
  handling: [number, number][],
  transit: [number, number][],
  factors?: Record<string, number>,
): StageEngine {
  const table = new KeyTable();
  const h = new TreeBuilder(HANDLING_LEVELS, table);
  const t = new TreeBuilder(laneLevels([3]), table);
  const handlingKeys = table.intern(chainKeys(handlingParts(facts)));
  const laneKeys = table.intern(chainKeys(laneParts(facts, [3])));
  for (const [days, weight] of handling) h.add(handlingKeys, days, weight);
  for (const [days, weight] of transit) t.add(laneKeys, days, weight);
  const config = {
    weekmasks: { delivery: {}, shipping: {} },
    holidayTypes: ["public" as const, "bank" as const],
  };
  const transitTree = new ShrunkTree(t.build(), 10);
  return {
    config,
    cutoffMinute: 14 * 60,
    postalPrefixLengths: [3],
    handling: { tree: new ShrunkTree(h.build(), 10), dayCount: "business" },
    transit: { tree: transitTree, dayCount: "business" },
    total: { tree: transitTree, dayCount: "business", factors },
  };
}

const dates = (start: number, p: Float64Array) =>
  Object.fromEntries(
    [...p].flatMap((v, i) => (v > 1e-9 ? [[start + i - monday, Number(v.toFixed(3))]] : [])),
  );

describe("stage distributions", () => {
  it("maps working-day counts to dates, skipping weekends and holidays", () => {
    const calendar = getCalendar({
      country: "BR",
      region: "SP",
      weekmask: MONDAY_TO_FRIDAY,
      holidayTypes: ["public"],
    });
    const d = countsToDates(Float64Array.from([0.1, 0.2, 0.3, 0.4]), monday, calendar);
    // Monday +0, Tuesday +1, Wednesday +2, then Friday +4 (Thursday Nov 15 is a holiday).
    expect(dates(d.start, d.p)).toEqual({ 0: 0.1, 1: 0.2, 2: 0.3, 4: 0.4 });
    expect(countsToDates(Float64Array.from([0.5, 0.5]), monday, CALENDAR_DAYS).p.length).toBe(2);
  });

  it("convolves handling and transit through each calendar", () => {
    // Handling: 1 working day (50%) or 2 (50%); transit: 1 working day. Ordered Monday 10:00.
    const e = engine(
      [
        [1, 1000],
        [2, 1000],
      ],
      [[1, 1000]],
    );
    const result = convolveAtOrder(e, facts, { day: monday, minute: 600 })!;
    // Ships Tuesday or Wednesday; delivered Wednesday or Friday (Thursday is a holiday).
    expect(dates(result.dist.start, result.dist.p)).toEqual({ 2: 0.5, 4: 0.5 });
    expect(result.handling?.level).toBe("warehouse");
    // After the 14:00 cut-off the order starts on Tuesday.
    const late = convolveAtOrder(e, facts, { day: monday, minute: 900 })!;
    expect(dates(late.dist.start, late.dist.p)).toEqual({ 4: 0.5, 7: 0.5 });
  });

  it("reads transit from the scan day and stretches by a warehouse factor", () => {
    const e = engine([[0, 10]], [[2, 1000]]);
    const fromScan = transitFrom(e, facts, monday)!;
    expect(dates(fromScan.dist.start, fromScan.dist.p)).toEqual({ 2: 1 }); // Tuesday, Wednesday
    const warehouse = chainKeys(handlingParts(facts)).pop()!;
    const slow = engine([[0, 10]], [[2, 1000]], { [warehouse]: Math.log(2) });
    const total = totalAtOrder(slow, facts, { day: monday, minute: 600 })!;
    // 2 working days stretched ×2 on the (days + 1) scale: about 5 working days.
    const mean = [...total.dist.p].reduce((s, v, i) => s + v * (total.dist.start + i - monday), 0);
    expect(mean).toBeGreaterThan(5);
  });
});
