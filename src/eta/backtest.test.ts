import { beforeAll, describe, expect, it } from "vitest";
import type { BacktestResult } from "./backtest.js";
import { MetricsAccumulator, backtestEta } from "./backtest.js";
import { dayFromYmd } from "./dates.js";
import type { HistoryRow } from "./history.js";
import { syntheticHistoryRows } from "./synthetic.js";

describe("MetricsAccumulator", () => {
  it("computes the documented definitions", () => {
    const m = new MetricsAccumulator(true, true);
    // reference day 100; predictions as day numbers; actual deliveries 104 and 110
    m.add(
      { mostLikely: 105, earliest: 103, latest: 106, promise: 107, confidence: 0.5 },
      [103, 106],
      104,
      100,
    );
    m.add(
      { mostLikely: 106, earliest: 104, latest: 108, promise: 109, confidence: 0.3 },
      [104, 107],
      110,
      100,
    );
    expect(m.result()).toEqual({
      n: 2,
      mae_days: 2.5, // |105−104| = 1, |106−110| = 4
      bias_days: -1.5, // (+1 − 4) / 2
      window_hit_rate: 0.5,
      mean_window_days: 4.5, // 4 and 5 dates
      coverage_80: 0.5,
      late_rate_vs_promise: 0.5, // 110 > 109
      mean_promise_days: 8, // 7 and 9
      within_1_day_rate: 0.5,
      mean_confidence: 0.4,
    });
    expect(new MetricsAccumulator(false, false).result()).toMatchObject({
      n: 0,
      mae_days: null,
      window_hit_rate: null,
    });
  });
});

describe("backtest on a synthetic marketplace history", () => {
  let rows: HistoryRow[];
  let result: BacktestResult;
  const trainBefore = dayFromYmd(2018, 1, 1);
  const split = (all: HistoryRow[]) => ({
    train: all.filter((r) => r.ordered.day < trainBefore),
    test: all.filter((r) => r.ordered.day >= trainBefore),
  });

  beforeAll(async () => {
    rows = (await syntheticHistoryRows({ orders: 30_000, seed: 42 })).rows;
    const { train, test } = split(rows);
    result = backtestEta(train, test, { trainBefore }).result;
  }, 120_000);

  it("beats the naive global median by a wide margin at order time and at the first scan", () => {
    expect(result.at_order.n).toBeGreaterThan(10_000);
    expect(result.at_order.mae_days!).toBeLessThan(0.8 * result.at_order.baseline.mae_days!);
    expect(result.at_ship.mae_days!).toBeLessThan(0.8 * result.at_ship.baseline.mae_days!);
    expect(result.at_ship.mae_days!).toBeLessThan(result.at_order.mae_days!);
    expect(result.at_order.mean_window_days!).toBeLessThan(0.85 * result.at_order.baseline.mean_window_days!);
  });

  it("has 80% windows that cover 75–85% of later deliveries", () => {
    for (const stage of [result.at_order, result.at_ship]) {
      expect(stage.coverage_80!).toBeGreaterThanOrEqual(0.75);
      expect(stage.coverage_80!).toBeLessThanOrEqual(0.85);
      expect(stage.window_hit_rate).toBe(stage.coverage_80);
    }
  });

  it("is late less often than the marketplace's promise, without promising later", () => {
    // The synthetic marketplace promises per lane already; on real data its promise has far more slack.
    const ours = result.model_on_promised_rows.at_order;
    const theirs = result.at_order.promised;
    expect(ours.n).toBe(theirs.n);
    expect(ours.late_rate_vs_promise!).toBeLessThan(theirs.late_rate_vs_promise!);
    expect(ours.mean_promise_days!).toBeLessThanOrEqual(1.02 * theirs.mean_promise_days!);
    expect(result.model_on_promised_rows.at_ship.late_rate_vs_promise!).toBeLessThan(
      result.at_ship.promised.late_rate_vs_promise!,
    );
    expect(result.params.promiseQuantileSource).toBe("auto");
  });

  it("states a confidence that matches how often it is within a day", () => {
    const { mean_confidence, within_1_day_rate } = result.at_ship;
    expect(Math.abs(mean_confidence! - within_1_day_rate!)).toBeLessThan(0.07);
  });

  it("fails those bars when it cannot see lanes or sellers (the checks can fail)", () => {
    const blind = (r: HistoryRow): HistoryRow => ({
      ...r,
      carrier: "",
      service: "",
      seller: "",
      warehouse: "",
      origin: { postal: "", region: "", country: "BR" },
      destination: { postal: "", region: "", country: "BR" },
    });
    const { train, test } = split(rows.map(blind));
    const { result: blindResult } = backtestEta(train, test, { trainBefore });
    expect(blindResult.at_order.mae_days!).toBeGreaterThan(0.9 * blindResult.at_order.baseline.mae_days!);
  }, 120_000);

  it("reports the same figures in every layout", () => {
    expect(result.model.at_order).toEqual(result.at_order.model);
    expect(result.baseline.at_ship).toEqual(result.at_ship.baseline);
    expect(result.at_order.mae_days).toBe(result.at_order.model.mae_days);
    expect(result.goals.mae_vs_baseline).toBeCloseTo(
      result.at_order.mae_days! / result.at_order.baseline.mae_days!,
      3,
    );
  });
});
