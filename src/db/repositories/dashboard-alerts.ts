/**
 * The exception queue's reads of the alerts of migration 0005 (opened by src/exceptions rules; changed only
 * through src/exceptions/lifecycle.ts). Assignees are dashboard users, stored as "user:<id>".
 */
import type { Database } from "../client.js";

export interface AlertRow {
  id: string;
  shipmentId: string;
  kind: string;
  status: "open" | "acknowledged" | "resolved";
  severity: string;
  assignee: string | null;
  /** The assignee's name (or e-mail) when the assignee is a team member. */
  assigneeName: string | null;
  openedAt: Date;
  slaDueAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
  details: Record<string, unknown>;
  carrier: string;
  trackingNumber: string;
  shipmentStatus: string;
  orderId: string | null;
  orderNumber: string | null;
  firstName: string | null;
}

/** A queue row: also the kinds of the shipment's other open or acknowledged alerts (late and stalled, say). */
export interface QueueAlertRow extends AlertRow {
  alsoOpen: string[];
}

export interface AlertFilters {
  kind?: string;
  carrier?: string;
  /** Opened at least this many hours ago. */
  minAgeHours?: number;
  /** "user:<id>", "none" (unassigned) or undefined (anyone). */
  assignee?: string;
  /** "active" = open or acknowledged (default). */
  state?: "active" | "open" | "acknowledged" | "resolved";
  /** "urgent" (default): SLA due soonest, critical first among equals; or by when the alert opened. */
  sort?: AlertSort;
  limit?: number;
}

export const ALERT_SORTS = ["urgent", "oldest", "newest"] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

/**
 * How the queue is ordered. Resolved alerts are history: newest resolution first whatever is asked. "urgent"
 * is the order a support agent works in: the SLA that runs out first, then the graver alert, then the older.
 */
const ORDER: Record<AlertSort, string> = {
  urgent: `a.sla_due_at ASC NULLS LAST,
    CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.opened_at, a.id`,
  oldest: "a.opened_at, a.id",
  newest: "a.opened_at DESC, a.id",
};

const COLUMNS = `a.id, a.shipment_id AS "shipmentId", a.kind, a.status, a.severity, a.assignee,
  a.opened_at AS "openedAt", a.sla_due_at AS "slaDueAt", a.acknowledged_at AS "acknowledgedAt",
  a.resolved_at AS "resolvedAt", a.resolved_by AS "resolvedBy", a.resolution, a.details,
  s.carrier, s.tracking_number AS "trackingNumber", s.status AS "shipmentStatus",
  o.id AS "orderId", o.order_number AS "orderNumber", o.first_name AS "firstName",
  (SELECT COALESCE(NULLIF(u.name, ''), u.email) FROM users u WHERE 'user:' || u.id::text = a.assignee) AS "assigneeName"`;
const FROM = "FROM alerts a JOIN shipments s ON s.id = a.shipment_id LEFT JOIN orders o ON o.id = s.order_id";
const SELECT = `SELECT ${COLUMNS} ${FROM}`;

/** For the queue only: the kinds of the other alerts its shipment has open, through alerts_one_open_idx. */
const ALSO_OPEN = `ARRAY(SELECT x.kind FROM alerts x WHERE x.shipment_id = a.shipment_id AND x.id <> a.id
  AND x.status <> 'resolved' ORDER BY x.opened_at) AS "alsoOpen"`;

/** The queue: this seller's alerts matching the filters, in the order asked, and how many match in all. */
export async function listAlerts(
  db: Database,
  sellerId: string,
  f: AlertFilters,
): Promise<{ alerts: QueueAlertRow[]; total: number }> {
  const where = ["a.seller_id = $1"];
  const params: unknown[] = [sellerId];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace("?", `$${params.length}`));
  };
  const state = f.state ?? "active";
  if (state === "active") where.push("a.status <> 'resolved'");
  else add("a.status = ?", state);
  if (f.kind) add("a.kind = ?", f.kind);
  if (f.carrier) add("s.carrier = ?", f.carrier);
  if (f.minAgeHours) add("a.opened_at <= now() - ? * interval '1 hour'", f.minAgeHours);
  if (f.assignee === "none") where.push("a.assignee IS NULL");
  else if (f.assignee) add("a.assignee = ?", f.assignee);
  const filtered = `FROM alerts a JOIN shipments s ON s.id = a.shipment_id WHERE ${where.join(" AND ")}`;
  const counted = db.query<{ total: number }>(`SELECT count(*)::int AS total ${filtered}`, params);
  const limit = Math.min(f.limit ?? 200, 500);
  const order = state === "resolved" ? "a.resolved_at DESC, a.id" : ORDER[f.sort ?? "urgent"];
  const [alerts, [count]] = await Promise.all([
    db.query<QueueAlertRow>(
      `SELECT ${COLUMNS}, ${ALSO_OPEN} ${FROM}
       WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${limit}`,
      params,
    ),
    counted,
  ]);
  return { alerts, total: count?.total ?? alerts.length };
}

/** Every alert of one shipment, newest first. */
export async function alertsOfShipment(
  db: Database,
  sellerId: string,
  shipmentId: string,
): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `${SELECT} WHERE a.seller_id = $1 AND a.shipment_id = $2 ORDER BY a.opened_at DESC`,
    [sellerId, shipmentId],
  );
}

/** Every alert of an order's parcels, newest first (the order page). */
export async function alertsOfOrder(db: Database, sellerId: string, orderId: string): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `${SELECT} WHERE a.seller_id = $1 AND s.order_id = $2 ORDER BY a.opened_at DESC LIMIT 100`,
    [sellerId, orderId],
  );
}

/** The alert kinds and carriers present in the queue (for the filter menus). */
export async function alertFacets(
  db: Database,
  sellerId: string,
): Promise<{ kinds: string[]; carriers: string[] }> {
  const rows = await db.query<{ kind: string; carrier: string }>(
    `SELECT DISTINCT a.kind, s.carrier FROM alerts a JOIN shipments s ON s.id = a.shipment_id
     WHERE a.seller_id = $1 AND a.status <> 'resolved'`,
    [sellerId],
  );
  return {
    kinds: [...new Set(rows.map((r) => r.kind))].sort(),
    carriers: [...new Set(rows.map((r) => r.carrier))].sort(),
  };
}

/** The shipments behind these alerts (for refresh and notify), limited to the seller's. */
export async function shipmentsOfAlerts(
  db: Database,
  sellerId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ shipmentId: string }>(
    `SELECT DISTINCT shipment_id AS "shipmentId" FROM alerts WHERE seller_id = $1 AND id = ANY($2::uuid[])`,
    [sellerId, [...ids]],
  );
  return rows.map((r) => r.shipmentId);
}
