/**
 * Predictions from a trained model for one shipment: at order time, from the first carrier scan, and after
 * any later scan, conditioned on where the parcel is (out for delivery → today; at the destination facility
 * → the last-mile distribution; otherwise "not delivered before today"). Pure: the caller passes `now`.
 */
import type { Status } from "../core/status.js";
import { calibratedConfidence, levelAt, rawConfidence } from "./calibration.js";
import type { LocalTime } from "./dates.js";
import { formatDay, parseLocalTime, yearOfDay } from "./dates.js";
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from "./calendar.js";
import type { DateDistribution } from "./distribution.js";
import { ShrunkTree, conditionFrom, quantileDay, withCdf } from "./distribution.js";
import type { ShipmentFacts } from "./features.js";
import { deliveryCalendar } from "./features.js";
import type { EtaModel, StageCalibration } from "./model.js";
import { identityCalibration } from "./model.js";
import type { NodeInfo, StageEngine, StageResult } from "./stages.js";
import { atOrder, countsToDates, transitFrom } from "./stages.js";

export type EtaStage =
  | "at_order"
  | "at_ship"
  | "in_transit"
  | "at_destination_facility"
  | "out_for_delivery"
  | "available_for_pickup"
  | "attempt_failed"
  | "exception"
  | "overdue"
  | "delivered";

export interface CurrentStatus {
  status: Status;
  substatus?: string | null;
  /** When the latest scan happened (wall clock as written); defaults to `now`. */
  at?: string | null;
  /** The latest scan is at the facility that serves the destination (the caller knows its location). */
  atDestinationFacility?: boolean;
}

export interface PredictInput {
  facts: ShipmentFacts;
  /** Order time, "YYYY-MM-DD HH:MM:SS" or ISO 8601, taken as the seller's wall clock. */
  orderedAt: string;
  /** The first carrier scan, when there has been one. */
  shippedAt?: string | null;
  status?: CurrentStatus | null;
  /** The current wall-clock time; without it, no "not delivered yet" conditioning is applied. */
  now?: string | null;
}

export interface PredictOptions {
  /** Coverage of the earliest–latest window (default: the model's, 0.8). */
  coverage?: number;
  /** Share of deliveries on or before the promise date (default: the model's). */
  promiseQuantile?: number;
}

export interface EtaBasis {
  stage: EtaStage;
  /** convolve | total | blend | transit | last_mile | fixed | delivered. */
  method: string;
  /** The day durations were counted from (order, first scan or today). */
  from: string;
  /** The day deliveries before which were ruled out, when `now` was given. */
  conditionedOn: string | null;
  lane: NodeInfo | null;
  handling: NodeInfo | null;
  calibrated: boolean;
  modelVersion: number;
  trainedThrough: string;
}

export interface EtaPrediction {
  /** Point forecast: the calibrated median date (it minimizes the expected absolute error in days). */
  mostLikely: string;
  earliest: string;
  latest: string;
  /** Intended share of deliveries inside [earliest, latest]. */
  coverage: number;
  promise: string;
  promiseQuantile: number;
  /** Probability (calibrated on held-out deliveries) that delivery is within one day of mostLikely. */
  confidence: number;
  basis: EtaBasis;
}

export type EtaResult = { ok: true; prediction: EtaPrediction } | { ok: false; reason: string };

/** A prediction as day numbers (what the backtest scores). */
export interface DayPrediction {
  mostLikely: number;
  earliest: number;
  latest: number;
  promise: number;
  confidence: number;
}

const runtimes = new WeakMap<EtaModel, StageEngine>();

function engineFor(model: EtaModel): StageEngine {
  let engine = runtimes.get(model);
  if (!engine) {
    const k = model.params.priorStrength;
    const kl = model.params.locationStrength;
    engine = {
      config: { weekmasks: model.weekmasks, holidayTypes: model.params.holidayTypes },
      cutoffMinute: model.params.cutoffMinute,
      postalPrefixLengths: model.params.postalPrefixLengths,
      handling: { tree: new ShrunkTree(model.handling, k, kl), dayCount: model.params.handlingDayCount },
      transit: {
        tree: new ShrunkTree(model.transit, k, kl),
        dayCount: model.params.transitDayCount,
        factors: model.transitFactors,
      },
      total: {
        tree: new ShrunkTree(model.total, k, kl),
        dayCount: model.params.totalDayCount,
        factors: model.totalFactors,
      },
    };
    runtimes.set(model, engine);
  }
  return engine;
}

/** The order-time distribution over delivery dates. */
export function distributionAtOrder(
  model: EtaModel,
  facts: ShipmentFacts,
  ordered: LocalTime,
): StageResult | null {
  return atOrder(engineFor(model), model.params.atOrder, model.params.blendWeight, facts, ordered);
}

/** The distribution once the carrier has scanned the parcel on `shipDay`. */
export function distributionAtShip(
  model: EtaModel,
  facts: ShipmentFacts,
  ordered: LocalTime,
  shipDay: number,
): StageResult | null {
  const transit = transitFrom(engineFor(model), facts, shipDay);
  if (transit) return transit;
  // No transit data at all: the order-time distribution, knowing it has not arrived before the scan.
  const order = distributionAtOrder(model, facts, ordered);
  const dist = order && conditionFrom(order.dist, shipDay);
  return order && dist ? { ...order, dist } : null;
}

/** Reads dates off a distribution with a stage's calibrated levels. */
export function summarize(
  dist: DateDistribution,
  calibration: StageCalibration,
  coverage: number,
  promiseQuantile: number,
): DayPrediction {
  const target = Math.min(0.995, coverage + calibration.windowMargin);
  const earliest = quantileDay(dist, levelAt(calibration.lower, (1 - target) / 2));
  const latest = Math.max(earliest, quantileDay(dist, levelAt(calibration.upper, (1 + target) / 2)));
  const mostLikely = Math.min(latest, Math.max(earliest, quantileDay(dist, calibration.median)));
  const promise = Math.max(earliest, quantileDay(dist, levelAt(calibration.upper, promiseQuantile)));
  const confidence = calibratedConfidence(calibration, rawConfidence(dist, mostLikely));
  return { mostLikely, earliest, latest, promise, confidence: Number(confidence.toFixed(3)) };
}

/** Working days after today that an out-for-delivery / failed-attempt parcel arrives (priors, not learned). */
const FIXED: Partial<Record<Status, number[]>> = {
  out_for_delivery: [0.92, 0.06, 0.02],
  available_for_pickup: [0.6, 0.2, 0.1, 0.05, 0.05],
  attempt_failed: [0.05, 0.7, 0.15, 0.1],
};
/** Extra working days an exception usually costs. */
const EXCEPTION_DELAY: Record<string, number> = {
  held_customs: 3,
  address_issue: 2,
  weather_delay: 1,
  carrier_delay: 1,
};
const NO_DELIVERY: readonly Status[] = ["return_to_sender", "returned", "cancelled", "expired"];

function parseTime(text: string | null | undefined): LocalTime | null | "invalid" {
  if (text === null || text === undefined || text.trim() === "") return null;
  const t = parseLocalTime(text);
  if (!t) return "invalid";
  const year = yearOfDay(t.day);
  return year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR ? "invalid" : t;
}

/** The distribution moved `days` working days later (an exception's usual cost). */
function shiftWorkingDays(
  dist: DateDistribution,
  days: number,
  model: EtaModel,
  facts: ShipmentFacts,
): DateDistribution {
  const calendar = deliveryCalendar(engineFor(model).config, facts, model.params.transitDayCount);
  const shifted = Array.from(dist.p, (_, i) => calendar.add(dist.start + i, days) - dist.start);
  const p = new Float64Array((shifted[shifted.length - 1] ?? 0) + 1);
  shifted.forEach((day, i) => (p[day] = (p[day] ?? 0) + (dist.p[i] ?? 0)));
  return withCdf(dist.start, p);
}

/**
 * Predicts the delivery window of one shipment. Expected failures (unparseable times, a parcel on its way back)
 * come back as `{ ok: false, reason }`.
 */
export function predictEta(model: EtaModel, input: PredictInput, options: PredictOptions = {}): EtaResult {
  const ordered = parseTime(input.orderedAt);
  const shipped = parseTime(input.shippedAt);
  const now = parseTime(input.now);
  const statusAt = parseTime(input.status?.at);
  if (ordered === null || ordered === "invalid")
    return { ok: false, reason: "orderedAt is missing or not a date" };
  if (shipped === "invalid" || now === "invalid" || statusAt === "invalid") {
    return { ok: false, reason: "shippedAt, status.at or now is not a date" };
  }
  const coverage = options.coverage ?? model.params.coverage;
  const promiseQuantile = options.promiseQuantile ?? model.params.promiseQuantile;
  const status = input.status?.status;
  const today = now?.day ?? statusAt?.day ?? null;
  const facts = input.facts;
  const basis = (stage: EtaStage, method: string, from: number, rest: Partial<EtaBasis> = {}): EtaBasis => ({
    stage,
    method,
    from: formatDay(from),
    conditionedOn: null,
    lane: null,
    handling: null,
    calibrated: false,
    modelVersion: model.version,
    trainedThrough: model.trainedThrough,
    ...rest,
  });
  const done = (d: DayPrediction, b: EtaBasis): EtaResult => ({
    ok: true,
    prediction: {
      mostLikely: formatDay(d.mostLikely),
      earliest: formatDay(d.earliest),
      latest: formatDay(d.latest),
      coverage,
      promise: formatDay(d.promise),
      promiseQuantile,
      confidence: d.confidence,
      basis: b,
    },
  });

  if (status && NO_DELIVERY.includes(status)) return { ok: false, reason: `no delivery expected: ${status}` };
  if (status === "delivered") {
    const day = statusAt?.day ?? today;
    if (day === null) return { ok: false, reason: "delivered without a delivery time (status.at or now)" };
    return done(
      { mostLikely: day, earliest: day, latest: day, promise: day, confidence: 1 },
      basis("delivered", "delivered", day),
    );
  }
  const calendarFacts = deliveryCalendar(engineFor(model).config, facts, model.params.transitDayCount);
  const fixed = status ? FIXED[status] : undefined;
  if (fixed && today !== null) {
    const dist = countsToDates(Float64Array.from(fixed), today, calendarFacts);
    const stage: EtaStage = status as "attempt_failed" | "out_for_delivery" | "available_for_pickup";
    return done(
      summarize(dist, identityCalibration(), coverage, promiseQuantile),
      basis(stage, "fixed", today),
    );
  }
  if (status === "in_transit" && input.status?.atDestinationFacility && today !== null) {
    const arrival = statusAt?.day ?? today;
    const p = new Float64Array((model.lastMile.d[model.lastMile.d.length - 1] ?? 0) + 1);
    model.lastMile.d.forEach((d, i) => (p[d] = model.lastMile.p[i] ?? 0));
    const dist = countsToDates(p, arrival, calendarFacts);
    const conditioned = conditionFrom(dist, today) ?? dist;
    const b = basis("at_destination_facility", "last_mile", arrival, { conditionedOn: formatDay(today) });
    return done(summarize(conditioned, identityCalibration(), coverage, promiseQuantile), b);
  }

  const fromShip = shipped !== null;
  const result = fromShip
    ? distributionAtShip(model, facts, ordered, shipped.day)
    : distributionAtOrder(model, facts, ordered);
  if (!result) return { ok: false, reason: "the model has no data at all for this shipment" };
  const calibration = fromShip ? model.calibration.at_ship : model.calibration.at_order;
  let stage: EtaStage = status === "in_transit" ? "in_transit" : fromShip ? "at_ship" : "at_order";
  let dist = result.dist;
  if (status === "exception") {
    dist = shiftWorkingDays(dist, EXCEPTION_DELAY[input.status?.substatus ?? ""] ?? 2, model, facts);
    stage = "exception";
  }
  const rest: Partial<EtaBasis> = {
    lane: result.lane,
    handling: result.handling,
    calibrated: calibration.rows > 0,
  };
  if (today !== null && today > dist.start) {
    const conditioned = conditionFrom(dist, today);
    rest.conditionedOn = formatDay(today);
    if (!conditioned) {
      // Later than anything the model has seen for this lane: a short decaying wait from today.
      const overdue = countsToDates(
        Float64Array.from([0.3, 0.25, 0.15, 0.1, 0.08, 0.06, 0.06]),
        today,
        calendarFacts,
      );
      const b = basis("overdue", "fixed", today, rest);
      return done(summarize(overdue, identityCalibration(), coverage, promiseQuantile), b);
    }
    dist = conditioned;
  }
  const from = fromShip ? shipped.day : ordered.day;
  return done(
    summarize(dist, calibration, coverage, promiseQuantile),
    basis(stage, result.method, from, rest),
  );
}
