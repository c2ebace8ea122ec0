/**
 * The delivery history a seller's model learns from: rows imported from files (eta_history_rows, idempotent by
 * seller and order id) and the seller's own delivered shipments, read back as the same validated HistoryRow the
 * backtest uses.
 */
import type { SqlSession } from "../../db/client.js";
import type { HistoryReport, HistoryRow } from "../history.js";
import { emptyHistoryReport, historyRowFromRecord } from "../history.js";
import type { Queryable } from "./model-store.js";
import { wallClock } from "./wall-clock.js";

/** A history row as stored: the file's text, as written. */
export interface StoredHistoryRow {
  orderId: string;
  carrier: string;
  service: string;
  sellerRef: string;
  warehouse: string;
  originPostal: string;
  originRegion: string;
  originCountry: string;
  destinationPostal: string;
  destinationRegion: string;
  destinationCountry: string;
  orderedAt: string;
  shippedAt: string | null;
  deliveredAt: string;
  promisedAt: string | null;
  line: number;
}

/** Upserts rows (one statement); returns how many were new (the rest replaced rows with the same order id). */
export async function upsertHistoryRows(
  s: SqlSession,
  sellerId: string,
  source: string,
  rows: readonly StoredHistoryRow[],
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  // The same order twice in one chunk would make ON CONFLICT touch a row twice: the later line wins.
  const unique = [...new Map(rows.map((r) => [r.orderId, r])).values()];
  const result = await s.query<{ inserted: boolean }>(
    `INSERT INTO eta_history_rows AS h (seller_id, order_id, carrier, service, seller_ref, warehouse, origin_postal,
       origin_region, origin_country, destination_postal, destination_region, destination_country, ordered_at,
       shipped_at, delivered_at, promised_at, source, line)
     SELECT $1, x."orderId", x.carrier, x.service, x."sellerRef", x.warehouse, x."originPostal", x."originRegion",
       x."originCountry", x."destinationPostal", x."destinationRegion", x."destinationCountry", x."orderedAt",
       x."shippedAt", x."deliveredAt", x."promisedAt", $2, x.line
     FROM jsonb_to_recordset($3::jsonb) AS x("orderId" text, carrier text, service text, "sellerRef" text,
       warehouse text, "originPostal" text, "originRegion" text, "originCountry" text, "destinationPostal" text,
       "destinationRegion" text, "destinationCountry" text, "orderedAt" text, "shippedAt" text, "deliveredAt" text,
       "promisedAt" text, line integer)
     ON CONFLICT (seller_id, order_id) DO UPDATE SET carrier = EXCLUDED.carrier, service = EXCLUDED.service,
       seller_ref = EXCLUDED.seller_ref, warehouse = EXCLUDED.warehouse, origin_postal = EXCLUDED.origin_postal,
       origin_region = EXCLUDED.origin_region, origin_country = EXCLUDED.origin_country,
       destination_postal = EXCLUDED.destination_postal, destination_region = EXCLUDED.destination_region,
       destination_country = EXCLUDED.destination_country, ordered_at = EXCLUDED.ordered_at,
       shipped_at = EXCLUDED.shipped_at, delivered_at = EXCLUDED.delivered_at, promised_at = EXCLUDED.promised_at,
       source = EXCLUDED.source, line = EXCLUDED.line, imported_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [sellerId, source, JSON.stringify(unique)],
  );
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}

/** Rows read per seller for training: the most recent ones (recency weights make older rows count little). */
export const MAX_TRAINING_ROWS = 300_000;

export interface TrainingRows {
  rows: HistoryRow[];
  fromHistory: number;
  fromShipments: number;
  report: HistoryReport;
}

interface HistoryRecord {
  order_id: string;
  carrier: string;
  service: string;
  seller_ref: string;
  warehouse: string;
  origin_postal: string;
  origin_region: string;
  origin_country: string;
  destination_postal: string;
  destination_region: string;
  destination_country: string;
  ordered_at: string;
  shipped_at: string | null;
  delivered_at: string;
  promised_at: string | null;
  line: number;
}

interface DeliveredShipment {
  id: string;
  order_number: string | null;
  carrier: string;
  service: string | null;
  origin_postal: string | null;
  origin_region: string | null;
  origin_country: string | null;
  destination_postal: string | null;
  destination_region: string | null;
  destination_country: string | null;
  ordered_at: Date | string | null;
  created_at: Date | string;
  first_scan_at: Date | string | null;
  delivered_at: Date | string;
  promised_at: Date | string | null;
  time_zone: string | null;
}

/**
 * Everything a seller's model trains on: imported history plus delivered outbound shipments (ordered = the
 * order's time, else when the shipment was registered; shipped = the first carrier scan; delivered = the
 * delivery scan; order and ship times in the seller's zone, delivery and promise in the shopper's). An imported
 * row for an order the seller also tracked here is replaced by the tracked shipment.
 */
export async function loadTrainingRows(
  db: Queryable,
  sellerId: string,
  sellerZone: string,
): Promise<TrainingRows> {
  const report = emptyHistoryReport();
  const rows: HistoryRow[] = [];
  const shipments = await db.query<DeliveredShipment>(
    `SELECT s.id, o.order_number, s.carrier, s.service, s.origin_postal, s.origin_region, s.origin_country,
       s.destination_postal, s.destination_region, s.destination_country, o.ordered_at, s.created_at,
       s.first_scan_at, s.delivered_at, o.promised_at, o.time_zone
     FROM shipments s LEFT JOIN orders o ON o.id = s.order_id
     WHERE s.seller_id = $1 AND s.status = 'delivered' AND s.delivered_at IS NOT NULL AND s.direction = 'outbound'
     ORDER BY s.delivered_at DESC LIMIT $2`,
    [sellerId, MAX_TRAINING_ROWS],
  );
  const tracked = new Set<string>();
  for (const s of shipments) {
    const shopperZone = s.time_zone || sellerZone;
    const at = (v: Date | string | null, zone: string) => (v === null ? null : wallClock(new Date(v), zone));
    report.rowsRead++;
    const row = historyRowFromRecord(
      0,
      {
        order_id: s.order_number ?? `shipment:${s.id}`,
        carrier: s.carrier,
        service: s.service,
        origin_postal: s.origin_postal,
        origin_region: s.origin_region,
        origin_country: s.origin_country,
        destination_postal: s.destination_postal,
        destination_region: s.destination_region,
        destination_country: s.destination_country,
        ordered_at: at(s.ordered_at ?? s.created_at, sellerZone),
        shipped_at: at(s.first_scan_at, sellerZone),
        delivered_at: at(s.delivered_at, shopperZone),
        promised_at: at(s.promised_at, shopperZone),
      },
      report,
    );
    if (row) {
      report.rowsUsable++;
      rows.push(row);
      if (s.order_number) tracked.add(s.order_number);
    }
  }
  const fromShipments = rows.length;
  const history = await db.query<HistoryRecord>(
    `SELECT order_id, carrier, service, seller_ref, warehouse, origin_postal, origin_region, origin_country,
       destination_postal, destination_region, destination_country, ordered_at, shipped_at, delivered_at,
       promised_at, line
     FROM eta_history_rows WHERE seller_id = $1 ORDER BY ordered_at DESC LIMIT $2`,
    [sellerId, Math.max(0, MAX_TRAINING_ROWS - fromShipments)],
  );
  for (const h of history) {
    if (tracked.has(h.order_id)) continue;
    report.rowsRead++;
    const row = historyRowFromRecord(h.line, { ...h, seller: h.seller_ref }, report);
    if (row) {
      report.rowsUsable++;
      rows.push(row);
    }
  }
  return { rows, fromHistory: rows.length - fromShipments, fromShipments, report };
}
