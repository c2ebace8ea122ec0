/** Reading predicted delivery windows (migration 0008): the current one per shipment and how it moved. */
import type { Database } from "../client.js";

export interface PredictionRecord {
  shipmentId: string;
  mostLikely: string;
  earliest: string;
  latest: string;
  coverage: number;
  promise: string;
  promiseQuantile: number;
  confidence: number;
  stage: string;
  modelVersion: number;
  predictedAt: Date;
  windowChangedAt: Date;
}

export interface PredictionHistoryRecord {
  shipmentId: string;
  mostLikely: string;
  earliest: string;
  latest: string;
  coverage: number;
  promise: string;
  confidence: number;
  stage: string;
  modelVersion: number;
  at: Date;
}

interface CurrentRow {
  shipment_id: string;
  most_likely: string;
  earliest: string;
  latest: string;
  coverage: number;
  promise: string;
  promise_quantile: number;
  confidence: number;
  stage: string;
  model_version: number;
  predicted_at: Date | string;
  window_changed_at: Date | string;
}

interface HistoryRow {
  shipment_id: string;
  most_likely: string;
  earliest: string;
  latest: string;
  coverage: number;
  promise: string;
  confidence: number;
  stage: string;
  model_version: number;
  at: Date | string;
}

const ids = (list: readonly string[]) => JSON.stringify(list);

/** The current predictions of these shipments, by shipment id (a shipment without one is absent). */
export async function predictionsOf(
  db: Pick<Database, "query">,
  shipmentIds: readonly string[],
): Promise<Map<string, PredictionRecord>> {
  if (shipmentIds.length === 0) return new Map();
  const rows = await db.query<CurrentRow>(
    `SELECT shipment_id, most_likely::text, earliest::text, latest::text, coverage, promise::text, promise_quantile,
       confidence, stage, model_version, predicted_at, window_changed_at
     FROM shipment_predictions
     WHERE shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [ids(shipmentIds)],
  );
  return new Map(
    rows.map((r) => [
      r.shipment_id,
      {
        shipmentId: r.shipment_id,
        mostLikely: r.most_likely,
        earliest: r.earliest,
        latest: r.latest,
        coverage: r.coverage,
        promise: r.promise,
        promiseQuantile: r.promise_quantile,
        confidence: r.confidence,
        stage: r.stage,
        modelVersion: r.model_version,
        predictedAt: new Date(r.predicted_at),
        windowChangedAt: new Date(r.window_changed_at),
      },
    ]),
  );
}

/** Every window these shipments were given, oldest first, by shipment id. */
export async function predictionHistoriesOf(
  db: Pick<Database, "query">,
  shipmentIds: readonly string[],
): Promise<Map<string, PredictionHistoryRecord[]>> {
  const out = new Map<string, PredictionHistoryRecord[]>(shipmentIds.map((id) => [id, []]));
  if (shipmentIds.length === 0) return out;
  const rows = await db.query<HistoryRow>(
    `SELECT shipment_id, most_likely::text, earliest::text, latest::text, coverage, promise::text, confidence, stage,
       model_version, at
     FROM shipment_prediction_history
     WHERE shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))
     ORDER BY id`,
    [ids(shipmentIds)],
  );
  for (const r of rows) {
    out.get(r.shipment_id)?.push({
      shipmentId: r.shipment_id,
      mostLikely: r.most_likely,
      earliest: r.earliest,
      latest: r.latest,
      coverage: r.coverage,
      promise: r.promise,
      confidence: r.confidence,
      stage: r.stage,
      modelVersion: r.model_version,
      at: new Date(r.at),
    });
  }
  return out;
}

/** What the tracking page shows of a prediction: its window, its confidence and the windows it was given before. */
export interface PageWindowRecord {
  earliest: string;
  latest: string;
  confidence: number;
  /** Every window recorded, oldest first (the last one is normally the current window). */
  history: { at: Date; earliest: string; latest: string }[];
}

/**
 * The current windows of these shipments with their histories, in one statement: the tracking page's cold
 * render reads them for every shipment of an order, and on embedded PGlite each statement blocks the server.
 */
export async function pageWindowsOf(
  db: Pick<Database, "query">,
  shipmentIds: readonly string[],
): Promise<Map<string, PageWindowRecord>> {
  if (shipmentIds.length === 0) return new Map();
  const rows = await db.query<{
    shipment_id: string;
    earliest: string;
    latest: string;
    confidence: number;
    history: { at: string; earliest: string; latest: string }[];
  }>(
    `SELECT p.shipment_id, p.earliest::text, p.latest::text, p.confidence,
       COALESCE((SELECT json_agg(json_build_object('at', h.at, 'earliest', h.earliest::text, 'latest', h.latest::text)
                 ORDER BY h.id)
                 FROM shipment_prediction_history h WHERE h.shipment_id = p.shipment_id), '[]'::json) AS history
     FROM shipment_predictions p
     WHERE p.shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [ids(shipmentIds)],
  );
  return new Map(
    rows.map((r) => [
      r.shipment_id,
      {
        earliest: r.earliest,
        latest: r.latest,
        confidence: r.confidence,
        history: r.history.map((h) => ({ at: new Date(h.at), earliest: h.earliest, latest: h.latest })),
      },
    ]),
  );
}
