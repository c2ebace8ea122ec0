/**
 * The baseline the roll-ups are measured against: the same 30-day per-carrier figures (counts, on-time rate,
 * exact transit p50/p90, freshness p50/p90) computed straight from shipments and tracking_events.
 */
import type { Database } from "../../src/db/client.js";
import type { Period } from "../../src/analytics/queries.js";

export async function baselineCarrierReport(
  db: Database,
  sellerId: string,
  period: Period,
): Promise<unknown[]> {
  return db.query(
    `WITH s AS (
       SELECT sh.id, sh.carrier, sh.delivered_at, sh.first_scan_at, o.promised_at FROM shipments sh
       LEFT JOIN orders o ON o.id = sh.order_id
       WHERE sh.seller_id = $1 AND sh.direction = 'outbound'
         AND sh.created_at >= $2::date AND sh.created_at < $3::date + 1)
     SELECT s.carrier, count(*) AS shipments, count(s.delivered_at) AS delivered,
       count(*) FILTER (WHERE s.delivered_at <= s.promised_at)::float8 / nullif(count(*) FILTER (WHERE s.delivered_at IS NOT NULL AND s.promised_at IS NOT NULL), 0) AS on_time,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY s.delivered_at - s.first_scan_at) AS transit_p50,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY s.delivered_at - s.first_scan_at) AS transit_p90,
       (SELECT percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY e.received_at - e.occurred_at)
          FROM tracking_events e JOIN s s2 ON s2.id = e.shipment_id WHERE s2.carrier = s.carrier) AS freshness
     FROM s GROUP BY s.carrier`,
    [sellerId, period.from, period.to],
  );
}
