/**
 * Training: recency-weighted hierarchical histograms for handling, transit and order→delivery, with the
 * choices that depend on the data (working vs calendar days, how the order-time distribution is built, the
 * order cut-off, the promise quantile) made on rolling out-of-sample folds at the end of the training period,
 * and the final quantile levels recalibrated on those folds.
 */
import type { HolidayType } from "./calendar.js";
import { DEFAULT_HOLIDAY_TYPES } from "./calendar.js";
import type { CalibrationSample } from "./calibration.js";
import { calibrateStage } from "./calibration.js";
import { formatDay } from "./dates.js";
import { disruptionWeights } from "./disruption.js";
import type { DateDistribution } from "./distribution.js";
import { KeyTable, crps, mixDistributions } from "./distribution.js";
import type { CalendarConfig, DayCount } from "./features.js";
import { learnWeekmasks } from "./features.js";
import type { Prepared, TreeSet } from "./fit.js";
import { MODES, chooseCutoff, engineOf, fit, lowerBound, prepare } from "./fit.js";
import type { HistoryRow } from "./history.js";
import type { AtOrderMethod, EtaModel, EtaModelParams } from "./model.js";
import { DEFAULT_LAST_MILE, ETA_MODEL_FORMAT, ETA_MODEL_VERSION, identityCalibration } from "./model.js";
import { convolveAtOrder, totalAtOrder, transitFrom } from "./stages.js";

export interface TrainOptions {
  /** Day number the recency weights are relative to (default: the day after the last order). */
  trainEnd?: number;
  halfLifeDays?: number;
  priorStrength?: number;
  /** Pseudo-rows of shrinkage on a node's median relative to its parent's (negative: no stretching). */
  locationStrength?: number;
  coverage?: number;
  windowMargin?: number;
  /** Share of deliveries on or before the promise; "auto" matches the marketplace's own late rate. */
  promiseQuantile?: number | "auto";
  dayCount?: DayCount | "auto";
  atOrder?: AtOrderMethod | "auto";
  /** Minute of the day after which an order is handled as if placed the next working day; "auto" learns it. */
  cutoffMinute?: number | null | "auto";
  holidayTypes?: HolidayType[];
  postalPrefixLengths?: number[];
  /** Rolling out-of-sample folds at the end of the training period, each this share of the rows. */
  folds?: number;
  foldFraction?: number;
  maxRowsPerFold?: number;
  /** Give orders placed during transient disruptions a low weight (default true). */
  downweightDisruptions?: boolean;
}

export const DEFAULT_TRAIN_OPTIONS = {
  halfLifeDays: 120,
  priorStrength: 10,
  locationStrength: 3,
  coverage: 0.8,
  /** Windows aim this much above their coverage on the held-out folds (a margin for drift). */
  windowMargin: 0.02,
  defaultPromiseQuantile: 0.93,
  /**
   * "auto" promises aim at this fraction of the marketplace's recent late rate: a margin for what happens after
   * the split (a disruption makes a tight promise late more often than a generous one)...
   */
  autoLateFactor: 0.85,
  /** ...within these bounds. */
  autoLateBounds: [0.02, 0.1] as const,
  postalPrefixLengths: [2, 3],
  folds: 5,
  foldFraction: 0.07,
  maxRowsPerFold: 3000,
};

interface Fold {
  trees: TreeSet[];
  rows: Prepared[];
}

/** Weighted scores: [sum of weight × score, sum of weights]. */
type Score = [number, number];
const mean = (s: Score) => (s[1] === 0 ? Number.POSITIVE_INFINITY : s[0] / s[1]);
function record(scores: Record<string, Score>, key: string, value: number, weight: number): void {
  const s = (scores[key] ??= [0, 0]);
  s[0] += weight * value;
  s[1] += weight;
}

function argmin<T extends string>(scores: Record<T, number>): T {
  return (Object.entries(scores) as [T, number][]).reduce((a, b) => (b[1] < a[1] ? b : a))[0];
}

/** Trains a model on delivered orders (any order; they are sorted here). */
export function trainEtaModel(input: readonly HistoryRow[], options: TrainOptions = {}): EtaModel {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  if (input.length === 0) throw new RangeError("cannot train an ETA model on no rows");
  const rows = [...input].sort(
    (a, b) => a.ordered.day - b.ordered.day || a.ordered.minute - b.ordered.minute,
  );
  const prefixes = o.postalPrefixLengths;
  const holidayTypes = o.holidayTypes ?? [...DEFAULT_HOLIDAY_TYPES];
  const config: CalendarConfig = { weekmasks: learnWeekmasks(rows), holidayTypes };
  const cutoff =
    o.cutoffMinute === undefined || o.cutoffMinute === "auto" ? chooseCutoff(rows, config) : o.cutoffMinute;
  const table = new KeyTable();
  const data = prepare(rows, config, cutoff, prefixes, table);
  const disruptions = disruptionWeights(
    data.map((p) => ({
      day: p.row.ordered.day,
      days: p.total[0],
      lanes: [4, 3, 2, 1, 0].map((i) => p.laneKeys[i] ?? ""),
    })),
  );
  if (o.downweightDisruptions !== false) data.forEach((p, i) => (p.weight = disruptions.weights[i] ?? 1));
  const trainEnd = o.trainEnd ?? rows[rows.length - 1]!.ordered.day + 1;

  // Rolling folds: each is predicted by trees fit on everything ordered before it.
  const folds: Fold[] = [];
  const size = Math.floor(data.length * o.foldFraction);
  for (let f = o.folds; f >= 1 && size >= 50; f--) {
    const startDay = data[data.length - f * size]!.row.ordered.day;
    const endDay = f === 1 ? Number.POSITIVE_INFINITY : data[data.length - (f - 1) * size]!.row.ordered.day;
    const begin = lowerBound(data, startDay);
    const finish = endDay === Number.POSITIVE_INFINITY ? data.length : lowerBound(data, endDay);
    if (begin < 200 || finish <= begin) continue;
    const stride = Math.max(1, Math.ceil((finish - begin) / o.maxRowsPerFold));
    const foldRows: Prepared[] = [];
    for (let i = begin; i < finish; i += stride) foldRows.push(data[i]!);
    folds.push({
      trees: fit(data, begin, startDay, o.halfLifeDays, prefixes, o.priorStrength, o.locationStrength, table),
      rows: foldRows,
    });
  }

  const modeChoices =
    o.dayCount === "auto" || o.dayCount === undefined ? [0, 1] : [MODES.indexOf(o.dayCount)];
  const selection: Record<string, number> = {};
  const engine = (fold: Fold, handling: number, transit: number, total: number) =>
    engineOf(config, cutoff, prefixes, fold.trees, { handling, transit, total });

  // 1. Working or calendar days for transit (at_ship) and for order→delivery.
  const shipScores: Record<string, Score> = {};
  const totalScores: Record<string, Score> = {};
  for (const fold of folds) {
    for (const m of modeChoices) {
      const e = engine(fold, m, m, m);
      for (const p of fold.rows) {
        if (p.row.shipped) {
          const r = transitFrom(e, p.row, p.row.shipped.day, p);
          if (r) record(shipScores, MODES[m]!, crps(r.dist, p.row.delivered.day), p.weight);
        }
        const t = totalAtOrder(e, p.row, p.row.ordered, p);
        if (t) record(totalScores, MODES[m]!, crps(t.dist, p.row.delivered.day), p.weight);
      }
    }
  }
  const score = (scores: Record<string, Score>, prefix: string) =>
    Object.fromEntries(
      Object.entries(scores).map(([k, v]) => {
        selection[`${prefix}:${k}`] = Number(mean(v).toFixed(4));
        return [k, mean(v)];
      }),
    ) as Record<DayCount, number>;
  const transitMode = Object.keys(shipScores).length
    ? MODES.indexOf(argmin(score(shipScores, "at_ship")))
    : modeChoices[0]!;
  const totalMode = Object.keys(totalScores).length
    ? MODES.indexOf(argmin(score(totalScores, "total")))
    : modeChoices[0]!;

  // 2. How to build the order-time distribution (the distributions are kept for step 3).
  const candidates: Record<string, Score> = {};
  const weights = [0.25, 0.5, 0.75];
  const atOrderCache = new Map<
    Prepared,
    { total: DateDistribution | null; conv: (DateDistribution | null)[] }
  >();
  for (const fold of folds) {
    const engines = MODES.map((_, m) => engine(fold, m, transitMode, totalMode));
    for (const p of fold.rows) {
      const actual = p.row.delivered.day;
      const total = totalAtOrder(engines[0]!, p.row, p.row.ordered, p)?.dist ?? null;
      const conv: (DateDistribution | null)[] = [null, null];
      for (const m of modeChoices)
        conv[m] = convolveAtOrder(engines[m]!, p.row, p.row.ordered, p)?.dist ?? null;
      atOrderCache.set(p, { total, conv });
      if (!total) continue;
      record(candidates, "total", crps(total, actual), p.weight);
      for (const m of modeChoices) {
        const convDist = conv[m] ?? total;
        record(candidates, `convolve:${MODES[m]}`, crps(convDist, actual), p.weight);
        for (const w of weights) {
          record(
            candidates,
            `blend:${MODES[m]}:${w}`,
            crps(mixDistributions(convDist, total, w), actual),
            p.weight,
          );
        }
      }
    }
  }
  const orderScores = Object.fromEntries(Object.entries(candidates).map(([k, v]) => [k, mean(v)]));
  for (const [k, v] of Object.entries(orderScores)) selection[`at_order:${k}`] = Number(v.toFixed(4));
  const hasHandling = data.some((p) => p.handling);
  let chosen = Object.keys(orderScores).length
    ? argmin(orderScores)
    : hasHandling
      ? "convolve:business"
      : "total";
  if (o.atOrder && o.atOrder !== "auto") {
    const fixed = o.atOrder;
    const matching = Object.keys(orderScores).filter((k) => k.startsWith(fixed));
    chosen = matching.length
      ? matching.reduce((a, b) => ((orderScores[b] ?? 0) < (orderScores[a] ?? 0) ? b : a))
      : fixed;
  }
  const [method, handlingModeName, blendText] = chosen.split(":") as [
    AtOrderMethod,
    string | undefined,
    string | undefined,
  ];
  const handlingMode = Math.max(0, MODES.indexOf((handlingModeName as DayCount) ?? MODES[transitMode]!));
  const blendWeight = blendText ? Number(blendText) : 0.5;

  // 3. Calibration samples from the chosen configuration, and the marketplace's own late rate. The point
  // forecast is calibrated on normal weeks; the window and promise on the long-run mix of normal and
  // disrupted weeks, so that a surge at the very end of training counts for no more than surges usually do.
  const disruptedShare = data.filter((p) => p.weight < 1).length / data.length;
  const foldRows = folds.flatMap((f) => f.rows);
  const foldDisrupted = foldRows.filter((p) => p.weight < 1).length / Math.max(1, foldRows.length);
  const disruptedWeight =
    foldDisrupted > disruptedShare && foldDisrupted > 0
      ? (disruptedShare * (1 - foldDisrupted)) / (foldDisrupted * (1 - disruptedShare))
      : 1;
  const orderSamples: CalibrationSample[] = [];
  const shipSamples: CalibrationSample[] = [];
  let promisedRows = 0;
  let promised = 0;
  let late = 0;
  for (const fold of folds) {
    const e = engine(fold, handlingMode, transitMode, totalMode);
    for (const p of fold.rows) {
      const actual = p.row.delivered.day;
      const weight = p.weight < 1 ? disruptedWeight : 1;
      const cached = atOrderCache.get(p);
      const conv = method === "total" ? null : (cached?.conv[handlingMode] ?? null);
      const total = method === "convolve" && conv ? null : (cached?.total ?? null);
      const dist = conv && total ? mixDistributions(conv, total, blendWeight) : (conv ?? total);
      if (dist) orderSamples.push({ dist, actual, weight, pointWeight: p.weight });
      if (p.row.shipped) {
        const r = transitFrom(e, p.row, p.row.shipped.day, p);
        if (r) shipSamples.push({ dist: r.dist, actual, weight, pointWeight: p.weight });
      }
      if (p.row.promised) {
        promisedRows++;
        promised += weight;
        if (actual > p.row.promised.day) late += weight;
      }
    }
  }
  const marketplaceLateRate = promisedRows >= 100 && promised > 0 ? late / promised : null;
  let promiseQuantile = o.defaultPromiseQuantile;
  let promiseQuantileSource: EtaModelParams["promiseQuantileSource"] = "default";
  if (typeof o.promiseQuantile === "number") {
    promiseQuantile = o.promiseQuantile;
    promiseQuantileSource = "fixed";
  } else if (marketplaceLateRate !== null) {
    const [floor, ceiling] = o.autoLateBounds;
    promiseQuantile = 1 - Math.min(ceiling, Math.max(floor, o.autoLateFactor * marketplaceLateRate));
    promiseQuantileSource = "auto";
  }

  // 4. The final trees on everything, weighted toward the end of the training period.
  const final = fit(
    data,
    data.length,
    trainEnd,
    o.halfLifeDays,
    prefixes,
    o.priorStrength,
    o.locationStrength,
    table,
  );
  return {
    format: ETA_MODEL_FORMAT,
    version: ETA_MODEL_VERSION,
    trainedThrough: formatDay(trainEnd),
    params: {
      halfLifeDays: o.halfLifeDays,
      priorStrength: o.priorStrength,
      locationStrength: o.locationStrength,
      coverage: o.coverage,
      promiseQuantile: Number(promiseQuantile.toFixed(4)),
      promiseQuantileSource,
      handlingDayCount: MODES[handlingMode]!,
      transitDayCount: MODES[transitMode]!,
      totalDayCount: MODES[totalMode]!,
      atOrder: method,
      blendWeight,
      cutoffMinute: cutoff,
      holidayTypes: [...holidayTypes],
      postalPrefixLengths: [...prefixes],
    },
    weekmasks: config.weekmasks,
    handling: final[handlingMode]!.handling.tree,
    transit: final[transitMode]!.transit.tree,
    total: final[totalMode]!.total.tree,
    totalFactors: final[totalMode]!.totalFactors,
    transitFactors: final[transitMode]!.transitFactors,
    calibration: {
      at_order: orderSamples.length ? calibrateStage(orderSamples, o.windowMargin) : identityCalibration(),
      at_ship: shipSamples.length ? calibrateStage(shipSamples, o.windowMargin) : identityCalibration(),
    },
    lastMile: DEFAULT_LAST_MILE,
    training: {
      rows: rows.length,
      handlingRows: data.filter((p) => p.handling).length,
      transitRows: data.filter((p) => p.transit).length,
      firstOrder: formatDay(rows[0]!.ordered.day),
      lastOrder: formatDay(rows[rows.length - 1]!.ordered.day),
      marketplaceLateRate: marketplaceLateRate === null ? null : Number(marketplaceLateRate.toFixed(4)),
      selection,
      disruptedWeeks: disruptions.weeks,
    },
  };
}
