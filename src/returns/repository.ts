/**
 * Return requests in the database: create with items, read, list, move through the lifecycle, attach the return
 * shipment. Every write runs in the caller's transaction and writes its side effects there too (events.ts), so a
 * return and its webhooks and team e-mails commit together.
 */
import type { SqlSession } from "../db/client.js";
import { canMove, RETURN_RANK, STATUS_TIMESTAMP, type ReturnStatus } from "./lifecycle.js";

export interface ReturnItem {
  sku: string | null;
  name: string;
  quantity: number;
}

/** Reads need only `query`: a transaction's session or the database itself. */
type Queryable = Pick<SqlSession, "query">;

export interface ReturnRow {
  id: string;
  seller_id: string;
  order_id: string;
  status: ReturnStatus;
  reason_code: string;
  reason_text: string | null;
  source: string;
  return_shipment_id: string | null;
  locale: string | null;
  decision_note: string | null;
  requested_at: Date;
  approved_at: Date | null;
  in_transit_at: Date | null;
  received_at: Date | null;
  refunded_at: Date | null;
  closed_at: Date | null;
  rejected_at: Date | null;
  updated_at: Date;
  order_number: string;
  items: ReturnItem[];
  carrier: string | null;
  tracking_number: string | null;
  shipment_status: string | null;
}

export const RETURN_SELECT = `SELECT r.*, o.order_number,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('sku', i.sku, 'name', i.name, 'quantity', i.quantity) ORDER BY i.line)
      FROM return_items i WHERE i.return_id = r.id), '[]'::jsonb) AS items,
    s.carrier, s.tracking_number, s.status AS shipment_status
  FROM return_requests r JOIN orders o ON o.id = r.order_id
  LEFT JOIN shipments s ON s.id = r.return_shipment_id`;

export interface NewReturn {
  sellerId: string;
  orderId: string;
  items: readonly ReturnItem[];
  reasonCode: string;
  reasonText: string | null;
  source: "api" | "tracking_page" | "dashboard";
  locale: string | null;
}

/** Inserts a request and its items; returns the stored row. */
export async function insertReturn(s: SqlSession, r: NewReturn, now: Date): Promise<ReturnRow> {
  const [row] = await s.query<{ id: string }>(
    `INSERT INTO return_requests (seller_id, order_id, reason_code, reason_text, source, locale, requested_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
    [r.sellerId, r.orderId, r.reasonCode, r.reasonText, r.source, r.locale, now.toISOString()],
  );
  await s.query(
    `INSERT INTO return_items (return_id, line, sku, name, quantity)
     SELECT $1, x.line, x.sku, x.name, x.quantity
     FROM jsonb_to_recordset($2::jsonb) AS x(line integer, sku text, name text, quantity integer)`,
    [row!.id, JSON.stringify(r.items.map((item, i) => ({ ...item, line: i + 1 })))],
  );
  return (await getReturn(s, r.sellerId, row!.id))!;
}

/** One return of the seller (another seller's id reads as absent). */
export async function getReturn(s: SqlSession, sellerId: string, id: string): Promise<ReturnRow | undefined> {
  const [row] = await s.query<ReturnRow>(`${RETURN_SELECT} WHERE r.seller_id = $1 AND r.id = $2`, [
    sellerId,
    id,
  ]);
  return row;
}

export interface ReturnFilters {
  status?: ReturnStatus;
  orderId?: string;
  limit?: number;
  /** Only returns requested before this (keyset pagination on requested_at, id). */
  before?: { at: Date; id: string };
}

/** The seller's returns, newest first. */
export async function listReturns(
  s: Queryable,
  sellerId: string,
  f: ReturnFilters = {},
): Promise<ReturnRow[]> {
  const where = ["r.seller_id = $1"];
  const params: unknown[] = [sellerId];
  const add = (clause: string, ...values: unknown[]) => {
    let c = clause;
    for (const v of values) {
      params.push(v);
      c = c.replace("?", `$${params.length}`);
    }
    where.push(c);
  };
  if (f.status) add("r.status = ?", f.status);
  if (f.orderId) add("r.order_id = ?", f.orderId);
  if (f.before)
    add("(r.requested_at, r.id) < (?::timestamptz, ?::uuid)", f.before.at.toISOString(), f.before.id);
  params.push(Math.min(f.limit ?? 50, 500));
  return s.query<ReturnRow>(
    `${RETURN_SELECT} WHERE ${where.join(" AND ")} ORDER BY r.requested_at DESC, r.id DESC LIMIT $${params.length}`,
    params,
  );
}

/** The return a shipment carries back, when it is one. */
export async function returnsOfShipments(
  s: SqlSession,
  shipmentIds: readonly string[],
): Promise<ReturnRow[]> {
  if (shipmentIds.length === 0) return [];
  return s.query<ReturnRow>(`${RETURN_SELECT} WHERE r.return_shipment_id = ANY($1::uuid[])`, [shipmentIds]);
}

export type MoveResult =
  | { ok: true; row: ReturnRow; changed: boolean }
  | { ok: false; reason: "not_found" | "not_allowed"; status?: ReturnStatus };

/**
 * Moves a return to `to` when the lifecycle allows it; the same move again is a no-op (`changed: false`), so a
 * retried request or a replayed scan changes nothing.
 */
export async function moveReturn(
  s: SqlSession,
  sellerId: string,
  id: string,
  to: ReturnStatus,
  now: Date,
  note?: string | null,
): Promise<MoveResult> {
  const lock = s.engine === "postgres" ? "FOR UPDATE" : "";
  const [current] = await s.query<{ status: ReturnStatus }>(
    `SELECT status FROM return_requests WHERE seller_id = $1 AND id = $2 ${lock}`,
    [sellerId, id],
  );
  if (!current) return { ok: false, reason: "not_found" };
  if (current.status === to) return { ok: true, row: (await getReturn(s, sellerId, id))!, changed: false };
  if (!canMove(current.status, to)) return { ok: false, reason: "not_allowed", status: current.status };
  await s.query(
    `UPDATE return_requests SET status = $3, ${STATUS_TIMESTAMP[to]} = $4, updated_at = $4,
       decision_note = COALESCE($5, decision_note)
     WHERE seller_id = $1 AND id = $2`,
    [sellerId, id, to, now.toISOString(), note ?? null],
  );
  return { ok: true, row: (await getReturn(s, sellerId, id))!, changed: true };
}

/** True when a scan-driven move would go forward (never back from received to in transit). */
export function isForward(from: ReturnStatus, to: ReturnStatus): boolean {
  return RETURN_RANK[to] > RETURN_RANK[from] && canMove(from, to);
}

/** Links the return shipment. */
export async function linkReturnShipment(
  s: SqlSession,
  sellerId: string,
  id: string,
  shipmentId: string,
  now: Date,
): Promise<void> {
  await s.query(
    "UPDATE return_requests SET return_shipment_id = $3, updated_at = $4 WHERE seller_id = $1 AND id = $2",
    [sellerId, id, shipmentId, now.toISOString()],
  );
}

/** Quantities already asked back per order line (sku or name), by returns that were not rejected. */
export async function returnedQuantities(s: Queryable, orderId: string): Promise<Map<string, number>> {
  const rows = await s.query<{ key: string; quantity: number }>(
    `SELECT COALESCE(i.sku, i.name) AS key, SUM(i.quantity)::int AS quantity
     FROM return_items i JOIN return_requests r ON r.id = i.return_id
     WHERE r.order_id = $1 AND r.status <> 'rejected' GROUP BY 1`,
    [orderId],
  );
  return new Map(rows.map((r) => [r.key, r.quantity]));
}
