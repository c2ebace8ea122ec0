/**
 * Transient disruptions (Black Friday backlogs, strikes, storms) in the training history: order weeks whose
 * journeys ran clearly longer than the surrounding weeks on the same lanes. Their rows get a low weight, so
 * that a surge at the end of the training period neither inflates every later promise nor, through the
 * recalibration folds, inflates it a second time.
 */

export interface DisruptionInput {
  /** Order day. */
  day: number;
  /** Working days from order to delivery (holidays are expected, not disruptions). */
  days: number;
  /** Lane keys from the most to the least specific; the first with enough rows is the baseline. */
  lanes: readonly string[];
}

export interface DisruptedWeek {
  week: string;
  rows: number;
  /** Median log-duration excess over the surrounding weeks (0.2 ≈ 22% longer). */
  excess: number;
  weight: number;
}

const MIN_LANE_ROWS = 30;
const MIN_WEEK_ROWS = 20;
/** Weeks on each side ignored next to the week (a surge spans a few weeks) and the reach of the comparison. */
const GAP_WEEKS = 2;
const REACH_WEEKS = 12;
const TOLERANCE = 0.08;
const DECAY = 0.07;
const MIN_WEIGHT = 0.05;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Monday-based week number of a day number (1970-01-05 was a Monday). */
const weekOf = (day: number) => Math.floor((day - 4) / 7);

/** A weight per row (1 for normal weeks) and the weeks found disrupted. */
export function disruptionWeights(rows: readonly DisruptionInput[]): {
  weights: Float64Array;
  weeks: DisruptedWeek[];
} {
  const weights = new Float64Array(rows.length).fill(1);
  const byLane = new Map<string, number[]>();
  for (const row of rows) {
    for (const lane of row.lanes) {
      let list = byLane.get(lane);
      if (!list) byLane.set(lane, (list = []));
      list.push(Math.log1p(row.days));
    }
  }
  const laneMedian = new Map<string, number>();
  for (const [lane, values] of byLane)
    if (values.length >= MIN_LANE_ROWS) laneMedian.set(lane, median(values));

  const residualsByWeek = new Map<number, number[]>();
  rows.forEach((row) => {
    const lane = row.lanes.find((l) => laneMedian.has(l));
    if (lane === undefined) return;
    const week = weekOf(row.day);
    let list = residualsByWeek.get(week);
    if (!list) residualsByWeek.set(week, (list = []));
    list.push(Math.log1p(row.days) - (laneMedian.get(lane) ?? 0));
  });
  const weekStats = new Map<number, { median: number; se: number; rows: number }>();
  for (const [week, residuals] of residualsByWeek) {
    if (residuals.length < MIN_WEEK_ROWS) continue;
    const m = median(residuals);
    const spread = 1.4826 * median(residuals.map((r) => Math.abs(r - m)));
    weekStats.set(week, {
      median: m,
      se: (1.25 * spread) / Math.sqrt(residuals.length),
      rows: residuals.length,
    });
  }

  const factor = new Map<number, number>();
  const weeks: DisruptedWeek[] = [];
  for (const [week, stats] of weekStats) {
    const around: number[] = [];
    for (let d = GAP_WEEKS + 1; d <= REACH_WEEKS; d++) {
      const before = weekStats.get(week - d);
      const after = weekStats.get(week + d);
      if (before) around.push(before.median);
      if (after) around.push(after.median);
    }
    if (around.length < 4) continue;
    const excess = stats.median - median(around);
    const threshold = TOLERANCE + 2.5 * stats.se;
    if (excess <= threshold) continue;
    const weight = Math.max(MIN_WEIGHT, Math.exp(-(excess - threshold) / DECAY));
    factor.set(week, weight);
    const monday = new Date((week * 7 + 4) * 86_400_000).toISOString().slice(0, 10);
    weeks.push({
      week: monday,
      rows: stats.rows,
      excess: Number(excess.toFixed(3)),
      weight: Number(weight.toFixed(3)),
    });
  }
  rows.forEach((row, i) => (weights[i] = factor.get(weekOf(row.day)) ?? 1));
  weeks.sort((a, b) => a.week.localeCompare(b.week));
  return { weights, weeks };
}
