/**
 * Keeping each shipment's predicted window current: predict with the seller's active model for the shipments a
 * batch changed, compare with the stored prediction, and write what changed in one statement — the current
 * prediction, a history row when the window (earliest–latest) moved, and `shipment.eta_changed` in the outbox
 * with the window before and after. Runs in the caller's transaction (the ingest path, a retrain).
 */
import type { ShipmentState } from "../../core/fold.js";
import type { SqlSession } from "../../db/client.js";
import { parseLocalTime } from "../dates.js";
import type { EtaModel } from "../model.js";
import type { EtaResult, EtaStage, PredictInput, PredictOptions } from "../predict.js";
import { predictEta } from "../predict.js";
import type { ActiveModel } from "./model-store.js";
import { sellerEtaContext } from "./model-store.js";
import type { ScanPlace, ShipmentFactsRow } from "./shipment-input.js";
import { predictionInput } from "./shipment-input.js";

/** A prediction as stored (dates "YYYY-MM-DD"). */
export interface StoredPrediction {
  mostLikely: string;
  earliest: string;
  latest: string;
  coverage: number;
  promise: string;
  promiseQuantile: number;
  confidence: number;
  stage: EtaStage | string;
  modelVersion: number;
}

/** A shipment to predict: its state now and, when this batch knows it, where its last scan was. */
export interface PredictionSubject {
  shipmentId: string;
  state: ShipmentState;
  lastScan: ScanPlace | null;
}

export interface PredictionChange {
  shipmentId: string;
  orderId: string | null;
  carrier: string;
  trackingNumber: string;
  before: StoredPrediction | null;
  after: StoredPrediction;
  basis: Record<string, unknown>;
  /** earliest or latest differs from the stored prediction (or there was none). */
  windowChanged: boolean;
}

export interface WindowPair {
  before: { earliest: string; latest: string } | null;
  after: { earliest: string; latest: string } | null;
}

export interface PredictionPlan {
  sellerId: string;
  model: ActiveModel;
  at: Date;
  changes: PredictionChange[];
  /** The predicted window of every subject before and after this batch (for the delay and late rules). */
  windows: Map<string, WindowPair>;
}

interface ContextRow {
  id: string;
  order_id: string | null;
  carrier: string;
  tracking_number: string;
  service: string | null;
  direction: string;
  origin_postal: string | null;
  origin_city: string | null;
  origin_region: string | null;
  origin_country: string | null;
  destination_postal: string | null;
  destination_city: string | null;
  destination_region: string | null;
  destination_country: string | null;
  created_at: Date | string;
  ordered_at: Date | string | null;
  time_zone: string | null;
  p_most_likely: string | null;
  p_earliest: string | null;
  p_latest: string | null;
  p_coverage: number | null;
  p_promise: string | null;
  p_promise_quantile: number | null;
  p_confidence: number | null;
  p_stage: string | null;
  p_model_version: number | null;
}

/** Statuses whose window is kept as it was: the journey is over (or turned back), nothing is predicted. */
const SETTLED = new Set(["delivered", "returned", "return_to_sender", "cancelled", "expired"]);

function stored(r: ContextRow): StoredPrediction | null {
  if (r.p_earliest === null || r.p_latest === null) return null;
  return {
    mostLikely: r.p_most_likely!,
    earliest: r.p_earliest,
    latest: r.p_latest,
    coverage: r.p_coverage!,
    promise: r.p_promise!,
    promiseQuantile: r.p_promise_quantile!,
    confidence: r.p_confidence!,
    stage: r.p_stage!,
    modelVersion: r.p_model_version!,
  };
}

const same = (a: StoredPrediction, b: StoredPrediction) =>
  a.mostLikely === b.mostLikely &&
  a.earliest === b.earliest &&
  a.latest === b.latest &&
  a.promise === b.promise &&
  a.coverage === b.coverage &&
  a.promiseQuantile === b.promiseQuantile &&
  a.confidence === b.confidence &&
  a.stage === b.stage &&
  a.modelVersion === b.modelVersion;

const window = (p: StoredPrediction | null) => (p ? { earliest: p.earliest, latest: p.latest } : null);

/** Predictions per model row, keyed by everything an input is predicted from (see `inputKey`). */
const memo = new Map<string, Map<string, EtaResult>>();
const MEMO_ENTRIES = 20_000;
const MEMO_MODELS = 16;

/**
 * What a prediction depends on, at the granularity the model reads it: the lane and place facts, the order's day
 * and whether it was placed after the model's cut-off, the first scan's day, the status with the days of its
 * scan and of today, and the options. Parcels of one lane moving together (a carrier's batch of scans) share it.
 */
function inputKey(model: EtaModel, input: PredictInput, options: PredictOptions): string | null {
  const ordered = parseLocalTime(input.orderedAt);
  if (!ordered) return null;
  const cutoff = model.params.cutoffMinute;
  const day = (text: string | null | undefined) => (text ? (parseLocalTime(text)?.day ?? "x") : "");
  const f = input.facts;
  const st = input.status;
  return [
    f.carrier,
    f.service,
    f.origin?.postal,
    f.origin?.region,
    f.origin?.country,
    f.destination?.postal,
    f.destination?.region,
    f.destination?.country,
    ordered.day,
    cutoff !== null && ordered.minute >= cutoff ? 1 : 0,
    day(input.shippedAt),
    day(input.now),
    st?.status ?? "",
    st?.substatus ?? "",
    day(st?.at),
    st?.atDestinationFacility ? 1 : 0,
    options.coverage ?? "",
    options.promiseQuantile ?? "",
  ].join("|");
}

/** predictEta, remembered per model version: a batch of scans on the same lanes and days predicts once. */
function memoizedPredict(model: ActiveModel, input: PredictInput, options: PredictOptions): EtaResult {
  const key = inputKey(model.model, input, options);
  if (key === null) return predictEta(model.model, input, options);
  let cache = memo.get(model.id);
  if (!cache) {
    // One active model per seller: remember the most recently used sellers' models only.
    if (memo.size >= MEMO_MODELS) memo.delete(memo.keys().next().value!);
    cache = new Map();
    memo.set(model.id, cache);
  }
  let result = cache.get(key);
  if (!result) {
    result = predictEta(model.model, input, options);
    if (cache.size >= MEMO_ENTRIES) cache.clear();
    cache.set(key, result);
  }
  return result;
}

/**
 * Predicts the subjects with the seller's active model. Null when the seller has no model (the window then
 * falls back to the carrier's estimate or the promised date, as before predictions existed).
 */
export async function planPredictions(
  s: SqlSession,
  sellerId: string,
  subjects: readonly PredictionSubject[],
  now: Date = new Date(),
): Promise<PredictionPlan | null> {
  if (subjects.length === 0) return null;
  const context = await sellerEtaContext(s, sellerId);
  if (!context.model) return null;
  const rows = await s.query<ContextRow>(
    `SELECT s.id, s.order_id, s.carrier, s.tracking_number, s.service, s.direction, s.origin_postal, s.origin_city,
       s.origin_region, s.origin_country, s.destination_postal, s.destination_city, s.destination_region,
       s.destination_country, s.created_at, o.ordered_at, o.time_zone,
       p.most_likely::text AS p_most_likely, p.earliest::text AS p_earliest, p.latest::text AS p_latest,
       p.coverage AS p_coverage, p.promise::text AS p_promise, p.promise_quantile AS p_promise_quantile,
       p.confidence AS p_confidence, p.stage AS p_stage, p.model_version AS p_model_version
     FROM shipments s
     LEFT JOIN orders o ON o.id = s.order_id
     LEFT JOIN shipment_predictions p ON p.shipment_id = s.id
     WHERE s.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(subjects.map((x) => x.shipmentId))],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const model = context.model;
  const changes: PredictionChange[] = [];
  const windows = new Map<string, WindowPair>();
  for (const subject of subjects) {
    const row = byId.get(subject.shipmentId);
    if (!row) continue;
    const before = stored(row);
    windows.set(row.id, { before: window(before), after: window(before) });
    if (row.direction !== "outbound" || SETTLED.has(subject.state.status) || subject.state.returning)
      continue;
    const facts: ShipmentFactsRow = {
      carrier: row.carrier,
      service: row.service,
      origin: {
        city: row.origin_city,
        region: row.origin_region,
        postal: row.origin_postal,
        country: row.origin_country,
      },
      destination: {
        city: row.destination_city,
        region: row.destination_region,
        postal: row.destination_postal,
        country: row.destination_country,
      },
      orderedAt: new Date(row.ordered_at ?? row.created_at),
      sellerZone: context.timeZone,
      shopperZone: row.time_zone || context.timeZone,
    };
    const result = memoizedPredict(
      model,
      predictionInput(facts, subject.state, subject.lastScan, now),
      context.options,
    );
    if (!result.ok) continue;
    const p = result.prediction;
    const after: StoredPrediction = {
      mostLikely: p.mostLikely,
      earliest: p.earliest,
      latest: p.latest,
      coverage: p.coverage,
      promise: p.promise,
      promiseQuantile: p.promiseQuantile,
      confidence: p.confidence,
      stage: p.basis.stage,
      modelVersion: model.version,
    };
    windows.set(row.id, { before: window(before), after: window(after) });
    if (before && same(before, after)) continue;
    changes.push({
      shipmentId: row.id,
      orderId: row.order_id,
      carrier: row.carrier,
      trackingNumber: row.tracking_number,
      before,
      after,
      basis: p.basis as unknown as Record<string, unknown>,
      windowChanged: !before || before.earliest !== after.earliest || before.latest !== after.latest,
    });
  }
  return { sellerId, model, at: now, changes, windows };
}

/** Whole days from date a to date b ("YYYY-MM-DD"). */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/**
 * Writes a plan in one statement: upserts the current predictions, appends history for moved windows and puts
 * `shipment.eta_changed` in the outbox for windows that moved from a previous one. A replayed batch predicts
 * the same and writes nothing; the dedupe key keeps a retried one from writing the event twice.
 */
export async function writePredictions(s: SqlSession, plan: PredictionPlan): Promise<number> {
  if (plan.changes.length === 0) return 0;
  const at = plan.at.toISOString();
  const rows = plan.changes.map((c) => {
    const moved = c.windowChanged && c.before !== null;
    return {
      shipment_id: c.shipmentId,
      most_likely: c.after.mostLikely,
      earliest: c.after.earliest,
      latest: c.after.latest,
      coverage: c.after.coverage,
      promise: c.after.promise,
      promise_quantile: c.after.promiseQuantile,
      confidence: c.after.confidence,
      stage: c.after.stage,
      model_version: c.after.modelVersion,
      basis: c.basis,
      window_changed: c.windowChanged,
      dedupe_key: moved
        ? `shipment.eta_changed:${c.shipmentId}:${c.before!.earliest}..${c.before!.latest}>${c.after.earliest}..${c.after.latest}:${at}`
        : null,
      event: moved
        ? {
            shipmentId: c.shipmentId,
            orderId: c.orderId,
            carrier: c.carrier,
            trackingNumber: c.trackingNumber,
            before: c.before,
            after: c.after,
            latestMovedDays: daysBetween(c.before!.latest, c.after.latest),
            at,
          }
        : null,
    };
  });
  await s.query(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(shipment_id uuid, most_likely date, earliest date,
         latest date, coverage double precision, promise date, promise_quantile double precision,
         confidence double precision, stage text, model_version integer, basis jsonb, window_changed boolean,
         dedupe_key text, event jsonb)
     ), current AS (
       INSERT INTO shipment_predictions AS p (shipment_id, seller_id, most_likely, earliest, latest, coverage, promise,
         promise_quantile, confidence, stage, model_version, basis, predicted_at, window_changed_at)
       SELECT x.shipment_id, $1, x.most_likely, x.earliest, x.latest, x.coverage, x.promise, x.promise_quantile,
         x.confidence, x.stage, x.model_version, x.basis, $3, $3
       FROM x
       ON CONFLICT (shipment_id) DO UPDATE SET most_likely = EXCLUDED.most_likely, earliest = EXCLUDED.earliest,
         latest = EXCLUDED.latest, coverage = EXCLUDED.coverage, promise = EXCLUDED.promise,
         promise_quantile = EXCLUDED.promise_quantile, confidence = EXCLUDED.confidence, stage = EXCLUDED.stage,
         model_version = EXCLUDED.model_version, basis = EXCLUDED.basis, predicted_at = EXCLUDED.predicted_at,
         window_changed_at = CASE WHEN (p.earliest, p.latest) IS DISTINCT FROM (EXCLUDED.earliest, EXCLUDED.latest)
           THEN EXCLUDED.window_changed_at ELSE p.window_changed_at END
     ), history AS (
       INSERT INTO shipment_prediction_history (shipment_id, seller_id, most_likely, earliest, latest, coverage,
         promise, confidence, stage, model_version, at)
       SELECT x.shipment_id, $1, x.most_likely, x.earliest, x.latest, x.coverage, x.promise, x.confidence, x.stage,
         x.model_version, $3
       FROM x WHERE x.window_changed
     )
     INSERT INTO outbox (seller_id, topic, aggregate_type, aggregate_id, payload, dedupe_key)
     SELECT $1, 'shipment.eta_changed', 'shipment', x.shipment_id, x.event, x.dedupe_key
     FROM x WHERE x.event IS NOT NULL
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [plan.sellerId, JSON.stringify(rows), at],
  );
  return rows.length;
}
