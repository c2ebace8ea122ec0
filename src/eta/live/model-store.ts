/**
 * Versioned ETA models per seller (table eta_models): save a newly trained model as the next version and make it
 * the active one, and read the active model — parsed once per model row and kept in memory, so predicting on the
 * ingest path costs one small query per batch, not a JSON parse.
 */
import type { SqlSession } from "../../db/client.js";
import type { EtaModel } from "../model.js";
import { parseEtaModel } from "../model.js";

/** Anything that runs SQL: a Database or a session inside a transaction. */
export type Queryable = Pick<SqlSession, "query">;

export interface ActiveModel {
  id: string;
  /** The seller's version number (1, 2, 3…), stored with every prediction. */
  version: number;
  model: EtaModel;
}

export interface SellerEtaContext {
  /** The seller's time zone (settings.timeZone), the zone order and ship times are read in. */
  timeZone: string;
  model: ActiveModel | null;
  /** settings.eta: the window's coverage and the promise quantile, when the seller set them. */
  options: { coverage?: number; promiseQuantile?: number };
}

const fraction = (text: string | null, min: number, max: number): number | undefined => {
  const value = text === null ? Number.NaN : Number(text);
  return Number.isFinite(value) && value >= min && value <= max ? value : undefined;
};

/** Versions kept per seller; older inactive ones are deleted when a new one is saved. */
export const KEPT_VERSIONS = 10;
const MAX_CACHED = 64;
const parsed = new Map<string, EtaModel>();

/** The seller's time zone and active model (null: none trained yet, predictions fall back to carrier/promise). */
export async function sellerEtaContext(s: Queryable, sellerId: string): Promise<SellerEtaContext> {
  const [row] = await s.query<{
    zone: string | null;
    coverage: string | null;
    promise: string | null;
    id: string | null;
    version: number | null;
  }>(
    `SELECT sel.settings->>'timeZone' AS zone, sel.settings->'eta'->>'coverage' AS coverage,
       sel.settings->'eta'->>'promiseQuantile' AS promise, m.id, m.version
     FROM sellers sel LEFT JOIN eta_models m ON m.seller_id = sel.id AND m.active
     WHERE sel.id = $1`,
    [sellerId],
  );
  const timeZone = row?.zone || "UTC";
  const coverage = fraction(row?.coverage ?? null, 0.5, 0.98);
  const promiseQuantile = fraction(row?.promise ?? null, 0.5, 0.995);
  const options = {
    ...(coverage !== undefined ? { coverage } : {}),
    ...(promiseQuantile !== undefined ? { promiseQuantile } : {}),
  };
  if (!row?.id || row.version === null) return { timeZone, model: null, options };
  let model = parsed.get(row.id);
  if (!model) {
    const [stored] = await s.query<{ model: unknown }>("SELECT model FROM eta_models WHERE id = $1", [
      row.id,
    ]);
    if (!stored) return { timeZone, model: null, options };
    model = parseEtaModel(stored.model);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(row.id, model);
  }
  return { timeZone, model: { id: row.id, version: row.version, model }, options };
}

/**
 * Stores a model as the seller's next version and activates it (the previous active one is kept, inactive).
 * Runs in the caller's transaction; the seller row is locked so two trainers number their versions in turn.
 */
export async function saveModelVersion(
  s: SqlSession,
  sellerId: string,
  model: EtaModel,
  training: Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  await s.query("SELECT 1 FROM sellers WHERE id = $1 FOR NO KEY UPDATE", [sellerId]);
  await s.query("UPDATE eta_models SET active = false WHERE seller_id = $1 AND active", [sellerId]);
  const [saved] = await s.query<{ id: string; version: number }>(
    `INSERT INTO eta_models (seller_id, version, model, training, active)
     SELECT $1, COALESCE(max(version), 0) + 1, $2::jsonb, $3::jsonb, true FROM eta_models WHERE seller_id = $1
     RETURNING id, version`,
    [sellerId, JSON.stringify(model), JSON.stringify(training)],
  );
  await s.query(`DELETE FROM eta_models WHERE seller_id = $1 AND NOT active AND version <= $2`, [
    sellerId,
    saved!.version - KEPT_VERSIONS,
  ]);
  return saved!;
}

export interface ModelVersionRow {
  version: number;
  trainedAt: Date;
  active: boolean;
  training: Record<string, unknown>;
}

/** The seller's stored versions, newest first (without the model bodies). */
export async function listModelVersions(s: Queryable, sellerId: string): Promise<ModelVersionRow[]> {
  const rows = await s.query<{
    version: number;
    trained_at: Date | string;
    active: boolean;
    training: Record<string, unknown>;
  }>(
    "SELECT version, trained_at, active, training FROM eta_models WHERE seller_id = $1 ORDER BY version DESC",
    [sellerId],
  );
  return rows.map((r) => ({
    version: r.version,
    trainedAt: new Date(r.trained_at),
    active: r.active,
    training: r.training,
  }));
}
