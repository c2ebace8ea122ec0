/**
 * Out-of-sample recalibration (conformal in spirit): on recent deliveries the model did not train on, find the
 * levels at which its quantiles really cover a share p of deliveries, and the level whose date minimizes the
 * absolute error. Counting is exact for whole-day distributions: a delivery on day x is at or before the
 * quantile at level ℓ iff F(x − 1) < ℓ, and before it iff F(x) < ℓ.
 */
import type { DateDistribution } from "./distribution.js";
import { cdfAt, quantileDay } from "./distribution.js";
import type { StageCalibration } from "./model.js";
import { LEVEL_GRID, identityCalibration } from "./model.js";

export interface CalibrationSample {
  dist: DateDistribution;
  actual: number;
  /** Importance of the sample for the window and promise levels; default 1. */
  weight?: number;
  /** Importance for the point forecast (low for orders placed during a transient disruption); default 1. */
  pointWeight?: number;
}

/** Fewer out-of-sample rows than this and the model's own levels are used as they are. */
export const MIN_CALIBRATION_ROWS = 150;

/** Values sorted ascending with the running sum of their weights. */
interface WeightedSorted {
  values: Float64Array;
  cumulative: Float64Array;
}

function sortWeighted(values: number[], weights: number[]): WeightedSorted {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const sorted = new Float64Array(order.length);
  const cumulative = new Float64Array(order.length);
  let running = 0;
  order.forEach((i, j) => {
    sorted[j] = values[i] ?? 0;
    running += weights[i] ?? 1;
    cumulative[j] = running;
  });
  return { values: sorted, cumulative };
}

/** Probabilities closer than this are the same value (rows of one lane differ only by rounding). */
const TIE = 1e-9;

/** First index whose value is not below `value` (or, with `after`, not within TIE of it or below). */
function searchValues(values: Float64Array, value: number, after: boolean): number {
  const bound = after ? value + TIE : value - TIE;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid] ?? 0;
    if (after ? v <= bound : v < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A level such that the weight of the values below it is as close as possible to a share p of the total.
 * Levels are only distinguishable between distinct values: within a run of tied values (many rows with the
 * same lane distribution) the level goes just below or just above the run, whichever is nearer the target.
 */
function levelWithShareBelow({ values, cumulative }: WeightedSorted, p: number): number {
  const n = values.length;
  const target = p * (cumulative[n - 1] ?? 0);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  const v = values[Math.min(lo, n - 1)] ?? 1;
  const first = searchValues(values, v, false);
  const last = searchValues(values, v, true);
  const below = first > 0 ? (cumulative[first - 1] ?? 0) : 0;
  const through = cumulative[last - 1] ?? 0;
  if (Math.abs(below - target) <= Math.abs(through - target)) {
    return first > 0 ? ((values[first - 1] ?? 0) + v) / 2 : v / 2;
  }
  return last < n ? (v + (values[last] ?? 1)) / 2 : (v + 1) / 2;
}

/** Level of the model's distribution to read for nominal probability p (interpolated on LEVEL_GRID). */
export function levelAt(levels: readonly number[], p: number): number {
  const first = LEVEL_GRID[0] ?? 0.005;
  const last = LEVEL_GRID[LEVEL_GRID.length - 1] ?? 0.995;
  if (p <= first) return ((levels[0] ?? first) * Math.max(p, 0)) / first;
  if (p >= last) {
    const top = levels[levels.length - 1] ?? last;
    return top + ((1 - top) * (Math.min(p, 1) - last)) / (1 - last);
  }
  const x = (p - first) / 0.005;
  const i = Math.floor(x);
  const a = levels[i] ?? p;
  const b = levels[i + 1] ?? a;
  return a + (b - a) * (x - i);
}

/** The point-forecast day: the calibrated median. */
export function pointDay(dist: DateDistribution, calibration: StageCalibration): number {
  return quantileDay(dist, calibration.median);
}

/** Raw confidence: the model's probability that delivery falls within one day of `day`. */
export function rawConfidence(dist: DateDistribution, day: number): number {
  return cdfAt(dist, day + 1) - cdfAt(dist, day - 2);
}

export function calibratedConfidence(calibration: StageCalibration, raw: number): number {
  const { raw: xs, calibrated: ys } = calibration.confidence;
  if (xs.length === 0) return raw;
  if (raw <= (xs[0] ?? 0)) return ys[0] ?? raw;
  for (let i = 1; i < xs.length; i++) {
    const x1 = xs[i] ?? 1;
    if (raw <= x1) {
      const x0 = xs[i - 1] ?? 0;
      const y0 = ys[i - 1] ?? 0;
      const y1 = ys[i] ?? 1;
      return x1 === x0 ? y1 : y0 + ((y1 - y0) * (raw - x0)) / (x1 - x0);
    }
  }
  return ys[ys.length - 1] ?? raw;
}

/** Pool-adjacent-violators: the closest non-decreasing sequence (weighted least squares). */
function isotonic(values: number[], weights: number[]): number[] {
  const blocks: { value: number; weight: number; size: number }[] = [];
  values.forEach((value, i) => {
    blocks.push({ value, weight: weights[i] ?? 1, size: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.value <= b.value) break;
      const weight = a.weight + b.weight;
      blocks.splice(-2, 2, {
        value: (a.value * a.weight + b.value * b.weight) / weight,
        weight,
        size: a.size + b.size,
      });
    }
  });
  return blocks.flatMap((b) => Array<number>(b.size).fill(b.value));
}

/** Confidence is calibrated like the point forecast: on normal weeks (pointWeight), in 20 equal-weight bins. */
function fitConfidence(
  samples: readonly CalibrationSample[],
  median: number,
): StageCalibration["confidence"] {
  const pairs = samples.map(({ dist, actual, pointWeight }) => {
    const day = quantileDay(dist, median);
    return { raw: rawConfidence(dist, day), hit: Math.abs(actual - day) <= 1 ? 1 : 0, w: pointWeight ?? 1 };
  });
  pairs.sort((a, b) => a.raw - b.raw);
  const bins = Math.min(20, Math.floor(pairs.length / 25));
  if (bins < 2) return { raw: [], calibrated: [] };
  const total = pairs.reduce((s, p) => s + p.w, 0);
  const raw: number[] = [];
  const hit: number[] = [];
  const size: number[] = [];
  let i = 0;
  let running = 0;
  for (let b = 0; b < bins; b++) {
    let w = 0;
    let sumRaw = 0;
    let sumHit = 0;
    while (i < pairs.length && (running < ((b + 1) * total) / bins || b === bins - 1)) {
      const p = pairs[i++]!;
      running += p.w;
      w += p.w;
      sumRaw += p.w * p.raw;
      sumHit += p.w * p.hit;
    }
    if (w <= 0) continue;
    raw.push(sumRaw / w);
    hit.push(sumHit / w);
    size.push(w);
  }
  const calibrated = isotonic(hit, size).map((v) => Number(v.toFixed(4)));
  return { raw: raw.map((v) => Number(v.toFixed(4))), calibrated };
}

/** Learns a stage's calibration from out-of-sample predictions and what actually happened. */
export function calibrateStage(samples: readonly CalibrationSample[], windowMargin = 0): StageCalibration {
  const n = samples.length;
  if (n < MIN_CALIBRATION_ROWS) return identityCalibration();
  const weights = samples.map((s) => s.weight ?? 1);
  const below = sortWeighted(
    samples.map(({ dist, actual }) => cdfAt(dist, actual - 1)),
    weights,
  );
  const atOrBelow = sortWeighted(
    samples.map(({ dist, actual }) => cdfAt(dist, actual)),
    weights,
  );
  const upper = LEVEL_GRID.map((p) => levelWithShareBelow(below, p));
  const lower = LEVEL_GRID.map((p) => levelWithShareBelow(atOrBelow, p));

  let median = 0.5;
  let bestError = Number.POSITIVE_INFINITY;
  for (let step = 0; step <= 50; step++) {
    const level = 0.25 + step * 0.01;
    let error = 0;
    for (const { dist, actual, pointWeight } of samples) {
      error += (pointWeight ?? 1) * Math.abs(quantileDay(dist, level) - actual);
    }
    // Ties go to the level nearest 0.5: prefer the uncorrected median unless the data says otherwise.
    if (
      error < bestError - 1e-9 ||
      (Math.abs(error - bestError) <= 1e-9 && Math.abs(level - 0.5) < Math.abs(median - 0.5))
    ) {
      bestError = error;
      median = level;
    }
  }
  const round = (v: number) => Number(v.toFixed(10));
  return {
    rows: n,
    windowMargin,
    lower: lower.map(round),
    upper: upper.map(round),
    median: round(median),
    confidence: fitConfidence(samples, median),
  };
}
