/**
 * The delivery-window model: a plain, JSON-serializable, versioned object (store it as jsonb), trained by
 * `trainEtaModel` and read by `predictEta`. Everything in it is data; the holiday calendars it refers to are
 * rebuilt from date-holidays at prediction time.
 */
import type { HolidayType } from "./calendar.js";
import type { DisruptedWeek } from "./disruption.js";
import type { HistTree } from "./distribution.js";
import type { DayCount, Weekmasks } from "./features.js";

export const ETA_MODEL_FORMAT = "shipwatch.eta.model";
export const ETA_MODEL_VERSION = 1;

/** How the order-time distribution is built: handling ⊗ transit, order→delivery directly, or their mixture. */
export type AtOrderMethod = "convolve" | "total" | "blend";

/** Nominal probabilities at which calibrated levels are stored (0.005 … 0.995). */
export const LEVEL_GRID: readonly number[] = Array.from({ length: 199 }, (_, i) =>
  Number(((i + 1) * 0.005).toFixed(3)),
);

/**
 * Recalibration of one stage, learned out-of-sample on the most recent part of the training period.
 * To get a date before which a share p of deliveries falls, the model's quantile is read at level
 * upper[p] (for latest/promise) or lower[p] (for earliest); the point forecast uses level `median`.
 */
export interface StageCalibration {
  rows: number;
  /**
   * Windows are read at coverage + windowMargin: held-out folds sit right after their training data, later
   * predictions drift further from it, so the window is calibrated slightly wide to hold its coverage.
   */
  windowMargin: number;
  lower: number[];
  upper: number[];
  median: number;
  /** Monotone map from the model's P(|delivery − mostLikely| ≤ 1 day) to the observed frequency. */
  confidence: { raw: number[]; calibrated: number[] };
}

export interface EtaModelParams {
  halfLifeDays: number;
  priorStrength: number;
  locationStrength: number;
  coverage: number;
  promiseQuantile: number;
  /** "fixed" when given, "auto" when derived from the marketplace's own late rate, "default" otherwise. */
  promiseQuantileSource: "fixed" | "auto" | "default";
  handlingDayCount: DayCount;
  transitDayCount: DayCount;
  totalDayCount: DayCount;
  atOrder: AtOrderMethod;
  /** Weight of the convolution in the "blend" method. */
  blendWeight: number;
  cutoffMinute: number | null;
  holidayTypes: HolidayType[];
  postalPrefixLengths: number[];
}

export interface TrainingSummary {
  rows: number;
  handlingRows: number;
  transitRows: number;
  firstOrder: string | null;
  lastOrder: string | null;
  /**
   * Share of the held-out fold rows (recent orders, disruptions in their long-run share) delivered after the
   * marketplace's promised date; null without promises.
   */
  marketplaceLateRate: number | null;
  /** Mean out-of-sample CRPS (days) of each candidate tried, by stage. */
  selection: Record<string, number>;
  /** Order weeks treated as transient disruptions and down-weighted. */
  disruptedWeeks: DisruptedWeek[];
}

export interface EtaModel {
  format: typeof ETA_MODEL_FORMAT;
  version: typeof ETA_MODEL_VERSION;
  /** Recency weights are relative to this day (the training split). */
  trainedThrough: string;
  params: EtaModelParams;
  weekmasks: Weekmasks;
  handling: HistTree;
  transit: HistTree;
  total: HistTree;
  /** Per-warehouse stretch (log ratio) of the order → delivery and of the transit distributions. */
  totalFactors: Record<string, number>;
  transitFactors: Record<string, number>;
  calibration: { at_order: StageCalibration; at_ship: StageCalibration };
  /** Working days from arrival at the destination facility to delivery (a prior until scan data trains it). */
  lastMile: { d: number[]; p: number[] };
  training: TrainingSummary;
}

/** An uncalibrated stage: the model's own quantiles are used as they are. */
export function identityCalibration(): StageCalibration {
  return {
    rows: 0,
    windowMargin: 0,
    lower: [...LEVEL_GRID],
    upper: [...LEVEL_GRID],
    median: 0.5,
    confidence: { raw: [], calibrated: [] },
  };
}

/** Default last-mile prior: most parcels leave the destination facility the next working day. */
export const DEFAULT_LAST_MILE = { d: [0, 1, 2, 3, 4, 5], p: [0.15, 0.55, 0.17, 0.07, 0.04, 0.02] };

export function serializeEtaModel(model: EtaModel): string {
  return JSON.stringify(model);
}

export class EtaModelError extends Error {}

/** Parses a stored model, refusing other formats and versions rather than predicting from them. */
export function parseEtaModel(json: string | unknown): EtaModel {
  const value: unknown = typeof json === "string" ? JSON.parse(json) : json;
  if (typeof value !== "object" || value === null) throw new EtaModelError("ETA model: not an object");
  const model = value as Partial<EtaModel>;
  if (model.format !== ETA_MODEL_FORMAT)
    throw new EtaModelError(`ETA model: unknown format ${String(model.format)}`);
  if (model.version !== ETA_MODEL_VERSION) {
    throw new EtaModelError(
      `ETA model: version ${String(model.version)} is not supported (expected ${ETA_MODEL_VERSION})`,
    );
  }
  for (const part of [
    "params",
    "weekmasks",
    "handling",
    "transit",
    "total",
    "totalFactors",
    "calibration",
    "lastMile",
  ] as const) {
    if (typeof model[part] !== "object" || model[part] === null)
      throw new EtaModelError(`ETA model: missing ${part}`);
  }
  return model as EtaModel;
}
