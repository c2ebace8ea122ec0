/**
 * Reading and writing folded shipment state. Writes are optimistic: the UPDATE only applies to a shipment still
 * at the state version (and order) it was read at, and reports a conflict otherwise, so two workers folding one
 * shipment never lose each other's events. The caller may instead lock the rows when reading them (FOR NO KEY
 * UPDATE, in id order so concurrent ingests never deadlock), which makes conflicts impossible.
 */
import type { NormalizedResult } from "../core/events.js";
import { INITIAL_STATE, type ShipmentState } from "../core/fold.js";
import { isStatus } from "../core/status.js";
import type { SqlSession } from "../db/client.js";
import type { WindowPair } from "../eta/live/predictions.js";
import { decideNotifications } from "../notifications/hook.js";

export interface ShipmentRow {
  id: string;
  orderId: string | null;
  carrier: string;
  trackingNumber: string;
  stateVersion: number;
  state: ShipmentState;
}

const STATE_COLUMNS = `s.id, s.order_id, s.carrier, s.tracking_number, s.state_version, s.status, s.substatus,
  s.status_changed_at, s.last_event_at, s.first_scan_at, s.out_for_delivery_at, s.delivered_at, s.attempt_count,
  s.is_returning, s.event_count, s.fold_cursor`;

interface StateRecord {
  id: string;
  order_id: string | null;
  carrier: string;
  tracking_number: string;
  state_version: number;
  status: string;
  substatus: string | null;
  status_changed_at: Date | null;
  last_event_at: Date | null;
  first_scan_at: Date | null;
  out_for_delivery_at: Date | null;
  delivered_at: Date | null;
  attempt_count: number;
  is_returning: boolean;
  event_count: number;
  fold_cursor: string | null;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

function toRow(r: StateRecord): ShipmentRow {
  return {
    id: r.id,
    orderId: r.order_id,
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    stateVersion: r.state_version,
    state: {
      ...INITIAL_STATE,
      status: isStatus(r.status) ? r.status : "pending",
      substatus: r.substatus,
      statusChangedAt: date(r.status_changed_at),
      lastEventAt: date(r.last_event_at),
      firstScanAt: date(r.first_scan_at),
      outForDeliveryAt: date(r.out_for_delivery_at),
      deliveredAt: date(r.delivered_at),
      attemptCount: r.attempt_count,
      returning: r.is_returning,
      eventCount: r.event_count,
      foldCursor: r.fold_cursor,
    },
  };
}

/**
 * Reads the shipments for these keys (or the one shipment id), creating missing ones if asked; with `lockRows`,
 * locks them until the transaction ends.
 */
export async function loadShipmentStates(
  s: SqlSession,
  sellerId: string,
  keys: readonly { carrier: string; trackingNumber: string }[],
  options: { shipmentId?: string; createMissingShipments?: boolean; lockRows?: boolean },
): Promise<ShipmentRow[]> {
  const lock = options.lockRows ? "FOR NO KEY UPDATE OF s" : "";
  if (options.shipmentId) {
    const rows = await s.query<StateRecord>(
      `SELECT ${STATE_COLUMNS} FROM shipments s WHERE s.seller_id = $1 AND s.id = $2 ${lock}`,
      [sellerId, options.shipmentId],
    );
    return rows.map(toRow);
  }
  if (keys.length === 0) return [];
  const select = (wanted: readonly { carrier: string; trackingNumber: string }[]) =>
    s.query<StateRecord>(
      `SELECT ${STATE_COLUMNS} FROM shipments s
       JOIN json_to_recordset($2::json) AS k(carrier text, tracking_number text)
         ON s.carrier = k.carrier AND s.tracking_number = k.tracking_number
       WHERE s.seller_id = $1 ORDER BY s.id ${lock}`,
      [
        sellerId,
        JSON.stringify(wanted.map((k) => ({ carrier: k.carrier, tracking_number: k.trackingNumber }))),
      ],
      { prepare: true },
    );
  const found = await select(keys);
  if (found.length === keys.length || options.createMissingShipments === false) return found.map(toRow);
  const have = new Set(found.map((r) => `${r.carrier}\u0000${r.tracking_number}`));
  const missing = keys.filter((k) => !have.has(`${k.carrier}\u0000${k.trackingNumber}`));
  await s.query(
    `INSERT INTO shipments (seller_id, carrier, tracking_number)
     SELECT $1, k.carrier, k.tracking_number FROM jsonb_to_recordset($2::jsonb) AS k(carrier text, tracking_number text)
     ORDER BY k.carrier, k.tracking_number
     ON CONFLICT (seller_id, carrier, tracking_number) DO NOTHING`,
    [
      sellerId,
      JSON.stringify(missing.map((k) => ({ carrier: k.carrier, tracking_number: k.trackingNumber }))),
    ],
  );
  return [...found, ...(await select(missing))].map(toRow);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** UTC ISO 8601 with milliseconds, as Date.prototype.toISOString writes it (years 0–9999). */
const SQL_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Another transaction changed shipments of this batch between reading and writing them. */
export class StateVersionConflict extends Error {
  constructor(readonly shipmentIds: readonly string[]) {
    super(`shipment state changed concurrently: ${shipmentIds.length} shipment(s)`);
    this.name = "StateVersionConflict";
  }
}

/**
 * Persists new states, bumping each shipment's state version, and writes `shipment.status_changed` to the
 * outbox when the status moved. The dedupe key makes a replay or a retried batch write it only once.
 *
 * Only shipments still at the version and order they were read at are written; if any other is, the statement
 * has written the rest and this throws StateVersionConflict: the caller rolls the attempt back and retries.
 *
 * One statement does both: the outbox rows are built in the database from the rows the UPDATE returns, so the
 * batch does not serialize, send and parse a second JSON document of payloads, nor wait for a second round trip.
 */
export async function persistShipmentStates(
  s: SqlSession,
  sellerId: string,
  changed: readonly (readonly [string, ShipmentState])[],
  carrierFacts: ReadonlyMap<string, NormalizedResult>,
  previous: ReadonlyMap<string, ShipmentRow>,
  predicted?: ReadonlyMap<string, WindowPair>,
): Promise<Map<string, number>> {
  if (changed.length === 0) return new Map();
  // Messages, alerts and seller webhooks are decided in this transaction, before the update (the delay trigger
  // compares the stored carrier estimate with this batch's); workers send them later.
  const decided = decideNotifications(
    s,
    sellerId,
    changed.map(([id, st]) => {
      const before = previous.get(id)!;
      return {
        shipmentId: id,
        orderId: before.orderId,
        carrier: before.carrier,
        trackingNumber: before.trackingNumber,
        before: before.state,
        after: st,
        carrierEstimate: carrierFacts.get(id)?.estimatedDelivery ?? null,
        ...(predicted?.has(id)
          ? { predictedBefore: predicted.get(id)!.before, predictedAfter: predicted.get(id)!.after }
          : {}),
      };
    }),
  );
  // The decision's first query is on its way: serialize the update while the database answers it.
  let rows: string;
  try {
    rows = updateRowsJson(changed, carrierFacts, previous);
  } catch (error) {
    await decided.catch(() => undefined);
    throw error;
  }
  await decided;
  const updated = await s.query<{ id: string; state_version: number }>(
    `WITH x AS (
       SELECT * FROM json_to_recordset($1::json) AS x(id uuid, status text, substatus text,
         status_changed_at timestamptz, last_event_at timestamptz, first_scan_at timestamptz,
         out_for_delivery_at timestamptz, delivered_at timestamptz, attempt_count integer, is_returning boolean,
         event_count integer, fold_cursor text, carrier_estimated_delivery text, signed_by text, service text,
         previous_status text, read_version integer, read_order_id uuid)
     ),
     updated AS (
       UPDATE shipments s SET status = x.status, substatus = x.substatus, status_changed_at = x.status_changed_at,
         last_event_at = x.last_event_at, first_scan_at = x.first_scan_at, out_for_delivery_at = x.out_for_delivery_at,
         delivered_at = x.delivered_at, attempt_count = x.attempt_count, is_returning = x.is_returning,
         event_count = x.event_count, fold_cursor = x.fold_cursor,
         carrier_estimated_delivery = COALESCE(x.carrier_estimated_delivery, s.carrier_estimated_delivery),
         signed_by = COALESCE(x.signed_by, s.signed_by), service = COALESCE(s.service, x.service),
         state_version = s.state_version + 1, updated_at = now()
       FROM x WHERE s.id = x.id AND s.state_version = x.read_version
         AND s.order_id IS NOT DISTINCT FROM x.read_order_id
       RETURNING s.id, s.state_version, s.order_id, s.carrier, s.tracking_number, s.status, s.substatus,
         s.status_changed_at, x.previous_status
     ),
     status_changed AS (
       SELECT u.*, to_char(u.status_changed_at AT TIME ZONE 'UTC', ${SQL_ISO}) AS at FROM updated u
       WHERE u.status IS DISTINCT FROM u.previous_status
     ),
     outbox_rows AS (
       INSERT INTO outbox (seller_id, topic, aggregate_type, aggregate_id, payload, dedupe_key)
       SELECT $2, 'shipment.status_changed', 'shipment', c.id,
         jsonb_build_object('shipmentId', c.id, 'orderId', c.order_id, 'carrier', c.carrier,
           'trackingNumber', c.tracking_number, 'from', c.previous_status, 'to', c.status,
           'substatus', c.substatus, 'at', c.at),
         'shipment.status_changed:' || c.id || ':' || c.status || ':' || COALESCE(c.at, 'null')
       FROM status_changed c
       ON CONFLICT (dedupe_key) DO NOTHING
     )
     SELECT id, state_version FROM updated`,
    [rows, sellerId],
    { prepare: true },
  );
  if (updated.length !== changed.length) {
    const written = new Set(updated.map((u) => u.id));
    throw new StateVersionConflict(changed.map(([id]) => id).filter((id) => !written.has(id)));
  }
  return new Map(updated.map((u) => [u.id, u.state_version]));
}

/** The UPDATE's rows as one JSON document: the new state, this batch's carrier facts, the status before. */
function updateRowsJson(
  changed: readonly (readonly [string, ShipmentState])[],
  carrierFacts: ReadonlyMap<string, NormalizedResult>,
  previous: ReadonlyMap<string, ShipmentRow>,
): string {
  return JSON.stringify(
    changed.map(([id, st]) => {
      const facts = carrierFacts.get(id);
      const before = previous.get(id)!;
      return {
        id,
        status: st.status,
        substatus: st.substatus,
        status_changed_at: iso(st.statusChangedAt),
        last_event_at: iso(st.lastEventAt),
        first_scan_at: iso(st.firstScanAt),
        out_for_delivery_at: iso(st.outForDeliveryAt),
        delivered_at: iso(st.deliveredAt),
        attempt_count: st.attemptCount,
        is_returning: st.returning,
        event_count: st.eventCount,
        fold_cursor: st.foldCursor,
        carrier_estimated_delivery: facts?.estimatedDelivery ?? null,
        signed_by: facts?.signedBy ?? null,
        service: facts?.service ?? null,
        previous_status: before.state.status,
        read_version: before.stateVersion,
        read_order_id: before.orderId,
      };
    }),
  );
}

export interface OutboxRow {
  topic: string;
  aggregate_id: string;
  dedupe_key: string | null;
  payload: Record<string, unknown>;
}

/** Appends domain events to the outbox in the caller's transaction; duplicates by dedupe key are skipped. */
export async function writeOutbox(
  s: SqlSession,
  sellerId: string,
  aggregateType: string,
  rows: readonly OutboxRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await s.query(
    `INSERT INTO outbox (seller_id, topic, aggregate_type, aggregate_id, payload, dedupe_key)
     SELECT $1, x.topic, $2, x.aggregate_id, x.payload, x.dedupe_key
     FROM jsonb_to_recordset($3::jsonb) AS x(topic text, aggregate_id uuid, payload jsonb, dedupe_key text)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [sellerId, aggregateType, JSON.stringify(rows)],
    { prepare: true },
  );
}
