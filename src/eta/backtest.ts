/**
 * Backtest: train on orders placed before the split, score orders placed in the test range, and score a naive
 * global-median baseline and the marketplace's own promised date on the same rows in the same run.
 * Metric definitions are in README.md (all in calendar days on delivery dates).
 */
import type { LocalTime } from "./dates.js";
import { formatDay } from "./dates.js";
import type { HistoryReport, HistoryRow } from "./history.js";
import { emptyHistoryReport, readHistory } from "./history.js";
import type { EtaModel } from "./model.js";
import type { DayPrediction } from "./predict.js";
import { distributionAtOrder, distributionAtShip, summarize } from "./predict.js";
import type { TrainOptions } from "./train.js";
import { trainEtaModel } from "./train.js";

export interface StageMetrics {
  n: number;
  mae_days: number | null;
  bias_days: number | null;
  window_hit_rate: number | null;
  mean_window_days: number | null;
  coverage_80: number | null;
  late_rate_vs_promise: number | null;
  mean_promise_days: number | null;
  /** Share with |mostLikely − delivery| ≤ 1 day. */
  within_1_day_rate: number | null;
  mean_confidence: number | null;
}

export interface BacktestSplit {
  /** Train on orders placed before this day. */
  trainBefore: number;
  /** Score orders placed on these days, both inclusive. */
  testFrom: number;
  testTo: number;
}

type Stage = "at_order" | "at_ship";
type Source = "model" | "baseline" | "promised";

/** Accumulates the metrics of one predictor at one stage (definitions in README.md). */
export class MetricsAccumulator {
  private n = 0;
  private absError = 0;
  private error = 0;
  private hits = 0;
  private width = 0;
  private hits80 = 0;
  private late = 0;
  private promiseDays = 0;
  private near = 0;
  private confidence = 0;

  constructor(
    private readonly windowed: boolean,
    private readonly hasConfidence: boolean,
  ) {}

  add(p: DayPrediction, window80: [number, number], actual: number, reference: number): void {
    this.n++;
    this.absError += Math.abs(p.mostLikely - actual);
    this.error += p.mostLikely - actual;
    if (p.earliest <= actual && actual <= p.latest) this.hits++;
    this.width += p.latest - p.earliest + 1;
    if (window80[0] <= actual && actual <= window80[1]) this.hits80++;
    if (actual > p.promise) this.late++;
    this.promiseDays += p.promise - reference;
    if (Math.abs(p.mostLikely - actual) <= 1) this.near++;
    this.confidence += p.confidence;
  }

  result(): StageMetrics {
    const r = (v: number) => (this.n === 0 ? null : Number((v / this.n).toFixed(4)));
    const w = (v: number) => (this.windowed ? r(v) : null);
    return {
      n: this.n,
      mae_days: r(this.absError),
      bias_days: r(this.error),
      window_hit_rate: w(this.hits),
      mean_window_days: w(this.width),
      coverage_80: w(this.hits80),
      late_rate_vs_promise: r(this.late),
      mean_promise_days: r(this.promiseDays),
      within_1_day_rate: r(this.near),
      mean_confidence: this.hasConfidence ? r(this.confidence) : null,
    };
  }
}

/** Global empirical quantile (the smallest value with at least a share p at or below it). */
function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

/** The naive baseline: one global distribution of calendar days, whatever the lane. */
function baselineOf(offsets: number[], coverage: number, promiseQuantile: number) {
  const sorted = [...offsets].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    earliest: quantile(sorted, (1 - coverage) / 2),
    latest: quantile(sorted, (1 + coverage) / 2),
    earliest80: quantile(sorted, 0.1),
    latest80: quantile(sorted, 0.9),
    promise: quantile(sorted, promiseQuantile),
  };
}

export interface BacktestResult {
  at_order: StageMetrics & Record<Source, StageMetrics>;
  at_ship: StageMetrics & Record<Source, StageMetrics>;
  model: Record<Stage, StageMetrics>;
  baseline: Record<Stage, StageMetrics>;
  promised: Record<Stage, StageMetrics>;
  /** The model's late rate and mean promise on exactly the rows that have a promised_at. */
  model_on_promised_rows: Record<Stage, StageMetrics>;
  goals: {
    mae_vs_baseline: number | null;
    late_rate_vs_promised: number | null;
    promise_days_vs_promised: number | null;
    coverage_80: number | null;
  };
  params: EtaModel["params"];
  training: EtaModel["training"];
  train_rows: number;
  test_rows: number;
}

/** Trains on `train` and scores `test` (both already split). */
export function backtestEta(
  train: readonly HistoryRow[],
  test: readonly HistoryRow[],
  options: TrainOptions & { trainBefore?: number } = {},
): { result: BacktestResult; model: EtaModel } {
  const model = trainEtaModel(train, { trainEnd: options.trainBefore, ...options });
  const { coverage, promiseQuantile } = model.params;
  const baseline = {
    at_order: baselineOf(
      train.map((r) => r.delivered.day - r.ordered.day),
      coverage,
      promiseQuantile,
    ),
    at_ship: baselineOf(
      train.filter((r) => r.shipped).map((r) => r.delivered.day - r.shipped!.day),
      coverage,
      promiseQuantile,
    ),
  };
  const scorers = (windowed: boolean, confidence: boolean) => ({
    at_order: new MetricsAccumulator(windowed, confidence),
    at_ship: new MetricsAccumulator(windowed, confidence),
  });
  const s = {
    model: scorers(true, true),
    baseline: scorers(true, false),
    promised: scorers(false, false),
    sameRows: scorers(true, true),
  };

  for (const row of test) {
    const actual = row.delivered.day;
    const stages: [Stage, LocalTime][] = [["at_order", row.ordered]];
    if (row.shipped) stages.push(["at_ship", row.shipped]);
    for (const [stage, reference] of stages) {
      const result =
        stage === "at_order"
          ? distributionAtOrder(model, row, row.ordered)
          : distributionAtShip(model, row, row.ordered, reference.day);
      if (!result) continue;
      const calibration = model.calibration[stage];
      const p = summarize(result.dist, calibration, coverage, promiseQuantile);
      const p80 = coverage === 0.8 ? p : summarize(result.dist, calibration, 0.8, promiseQuantile);
      s.model[stage].add(p, [p80.earliest, p80.latest], actual, reference.day);

      const b = baseline[stage];
      const at = (offset: number) => reference.day + offset;
      s.baseline[stage].add(
        {
          mostLikely: at(b.median),
          earliest: at(b.earliest),
          latest: at(b.latest),
          promise: at(b.promise),
          confidence: 0,
        },
        [at(b.earliest80), at(b.latest80)],
        actual,
        reference.day,
      );
      if (row.promised) {
        const day = row.promised.day;
        const promised = { mostLikely: day, earliest: day, latest: day, promise: day, confidence: 0 };
        s.promised[stage].add(promised, [day, day], actual, reference.day);
        s.sameRows[stage].add(p, [p80.earliest, p80.latest], actual, reference.day);
      }
    }
  }

  const stage = (name: Stage) => {
    const model = s.model[name].result();
    return { ...model, model, baseline: s.baseline[name].result(), promised: s.promised[name].result() };
  };
  const at_order = stage("at_order");
  const at_ship = stage("at_ship");
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? null : Number((a / b).toFixed(4));
  const sameRows = { at_order: s.sameRows.at_order.result(), at_ship: s.sameRows.at_ship.result() };
  return {
    model,
    result: {
      at_order,
      at_ship,
      model: { at_order: at_order.model, at_ship: at_ship.model },
      baseline: { at_order: at_order.baseline, at_ship: at_ship.baseline },
      promised: { at_order: at_order.promised, at_ship: at_ship.promised },
      model_on_promised_rows: sameRows,
      goals: {
        mae_vs_baseline: ratio(at_order.mae_days, at_order.baseline.mae_days),
        late_rate_vs_promised: ratio(
          sameRows.at_order.late_rate_vs_promise,
          at_order.promised.late_rate_vs_promise,
        ),
        promise_days_vs_promised: ratio(
          sameRows.at_order.mean_promise_days,
          at_order.promised.mean_promise_days,
        ),
        coverage_80: at_order.coverage_80,
      },
      params: model.params,
      training: model.training,
      train_rows: train.length,
      test_rows: test.length,
    },
  };
}

/** Streams a history into the training rows and the test rows of a split (other rows are only counted). */
export async function loadHistorySplit(
  chunks: AsyncIterable<string> | Iterable<string>,
  split: BacktestSplit,
  report: HistoryReport = emptyHistoryReport(),
): Promise<{
  train: HistoryRow[];
  test: HistoryRow[];
  outside: number;
  lastTestDay: number | null;
  report: HistoryReport;
}> {
  const train: HistoryRow[] = [];
  const test: HistoryRow[] = [];
  let outside = 0;
  let lastTestDay: number | null = null;
  for await (const row of readHistory(chunks, report)) {
    const day = row.ordered.day;
    if (day < split.trainBefore) train.push(row);
    if (day >= split.testFrom && day <= split.testTo) {
      test.push(row);
      lastTestDay = Math.max(lastTestDay ?? day, day);
    } else if (day >= split.trainBefore) outside++;
  }
  return { train, test, outside, lastTestDay, report };
}

/** "YYYY-MM-DD" of each split boundary, for reports. */
export function describeSplit(split: BacktestSplit): Record<string, string> {
  return {
    train_before: formatDay(split.trainBefore),
    test_from: formatDay(split.testFrom),
    test_to: formatDay(split.testTo),
  };
}
