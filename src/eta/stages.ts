/**
 * Turns duration distributions into distributions over delivery dates for one shipment: at order time
 * (handling ⊗ transit, or order → delivery directly) and from the first carrier scan (transit only).
 * Durations are counted in working days of the relevant calendar and mapped back to dates here.
 */
import type { BusinessCalendar } from "./calendar.js";
import type { LocalTime } from "./dates.js";
import type { DateDistribution, ShrunkDistribution, ShrunkTree } from "./distribution.js";
import { chainKeys, mixDistributions, stretchDays, withCdf } from "./distribution.js";
import type { CalendarConfig, DayCount, ShipmentFacts } from "./features.js";
import { deliveryCalendar, effectiveStart, handlingParts, laneParts, shippingCalendar } from "./features.js";
import type { AtOrderMethod } from "./model.js";

export interface TreeReader {
  tree: ShrunkTree;
  dayCount: DayCount;
  /** Per-warehouse log-ratio of its durations to its lanes' medians (order → delivery only). */
  factors?: Readonly<Record<string, number>>;
}

export interface StageEngine {
  config: CalendarConfig;
  cutoffMinute: number | null;
  postalPrefixLengths: readonly number[];
  handling: TreeReader;
  transit: TreeReader;
  total: TreeReader;
}

/** Which node of which hierarchy a prediction stood on. */
export interface NodeInfo {
  level: string;
  key: string;
  rows: number;
}

export interface StageResult {
  dist: DateDistribution;
  method: string;
  lane: NodeInfo | null;
  handling: NodeInfo | null;
}

function info(reader: TreeReader, found: ShrunkDistribution): NodeInfo {
  return {
    level: reader.tree.tree.levels[found.level] ?? String(found.level),
    key: found.key,
    rows: found.n,
  };
}

/** p[k] = P(k working days after `from`) → a distribution over dates. */
export function countsToDates(p: Float64Array, from: number, calendar: BusinessCalendar): DateDistribution {
  const { days, start } = calendar.after(from, p.length);
  const last = p.length > 1 ? (days[start + p.length - 2] ?? from) : from;
  const out = new Float64Array(last - from + 1);
  out[0] = p[0] ?? 0;
  for (let k = 1; k < p.length; k++) {
    const i = (days[start + k - 1] ?? from) - from;
    out[i] = (out[i] ?? 0) + (p[k] ?? 0);
  }
  return withCdf(from, out);
}

/** A shipment's hierarchy keys, when the caller has them already (training computes them once per row). */
export interface ShipmentKeys {
  laneKeys: readonly string[];
  handlingKeys: readonly string[];
}

function laneKeys(engine: StageEngine, facts: ShipmentFacts, keys?: ShipmentKeys): readonly string[] {
  return keys?.laneKeys ?? chainKeys(laneParts(facts, engine.postalPrefixLengths));
}

/** Computes a shipment's keys once for several stage functions. */
export function shipmentKeys(engine: StageEngine, facts: ShipmentFacts): ShipmentKeys {
  return { laneKeys: laneKeys(engine, facts), handlingKeys: chainKeys(handlingParts(facts)) };
}

/** The lane's distribution stretched by the warehouse's factor, when the reader has one for it. */
function stretched(
  reader: TreeReader,
  p: Float64Array,
  facts: ShipmentFacts,
  keys?: ShipmentKeys,
): Float64Array {
  if (!reader.factors) return p;
  const handlingKeys = keys?.handlingKeys ?? chainKeys(handlingParts(facts));
  const factor = reader.factors[handlingKeys[handlingKeys.length - 1] ?? ""];
  return factor ? stretchDays(p, Math.exp(factor)) : p;
}

/** Delivery dates after the first carrier scan on `shipDay`. */
export function transitFrom(
  engine: StageEngine,
  facts: ShipmentFacts,
  shipDay: number,
  keys?: ShipmentKeys,
): StageResult | null {
  const found = engine.transit.tree.lookup(laneKeys(engine, facts, keys));
  if (!found) return null;
  const calendar = deliveryCalendar(engine.config, facts, engine.transit.dayCount);
  return {
    dist: countsToDates(stretched(engine.transit, found.p, facts, keys), shipDay, calendar),
    method: "transit",
    lane: info(engine.transit, found),
    handling: null,
  };
}

/** Order → delivery read directly from the lane's order-to-delivery histogram. */
export function totalAtOrder(
  engine: StageEngine,
  facts: ShipmentFacts,
  ordered: LocalTime,
  keys?: ShipmentKeys,
): StageResult | null {
  const found = engine.total.tree.lookup(laneKeys(engine, facts, keys));
  if (!found) return null;
  const calendar = deliveryCalendar(engine.config, facts, engine.total.dayCount);
  const start = effectiveStart(calendar, ordered, engine.cutoffMinute);
  // Without a ship date the seller's handling speed shows only as a stretch of the lane's distribution.
  const p = stretched(engine.total, found.p, facts, keys);
  // The distribution starts on the effective start day, which may be after the order day.
  return {
    dist: countsToDates(p, start, calendar),
    method: "total",
    lane: info(engine.total, found),
    handling: null,
  };
}

/** Handling (seller/warehouse) ⊗ transit (lane), each in its own calendar. */
export function convolveAtOrder(
  engine: StageEngine,
  facts: ShipmentFacts,
  ordered: LocalTime,
  keys?: ShipmentKeys,
): StageResult | null {
  const handling = engine.handling.tree.lookup(keys?.handlingKeys ?? chainKeys(handlingParts(facts)));
  const transit = engine.transit.tree.lookup(laneKeys(engine, facts, keys));
  if (!handling || !transit) return null;
  const origin = shippingCalendar(engine.config, facts, engine.handling.dayCount);
  const destination = deliveryCalendar(engine.config, facts, engine.transit.dayCount);
  const start = effectiveStart(origin, ordered, engine.cutoffMinute);
  const pH = handling.p;
  const pT = stretched(engine.transit, transit.p, facts, keys);
  const shipping = origin.after(start, pH.length);
  const shipDay = (h: number) => (h === 0 ? start : (shipping.days[shipping.start + h - 1] ?? start));
  const lastShip = shipDay(pH.length - 1);
  const tail = destination.after(lastShip, pT.length);
  const lastDay = pT.length > 1 ? (tail.days[tail.start + pT.length - 2] ?? lastShip) : lastShip;
  const out = new Float64Array(lastDay - ordered.day + 1);
  for (let h = 0; h < pH.length; h++) {
    const ph = pH[h] ?? 0;
    if (ph < 1e-9) continue;
    const ship = shipDay(h);
    out[ship - ordered.day] = (out[ship - ordered.day] ?? 0) + ph * (pT[0] ?? 0);
    const { days, start: index } = destination.after(ship, pT.length);
    for (let t = 1; t < pT.length; t++) {
      const i = (days[index + t - 1] ?? ship) - ordered.day;
      out[i] = (out[i] ?? 0) + ph * (pT[t] ?? 0);
    }
  }
  return {
    dist: withCdf(ordered.day, out),
    method: "convolve",
    lane: info(engine.transit, transit),
    handling: info(engine.handling, handling),
  };
}

/** The order-time distribution by `method`, falling back to whichever part has data. */
export function atOrder(
  engine: StageEngine,
  method: AtOrderMethod,
  blendWeight: number,
  facts: ShipmentFacts,
  ordered: LocalTime,
  keys: ShipmentKeys = shipmentKeys(engine, facts),
): StageResult | null {
  const convolved = method === "total" ? null : convolveAtOrder(engine, facts, ordered, keys);
  const total = method === "convolve" && convolved ? null : totalAtOrder(engine, facts, ordered, keys);
  if (convolved && total) {
    return { ...convolved, dist: mixDistributions(convolved.dist, total.dist, blendWeight), method: "blend" };
  }
  return convolved ?? total ?? (method === "total" ? convolveAtOrder(engine, facts, ordered, keys) : null);
}
