/** The overview screen's figures: what moved today, open alerts by kind and age, late and at-risk orders. */
import type { Database } from "../client.js";

export interface StatusCount {
  status: string;
  count: number;
}

/** Shipments whose status changed since the start of today (seller's time zone), by their status now. */
export async function movedTodayByStatus(
  db: Database,
  sellerId: string,
  timeZone: string,
): Promise<StatusCount[]> {
  // The index is on the UTC day of the change (migration 0019): it bounds the rows from below, the instant
  // decides. An instant at or after the seller's midnight falls on or after that midnight's UTC day.
  return db.query<StatusCount>(
    `SELECT status, count(*)::int AS count FROM shipments
     WHERE seller_id = $1
       AND status_changed_on >= ((date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2) AT TIME ZONE 'UTC')::date
       AND status_changed_at >= (date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2)
     GROUP BY status ORDER BY count DESC`,
    [sellerId, timeZone],
  );
}

/** Shipments still on their way (not in a final status), by status. */
export async function activeByStatus(db: Database, sellerId: string): Promise<StatusCount[]> {
  return db.query<StatusCount>(
    `SELECT status, count(*)::int AS count FROM shipments
     WHERE seller_id = $1 AND status NOT IN ('delivered', 'returned', 'cancelled', 'expired')
     GROUP BY status ORDER BY count DESC`,
    [sellerId],
  );
}

export interface AlertAgeRow {
  kind: string;
  under1d: number;
  d1to3: number;
  d3to7: number;
  over7d: number;
  total: number;
}

/** Unresolved alerts (migration 0005) per kind, split by how long they have been open. */
export async function openAlertsByKindAndAge(db: Database, sellerId: string): Promise<AlertAgeRow[]> {
  return db.query<AlertAgeRow>(
    `SELECT kind,
       count(*) FILTER (WHERE opened_at > now() - interval '1 day')::int AS "under1d",
       count(*) FILTER (WHERE opened_at <= now() - interval '1 day' AND opened_at > now() - interval '3 days')::int AS "d1to3",
       count(*) FILTER (WHERE opened_at <= now() - interval '3 days' AND opened_at > now() - interval '7 days')::int AS "d3to7",
       count(*) FILTER (WHERE opened_at <= now() - interval '7 days')::int AS "over7d",
       count(*)::int AS total
     FROM alerts WHERE seller_id = $1 AND status <> 'resolved' GROUP BY kind ORDER BY total DESC`,
    [sellerId],
  );
}

export interface PromiseRow {
  orderId: string;
  orderNumber: string;
  firstName: string | null;
  promisedAt: Date;
  shipmentId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  status: string | null;
  lastEventAt: Date | null;
  carrierEstimatedDelivery: string | null;
}

const PROMISE_SQL = (
  window: string,
  order: "ASC" | "DESC",
) => `SELECT o.id AS "orderId", o.order_number AS "orderNumber",
    o.first_name AS "firstName", o.promised_at AS "promisedAt", s.id AS "shipmentId", s.carrier,
    s.tracking_number AS "trackingNumber", s.status, s.last_event_at AS "lastEventAt",
    s.carrier_estimated_delivery AS "carrierEstimatedDelivery"
  FROM orders o JOIN shipments s ON s.order_id = o.id AND s.direction = 'outbound'
  WHERE o.seller_id = $1 AND o.promised_at IS NOT NULL AND ${window}
    AND s.status NOT IN ('delivered', 'returned', 'cancelled')
  ORDER BY o.promised_at ${order} LIMIT $2`;

/**
 * Orders whose promise is broken (promised date in the last 30 days passed, a parcel not delivered), most
 * recently broken first, and orders at risk (promise within `horizonHours` while a parcel is not yet out for
 * delivery, or the carrier's estimate is after the promise), soonest first. Both walk the promise index from
 * now outwards and stop at `limit`, so they cost the same at any table size.
 */
export async function lateAndAtRisk(
  db: Database,
  sellerId: string,
  horizonHours = 48,
  limit = 50,
): Promise<{ late: PromiseRow[]; atRisk: PromiseRow[] }> {
  const late = await db.query<PromiseRow>(
    PROMISE_SQL("o.promised_at < now() AND o.promised_at > now() - interval '30 days'", "DESC"),
    [sellerId, limit],
  );
  const atRisk = await db.query<PromiseRow>(
    PROMISE_SQL(
      `o.promised_at >= now() AND o.promised_at < now() + ${Number(horizonHours)} * interval '1 hour'
       AND (s.status NOT IN ('out_for_delivery', 'available_for_pickup')
            OR left(s.carrier_estimated_delivery, 10) > to_char(o.promised_at, 'YYYY-MM-DD'))`,
      "ASC",
    ),
    [sellerId, limit],
  );
  return { late, atRisk };
}
