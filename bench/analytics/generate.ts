/**
 * The benchmark's world, generated inside PostgreSQL with generate_series (no round trips): N orders, one
 * shipment each across 6 carriers × 3 services × 3 warehouses × 10 destination regions, `events` scans per
 * shipment over the last 180 days, alerts on 3 % of shipments, ratings on 5 % of orders, daily page views.
 */
import type { Database } from "../../src/db/client.js";

const NAMES =
  "ARRAY['Ana','Ben','Chloé','Dmitri','Emma','Farah','Gabriel','Hana','Isak','Jana','Kofi','Lucía','Mateo','Noor','Olivia','Pedro']";
const CARRIERS = "ARRAY['ups','fedex','usps','dhl_express','ontrac','lasership']";
const REGIONS = "ARRAY['NY','CA','TX','WA','IL','FL','GA','MA','CO','AZ']";

/** Fills the seller's tables; returns the counts actually written. */
export async function generateWorld(
  db: Database,
  sellerId: string,
  o: { shipments: number; eventsPerShipment: number },
): Promise<{ shipments: number; events: number }> {
  // Per-row triggers (tracking-page NOTIFY, polling enrolment) are for live writes, not a bulk load.
  await db.query("ALTER TABLE shipments DISABLE TRIGGER USER");
  await db.query(
    `INSERT INTO orders (seller_id, order_number, email, phone, first_name, ordered_at, promised_at, created_at)
     SELECT $1, 'SW-' || g, 'shopper' || g || '@example.com', '+1555' || lpad(g::text, 7, '0'), (${NAMES})[1 + g % 16],
       t, t + interval '5 days' + (g % 4) * interval '12 hours', t
     FROM generate_series(1, $2::int) g, LATERAL (SELECT now() - (g::float8 / $2) * interval '180 days' AS t) x`,
    [sellerId, o.shipments],
  );
  await db.query(
    `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, service, origin_city, origin_region,
       origin_country, destination_region, destination_country, status, substatus, status_changed_at, first_scan_at,
       delivered_at, last_event_at, attempt_count, event_count, created_at)
     SELECT o.seller_id, o.id, (${CARRIERS})[1 + n % 6], '1ZB' || lpad(n::text, 14, '0'),
       (ARRAY['Ground','Express','Economy'])[1 + (n / 6) % 3],
       (ARRAY['Louisville','Memphis','Newark'])[1 + (n / 18) % 3], (ARRAY['KY','TN','NJ'])[1 + (n / 18) % 3], 'US',
       (${REGIONS})[1 + (n / 54) % 10], 'US',
       CASE WHEN d THEN 'delivered' WHEN n % 97 = 0 THEN 'exception' ELSE 'in_transit' END,
       CASE WHEN n % 97 = 0 THEN 'lost' END,
       least(fs + transit, now()), fs, CASE WHEN d THEN fs + transit END, least(fs + transit, now()),
       CASE WHEN n % 23 = 0 THEN 1 ELSE 0 END, $2, o.created_at
     FROM (SELECT id, seller_id, created_at, substr(order_number, 4)::int AS n FROM orders WHERE seller_id = $1) o,
       LATERAL (SELECT (24 + (o.n::bigint * 7919) % 160) * interval '1 hour' AS transit,
                       o.created_at + interval '6 hours' + (o.n % 30) * interval '1 hour' AS fs,
                       o.created_at < now() - interval '8 days' AND o.n % 97 <> 0 AS d) x`,
    [sellerId, o.eventsPerShipment],
  );
  await db.query("ALTER TABLE shipments ENABLE TRIGGER USER");
  await db.query(
    `INSERT INTO tracking_events (seller_id, shipment_id, fingerprint, occurred_at, code, description, status, source, received_at)
     SELECT s.seller_id, s.id, s.id::text || ':' || k, at, '005',
       CASE WHEN k = $2 AND s.delivered_at IS NOT NULL THEN 'Delivered' ELSE 'Departed facility' END,
       CASE WHEN k = 1 THEN 'info_received' WHEN k = $2 AND s.delivered_at IS NOT NULL THEN 'delivered' ELSE 'in_transit' END,
       'webhook:ups', at + ((k * 37) % 45) * interval '1 minute'
     FROM shipments s, generate_series(1, $2::int) k,
       LATERAL (SELECT s.first_scan_at + (k - 1) * ((coalesce(s.delivered_at, now()) - s.first_scan_at) / $2) AS at) x
     WHERE s.seller_id = $1`,
    [sellerId, o.eventsPerShipment],
  );
  await db.query(
    `INSERT INTO alerts (seller_id, shipment_id, kind, status, opened_in_status, opened_at)
     SELECT seller_id, id, (ARRAY['stalled','late','carrier_exception','failed_attempt'])[1 + (substr(tracking_number, 4)::bigint % 4)::int],
       CASE WHEN delivered_at IS NULL THEN 'open' ELSE 'resolved' END, 'in_transit', first_scan_at + interval '2 days'
     FROM shipments WHERE seller_id = $1 AND substr(tracking_number, 4)::bigint % 33 = 0`,
    [sellerId],
  );
  await db.query(
    `INSERT INTO tracking_ratings (seller_id, order_id, rating)
     SELECT seller_id, id, 1 + (substr(order_number, 4)::int % 5) FROM orders WHERE seller_id = $1 AND substr(order_number, 4)::int % 20 = 0`,
    [sellerId],
  );
  await db.query(
    `INSERT INTO tracking_page_views (seller_id, day, page, views)
     SELECT $1, d::date, 'order', 100 + (extract(doy FROM d)::int * 13) % 400 FROM generate_series(now() - interval '180 days', now(), interval '1 day') d`,
    [sellerId],
  );
  await db.query("ANALYZE");
  return countWorld(db, sellerId);
}

/** How many shipments and events the seller has (for a reused world). */
export async function countWorld(
  db: Database,
  sellerId: string,
): Promise<{ shipments: number; events: number }> {
  const [counts] = await db.query<{ shipments: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM shipments WHERE seller_id = $1) AS shipments,
            (SELECT count(*)::int FROM tracking_events WHERE seller_id = $1) AS events`,
    [sellerId],
  );
  return counts!;
}
