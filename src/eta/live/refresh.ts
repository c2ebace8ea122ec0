/**
 * Predicting shipments outside the ingest path: when they are created (an order or shipment registered through
 * the API, the demo) and after a retrain (every open shipment gets the new version's window). The shipment row
 * does not change there, so the tracking page is told through NOTIFY (src/web/tracking/delivery-window.ts).
 */
import { INITIAL_STATE, type ShipmentState } from "../../core/fold.js";
import { isStatus } from "../../core/status.js";
import type { Database, SqlSession } from "../../db/client.js";
import { planPredictions, writePredictions, type PredictionSubject } from "./predictions.js";

interface SubjectRow {
  id: string;
  status: string;
  substatus: string | null;
  status_changed_at: Date | string | null;
  last_event_at: Date | string | null;
  first_scan_at: Date | string | null;
  out_for_delivery_at: Date | string | null;
  delivered_at: Date | string | null;
  attempt_count: number;
  is_returning: boolean;
  event_count: number;
  scan_city: string | null;
  scan_region: string | null;
  scan_postal: string | null;
  scan_country: string | null;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

/** Shipments silent for longer than this are left alone by a refresh (history, not parcels on their way). */
const OPEN_FOR_DAYS = 30;
const PAGE = 1_000;

/** The state and last scan place of shipments, by id or (without ids) every open outbound one after `after`. */
async function loadSubjects(
  s: SqlSession,
  sellerId: string,
  ids: readonly string[] | null,
  after: string,
  now: Date,
): Promise<(PredictionSubject & { id: string })[]> {
  const rows = await s.query<SubjectRow>(
    `SELECT s.id, s.status, s.substatus, s.status_changed_at, s.last_event_at, s.first_scan_at,
       s.out_for_delivery_at, s.delivered_at, s.attempt_count, s.is_returning, s.event_count,
       e.location_city AS scan_city, e.location_region AS scan_region, e.location_postal AS scan_postal,
       e.location_country AS scan_country
     FROM shipments s
     LEFT JOIN LATERAL (
       SELECT location_city, location_region, location_postal, location_country FROM tracking_events t
       WHERE t.shipment_id = s.id ORDER BY t.occurred_at DESC, t.id DESC LIMIT 1
     ) e ON true
     WHERE s.seller_id = $1 AND s.direction = 'outbound'
       AND ${
         ids
           ? "s.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))"
           : `s.id > $2::uuid AND s.status NOT IN ('delivered', 'returned', 'cancelled', 'expired')
              AND COALESCE(s.last_event_at, s.created_at) > $3`
       }
     ORDER BY s.id LIMIT ${PAGE}`,
    ids
      ? [sellerId, JSON.stringify(ids)]
      : [sellerId, after, new Date(now.getTime() - OPEN_FOR_DAYS * 86_400_000).toISOString()],
  );
  return rows.map((r) => {
    const state: ShipmentState = {
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
    };
    const lastScan =
      r.scan_city || r.scan_postal || r.scan_region
        ? { city: r.scan_city, region: r.scan_region, postal: r.scan_postal, country: r.scan_country }
        : null;
    return { id: r.id, shipmentId: r.id, state, lastScan };
  });
}

/** Tells every process's tracking-page cache that these shipments' windows changed. */
// The channel src/web/tracking/change-feed.ts listens on (named here so eta/ does not import the web layer).
const TRACKING_CHANNEL = "shipwatch_tracking";

async function notifyTrackingPages(s: SqlSession, shipmentIds: readonly string[]): Promise<void> {
  if (shipmentIds.length === 0) return;
  await s.query(
    `SELECT pg_notify('${TRACKING_CHANNEL}', 'shipment:' || value || '::')
     FROM jsonb_array_elements_text($1::jsonb)`,
    [JSON.stringify(shipmentIds)],
  );
}

async function refreshPage(
  s: SqlSession,
  sellerId: string,
  subjects: readonly PredictionSubject[],
  now: Date,
): Promise<number> {
  const plan = await planPredictions(s, sellerId, subjects, now);
  if (!plan) return 0;
  const written = await writePredictions(s, plan);
  await notifyTrackingPages(
    s,
    plan.changes.filter((c) => c.windowChanged).map((c) => c.shipmentId),
  );
  return written;
}

/**
 * Predicts these shipments (new ones: their order-time window) with the seller's active model, in the caller's
 * transaction. Returns how many predictions were written (0 without a model).
 */
export async function predictShipmentsInSession(
  s: SqlSession,
  sellerId: string,
  shipmentIds: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  let written = 0;
  for (let i = 0; i < shipmentIds.length; i += PAGE) {
    const subjects = await loadSubjects(s, sellerId, shipmentIds.slice(i, i + PAGE), "", now);
    written += await refreshPage(s, sellerId, subjects, now);
  }
  return written;
}

/** predictShipmentsInSession in a transaction of its own. */
export function predictShipments(
  db: Database,
  sellerId: string,
  shipmentIds: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  if (shipmentIds.length === 0) return Promise.resolve(0);
  return db.session((s) => predictShipmentsInSession(s, sellerId, shipmentIds, now));
}

/** Re-predicts every open outbound shipment of the seller (after a retrain), a page per transaction. */
export async function refreshOpenPredictions(
  db: Database,
  sellerId: string,
  now: Date = new Date(),
): Promise<number> {
  let after = "00000000-0000-0000-0000-000000000000";
  let written = 0;
  for (;;) {
    const page = await db.session(async (s) => {
      const subjects = await loadSubjects(s, sellerId, null, after, now);
      return { subjects, written: await refreshPage(s, sellerId, subjects, now) };
    });
    written += page.written;
    if (page.subjects.length < PAGE) return written;
    after = page.subjects.at(-1)!.id;
  }
}
