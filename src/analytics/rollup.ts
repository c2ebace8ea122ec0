/**
 * Daily roll-ups: recomputes analytics_daily for a seller and a range of days (the shipment's registration day
 * in the seller's time zone), one statement per dimension, in one transaction. Rows hold additive counts and
 * sparse histograms, so any period's figures are sums (src/analytics/queries.ts). Late data (a delivery scan
 * days later) is picked up by rolling the recent days up again: `rollUpRecent` redoes the last 45 days.
 */
import type { Database, SqlSession } from "../db/client.js";
import { DIMENSIONS, DIMENSION_SQL, type Dimension } from "./dimensions.js";

// Freshness above a week is one bucket: a payload that late is a backfill, not a delay worth resolving.
const FRESHNESS_CAP_MINUTES = 7 * 24 * 60;

/**
 * Histogram buckets stay exact where precision matters and widen where it does not, which keeps each day's
 * histogram small (and a 90-day read fast): hours exact below 72, then 6-hour buckets below 240, then days;
 * minutes exact below 60, then 5-minute buckets below 240, then hours. A bucket is named by its lower bound.
 */
function hourBucket(hoursExpr: string): string {
  const h = `floor(${hoursExpr})::int`;
  return `(CASE WHEN ${h} < 72 THEN ${h} WHEN ${h} < 240 THEN ${h} - ${h} % 6 ELSE ${h} - ${h} % 24 END)`;
}

function minuteBucket(minutesExpr: string): string {
  const m = `floor(${minutesExpr})::int`;
  return `(CASE WHEN ${m} < 60 THEN ${m} WHEN ${m} < 240 THEN ${m} - ${m} % 5 ELSE ${m} - ${m} % 60 END)`;
}

// One pass over the period's shipments and their events into per-shipment facts (temp table), then one small
// GROUP BY per dimension: events are read once per roll-up, not once per dimension.
const FACTS_SQL = `CREATE TEMP TABLE rollup_facts ON COMMIT DROP AS
  WITH s AS (
    SELECT sh.id, sh.order_id, (sh.created_at AT TIME ZONE $2)::date AS day,
      ${DIMENSION_SQL.carrier} AS carrier, ${DIMENSION_SQL.service} AS service, ${DIMENSION_SQL.lane} AS lane,
      ${DIMENSION_SQL.warehouse} AS warehouse,
      sh.delivered_at, sh.first_scan_at, sh.attempt_count, sh.substatus, o.promised_at, o.ordered_at
    FROM shipments sh LEFT JOIN orders o ON o.id = sh.order_id
    WHERE sh.seller_id = $1 AND sh.direction = 'outbound'
      AND sh.created_at >= ($3::date::timestamp AT TIME ZONE $2) AND sh.created_at < (($4::date + 1)::timestamp AT TIME ZONE $2)
  )
  SELECT s.*, coalesce(ev.events, 0) AS events, coalesce(ev.lost, false) OR s.substatus = 'lost' AS lost,
    ev.kinds, coalesce(m.n, 0) AS messages, r.rating
  FROM s
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS events, bool_or(e.substatus = 'lost') AS lost,
      array_agg(DISTINCT CASE WHEN e.status = 'exception' THEN 'carrier:' || coalesce(e.substatus, 'unspecified')
        WHEN e.status = 'attempt_failed' THEN 'carrier:attempt_failed' ELSE 'carrier:returned' END)
        FILTER (WHERE e.status IN ('exception', 'attempt_failed', 'return_to_sender', 'returned')) AS kinds
    FROM tracking_events e WHERE e.shipment_id = s.id) ev ON true
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS n FROM notifications m
    WHERE m.shipment_id = s.id AND m.status = 'sent' AND m.audience = 'shopper') m ON true
  -- A rating is about an order: it counts once, on the order's first outbound shipment.
  LEFT JOIN LATERAL (
    SELECT r.rating FROM tracking_ratings r WHERE r.order_id = s.order_id
      AND s.id = (SELECT f.id FROM shipments f WHERE f.order_id = s.order_id AND f.direction = 'outbound'
                  ORDER BY f.created_at, f.id LIMIT 1)) r ON true`;

// Freshness is per event: counted once per (day, dimension values, minute) so each dimension sums a small table.
const FRESH_SQL = `CREATE TEMP TABLE rollup_fresh ON COMMIT DROP AS
  SELECT f.day, f.carrier, f.service, f.lane, f.warehouse,
    ${minuteBucket(`least(greatest(extract(epoch FROM e.received_at - e.occurred_at) / 60, 0), ${FRESHNESS_CAP_MINUTES})`)} AS b,
    count(*)::int AS n
  FROM rollup_facts f JOIN tracking_events e ON e.shipment_id = f.id GROUP BY 1, 2, 3, 4, 5, 6`;

// Joins, not a per-shipment subquery: alerts has no index on shipment_id alone (0005), so hash it once.
const KINDS_SQL = `CREATE TEMP TABLE rollup_kinds ON COMMIT DROP AS
  SELECT f.id, f.day, f.carrier, f.service, f.lane, f.warehouse, k.kind
  FROM rollup_facts f CROSS JOIN LATERAL unnest(f.kinds) AS k(kind)
  UNION
  SELECT f.id, f.day, f.carrier, f.service, f.lane, f.warehouse, 'alert:' || a.kind
  FROM rollup_facts f JOIN alerts a ON a.shipment_id = f.id`;

function dimensionSql(dimension: Dimension): string {
  const v = dimension === "all" ? "'all'" : dimension;
  return `INSERT INTO analytics_daily (seller_id, day, dimension, value, shipments, delivered, promised, on_time,
    covered, failed_attempt, lost, exceptions, transit_hours, order_to_ship_hours, freshness_minutes, events,
    messages, ratings, rating_sum)
  WITH base AS (
    SELECT day, ${v} AS value, count(*)::int AS shipments, count(delivered_at)::int AS delivered,
      count(*) FILTER (WHERE delivered_at IS NOT NULL AND promised_at IS NOT NULL)::int AS promised,
      count(*) FILTER (WHERE delivered_at <= promised_at)::int AS on_time,
      count(*) FILTER (WHERE delivered_at IS NOT NULL AND first_scan_at < delivered_at)::int AS covered,
      count(*) FILTER (WHERE attempt_count > 0)::int AS failed_attempt, count(*) FILTER (WHERE lost)::int AS lost,
      sum(events)::int AS events, sum(messages)::int AS messages, count(rating)::int AS ratings,
      coalesce(sum(rating), 0)::int AS rating_sum
    FROM rollup_facts GROUP BY 1, 2
  ),
  transit AS (
    SELECT day, value, jsonb_object_agg(b, n) AS h FROM (
      SELECT day, ${v} AS value, ${hourBucket("extract(epoch FROM delivered_at - first_scan_at) / 3600")} AS b, count(*)::int AS n
      FROM rollup_facts WHERE delivered_at IS NOT NULL AND first_scan_at < delivered_at GROUP BY 1, 2, 3) x GROUP BY 1, 2
  ),
  to_ship AS (
    SELECT day, value, jsonb_object_agg(b, n) AS h FROM (
      SELECT day, ${v} AS value, ${hourBucket("extract(epoch FROM first_scan_at - ordered_at) / 3600")} AS b, count(*)::int AS n
      FROM rollup_facts WHERE first_scan_at >= ordered_at GROUP BY 1, 2, 3) x GROUP BY 1, 2
  ),
  fresh AS (
    SELECT day, value, jsonb_object_agg(b, n) AS h FROM (
      SELECT day, ${v} AS value, b, sum(n)::int AS n FROM rollup_fresh GROUP BY 1, 2, 3) x GROUP BY 1, 2
  ),
  kinds AS (
    SELECT day, value, jsonb_object_agg(kind, n) AS h FROM (
      SELECT day, ${v} AS value, kind, count(DISTINCT id)::int AS n FROM rollup_kinds GROUP BY 1, 2, 3) x GROUP BY 1, 2
  )
  SELECT $1, b.day, '${dimension}', b.value, b.shipments, b.delivered, b.promised, b.on_time, b.covered,
    b.failed_attempt, b.lost, coalesce(k.h, '{}'), coalesce(t.h, '{}'), coalesce(o.h, '{}'), coalesce(f.h, '{}'),
    b.events, b.messages, b.ratings, b.rating_sum
  FROM base b LEFT JOIN kinds k USING (day, value) LEFT JOIN transit t USING (day, value)
  LEFT JOIN to_ship o USING (day, value) LEFT JOIN fresh f USING (day, value)`;
}

async function rollUpInSession(
  s: SqlSession,
  sellerId: string,
  timeZone: string,
  fromDay: string,
  toDay: string,
) {
  await s.query("DELETE FROM analytics_daily WHERE seller_id = $1 AND day BETWEEN $2 AND $3", [
    sellerId,
    fromDay,
    toDay,
  ]);
  await s.query(FACTS_SQL, [sellerId, timeZone, fromDay, toDay]);
  await s.query(FRESH_SQL);
  await s.query(KINDS_SQL);
  for (const dimension of DIMENSIONS) await s.query(dimensionSql(dimension), [sellerId]);
  // Page views are seller-wide: they go on the 'all' row of their own day (creating it on a day without shipments).
  await s.query(
    `INSERT INTO analytics_daily (seller_id, day, dimension, value, page_views)
     SELECT seller_id, day, 'all', 'all', sum(views)::int FROM tracking_page_views
     WHERE seller_id = $1 AND day BETWEEN $2 AND $3 GROUP BY seller_id, day
     ON CONFLICT (seller_id, dimension, day, value) DO UPDATE SET page_views = EXCLUDED.page_views`,
    [sellerId, fromDay, toDay],
  );
}

export interface RollupResult {
  fromDay: string;
  toDay: string;
  rows: number;
  durationMs: number;
}

/** Recomputes the roll-ups of one seller for the days `fromDay`..`toDay` (YYYY-MM-DD, inclusive). */
export async function rollUpDays(
  db: Database,
  sellerId: string,
  fromDay: string,
  toDay: string,
  now: () => number = Date.now,
): Promise<RollupResult> {
  const started = now();
  const [seller] = await db.query<{ timeZone: string }>(
    `SELECT coalesce(settings->>'timeZone', 'UTC') AS "timeZone" FROM sellers WHERE id = $1`,
    [sellerId],
  );
  const timeZone = seller?.timeZone ?? "UTC";
  const rows = await db.session(async (s) => {
    await rollUpInSession(s, sellerId, timeZone, fromDay, toDay);
    const durationMs = now() - started;
    await s.query(
      `INSERT INTO analytics_rollup_runs (seller_id, rolled_up_at, from_day, to_day, duration_ms)
       VALUES ($1, now(), $2, $3, $4)
       ON CONFLICT (seller_id) DO UPDATE SET rolled_up_at = now(), from_day = EXCLUDED.from_day,
         to_day = EXCLUDED.to_day, duration_ms = EXCLUDED.duration_ms`,
      [sellerId, fromDay, toDay, durationMs],
    );
    const [count] = await s.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM analytics_daily WHERE seller_id = $1 AND day BETWEEN $2 AND $3",
      [sellerId, fromDay, toDay],
    );
    return count?.n ?? 0;
  });
  return { fromDay, toDay, rows, durationMs: now() - started };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Rolls up the last `days` days (default 45) of one seller: the job the scheduler runs every few minutes. */
export async function rollUpRecent(
  db: Database,
  sellerId: string,
  days = 45,
  today = Date.now(),
): Promise<RollupResult> {
  return rollUpDays(db, sellerId, isoDay(today - days * 86_400_000), isoDay(today + 86_400_000));
}

/** Rolls up every seller's recent days; returns how many sellers were done. */
export async function rollUpAllSellers(db: Database, days = 45): Promise<number> {
  const sellers = await db.query<{ id: string }>("SELECT id FROM sellers ORDER BY id");
  for (const seller of sellers) await rollUpRecent(db, seller.id, days);
  return sellers.length;
}
