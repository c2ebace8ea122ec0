/**
 * Fitting the three hierarchies (handling, transit, order → delivery) in both day counts from prepared rows,
 * with recency weights relative to a reference day: the building block of training and of its folds.
 */
import type { DayCount, CalendarConfig } from "./features.js";
import {
  HANDLING_LEVELS,
  deliveryCalendar,
  effectiveStart,
  handlingParts,
  laneLevels,
  laneParts,
  shippingCalendar,
} from "./features.js";
import type { KeyTable } from "./distribution.js";
import { ShrunkTree, TreeBuilder, chainKeys, medianOf } from "./distribution.js";
import type { HistoryRow } from "./history.js";
import type { StageEngine } from "./stages.js";

/** Index 0 and 1 of every per-mode pair. */
export const MODES: readonly DayCount[] = ["business", "calendar"];
const CUTOFF_CANDIDATES = [null, 12 * 60, 14 * 60, 16 * 60, 18 * 60];

/** A training row with its keys and durations computed once. */
export interface Prepared {
  row: HistoryRow;
  handlingKeys: string[];
  laneKeys: string[];
  handlingIds: Int32Array;
  laneIds: Int32Array;
  /** Durations per mode (index 0 business, 1 calendar); null without a usable ship date. */
  handling: [number, number] | null;
  transit: [number, number] | null;
  total: [number, number];
  /** 1, or less for an order placed during a transient disruption. */
  weight: number;
}

export interface TreeSet {
  handling: ShrunkTree;
  transit: ShrunkTree;
  total: ShrunkTree;
  /** Per-warehouse stretch (log ratio) of the order → delivery and of the transit distributions. */
  totalFactors: Record<string, number>;
  transitFactors: Record<string, number>;
}

/** Pseudo-rows of shrinkage of a warehouse's stretch factor toward none, and its bounds. */
const FACTOR_STRENGTH = 5;
const FACTOR_BOUND = Math.log(3);

/**
 * How much longer (or shorter) each warehouse's parcels take than the medians of their lanes: the weighted
 * median log ratio, shrunk toward 0. The lane hierarchies have no seller level (it would split every lane by
 * seller); this crossed effect lets the order → delivery shortcut tell a slow seller from a fast one when there
 * are no ship dates, and transit tell a warehouse in a city from one far from the carrier's hub.
 */
function warehouseFactors(
  data: readonly Prepared[],
  end: number,
  weights: Float64Array,
  tree: ShrunkTree,
  duration: (p: Prepared) => number | null,
): Record<string, number> {
  const groups = new Map<string, { r: number; w: number }[]>();
  for (let i = 0; i < end; i++) {
    const p = data[i]!;
    const days = duration(p);
    const found = days === null ? null : tree.lookup(p.laneKeys);
    if (days === null || !found) continue;
    const key = p.handlingKeys[p.handlingKeys.length - 1] ?? "";
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ r: Math.log((days + 1) / (medianOf(found.p) + 1)), w: weights[i] ?? 0 });
  }
  const factors: Record<string, number> = {};
  for (const [key, group] of groups) {
    group.sort((a, b) => a.r - b.r);
    const weight = group.reduce((s, g) => s + g.w, 0);
    let running = 0;
    let median = 0;
    for (const g of group) {
      running += g.w;
      if (running >= weight / 2) {
        median = g.r;
        break;
      }
    }
    const factor = Math.max(
      -FACTOR_BOUND,
      Math.min(FACTOR_BOUND, (median * weight) / (weight + FACTOR_STRENGTH)),
    );
    if (Math.abs(factor) >= 0.01) factors[key] = Number(factor.toFixed(4));
  }
  return factors;
}

/** Keys and durations (in both day counts) of each row. */
export function prepare(
  rows: readonly HistoryRow[],
  config: CalendarConfig,
  cutoff: number | null,
  prefixes: number[],
  table: KeyTable,
) {
  return rows.map((row): Prepared => {
    const counts = MODES.map((mode) => {
      const origin = shippingCalendar(config, row, mode);
      const destination = deliveryCalendar(config, row, mode);
      const shipped = row.shipped;
      return {
        handling: shipped
          ? Math.max(0, origin.count(effectiveStart(origin, row.ordered, cutoff), shipped.day))
          : 0,
        transit: shipped ? destination.count(shipped.day, row.delivered.day) : 0,
        total: Math.max(
          0,
          destination.count(effectiveStart(destination, row.ordered, cutoff), row.delivered.day),
        ),
      };
    });
    const [b, c] = counts as [(typeof counts)[0], (typeof counts)[0]];
    const handlingKeys = chainKeys(handlingParts(row));
    const laneKeys = chainKeys(laneParts(row, prefixes));
    return {
      row,
      handlingKeys,
      laneKeys,
      handlingIds: table.intern(handlingKeys),
      laneIds: table.intern(laneKeys),
      handling: row.shipped ? [b.handling, c.handling] : null,
      transit: row.shipped ? [b.transit, c.transit] : null,
      total: [b.total, c.total],
      weight: 1,
    };
  });
}

/** Trees for both day counts from rows[0, end), weighted by recency relative to `refDay`. */
export function fit(
  data: readonly Prepared[],
  end: number,
  refDay: number,
  halfLife: number,
  prefixes: number[],
  k: number,
  kLocation: number,
  table: KeyTable,
) {
  const builders = MODES.map(() => ({
    handling: new TreeBuilder(HANDLING_LEVELS, table),
    transit: new TreeBuilder(laneLevels(prefixes), table),
    total: new TreeBuilder(laneLevels(prefixes), table),
  }));
  const weights = new Float64Array(end);
  for (let i = 0; i < end; i++) {
    const p = data[i]!;
    const weight = p.weight * Math.pow(2, -(refDay - p.row.ordered.day) / halfLife);
    weights[i] = weight;
    for (let m = 0; m < builders.length; m++) {
      const b = builders[m]!;
      if (p.handling) b.handling.add(p.handlingIds, p.handling[m]!, weight);
      if (p.transit) b.transit.add(p.laneIds, p.transit[m]!, weight);
      b.total.add(p.laneIds, p.total[m]!, weight);
    }
  }
  return builders.map((b, m): TreeSet => {
    const total = new ShrunkTree(b.total.build(), k, kLocation);
    const transit = new ShrunkTree(b.transit.build(), k, kLocation);
    return {
      handling: new ShrunkTree(b.handling.build(), k, kLocation),
      transit,
      total,
      totalFactors: warehouseFactors(data, end, weights, total, (p) => p.total[m]!),
      transitFactors: warehouseFactors(data, end, weights, transit, (p) => p.transit?.[m] ?? null),
    };
  });
}

/** Picks the cut-off that makes handling times most consistent within each warehouse. */
export function chooseCutoff(rows: readonly HistoryRow[], config: CalendarConfig): number | null {
  const shipped = rows.filter((r) => r.shipped);
  if (shipped.length < 500) return null;
  let best: number | null = null;
  let bestSpread = Number.POSITIVE_INFINITY;
  const calendars = shipped.map((row) => shippingCalendar(config, row, "business"));
  const keys = shipped.map((row) => chainKeys(handlingParts(row)).pop() ?? "");
  for (const cutoff of CUTOFF_CANDIDATES) {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < shipped.length; i++) {
      const row = shipped[i]!;
      const calendar = calendars[i]!;
      const h = Math.max(0, calendar.count(effectiveStart(calendar, row.ordered, cutoff), row.shipped!.day));
      const key = keys[i]!;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(h);
    }
    let spread = 0;
    for (const group of groups.values()) {
      const median = [...group].sort((a, b) => a - b)[group.length >> 1] ?? 0;
      for (const h of group) spread += Math.abs(h - median);
    }
    spread /= shipped.length;
    // A cut-off must earn its place: keep "none" unless it makes handling clearly more regular.
    if (cutoff === null ? true : spread < bestSpread * 0.97) {
      if (cutoff === null || spread < bestSpread) {
        best = cutoff;
        bestSpread = spread;
      }
    }
  }
  return best;
}

/** Index of the first row ordered on or after `day` (rows sorted by order time). */
export function lowerBound(data: readonly Prepared[], day: number): number {
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (data[mid]!.row.ordered.day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A stage engine reading each hierarchy in the given day count (0 business, 1 calendar). */
export function engineOf(
  config: CalendarConfig,
  cutoff: number | null,
  prefixes: number[],
  trees: TreeSet[],
  modes: {
    handling: number;
    transit: number;
    total: number;
  },
): StageEngine {
  return {
    config,
    cutoffMinute: cutoff,
    postalPrefixLengths: prefixes,
    handling: { tree: trees[modes.handling]!.handling, dayCount: MODES[modes.handling]! },
    transit: {
      tree: trees[modes.transit]!.transit,
      dayCount: MODES[modes.transit]!,
      factors: trees[modes.transit]!.transitFactors,
    },
    total: {
      tree: trees[modes.total]!.total,
      dayCount: MODES[modes.total]!,
      factors: trees[modes.total]!.totalFactors,
    },
  };
}
