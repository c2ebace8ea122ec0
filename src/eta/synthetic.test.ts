import { describe, expect, it } from "vitest";
import { generateSyntheticHistory, syntheticHistoryCsv, syntheticHistoryRows } from "./synthetic.js";

describe("synthetic history", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(syntheticHistoryCsv({ orders: 300, seed: 9 })).toBe(syntheticHistoryCsv({ orders: 300, seed: 9 }));
    expect(syntheticHistoryCsv({ orders: 300, seed: 9 })).not.toBe(
      syntheticHistoryCsv({ orders: 300, seed: 10 }),
    );
  });

  it("has the history columns, dirty rows and a long tail", async () => {
    const records = generateSyntheticHistory({ orders: 5000, seed: 3 });
    expect(records[0]).toContain("promised_at");
    const { rows, report } = await syntheticHistoryRows({ orders: 5000, seed: 3 });
    expect(report.skipped.not_delivered).toBeGreaterThan(20);
    expect(report.skipped.delivered_before_ordered).toBeGreaterThan(0);
    expect(report.warnings.shipped_after_delivered).toBeGreaterThan(0);
    const days = rows.map((r) => r.delivered.day - r.ordered.day).sort((a, b) => a - b);
    expect(days[Math.floor(days.length * 0.1)]).toBeLessThanOrEqual(4);
    expect(days[days.length - 1]).toBeGreaterThan(30);
    expect(new Set(rows.map((r) => r.destination.region)).size).toBeGreaterThan(20);
  });

  it("can be clean and can leave out ship and promise dates", async () => {
    const { rows, report } = await syntheticHistoryRows({
      orders: 500,
      seed: 3,
      dirty: false,
      withoutShipped: true,
      withoutPromised: true,
    });
    expect(report.skipped).toEqual({});
    expect(rows.every((r) => r.shipped === null && r.promised === null)).toBe(true);
  });
});
