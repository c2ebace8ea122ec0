/**
 * `shipwatch import orders FILE.csv`: orders (and their parcels) from the generic order CSV, streamed in batches of
 * rows, one transaction per batch. Re-importing updates: an order is found by its number (a non-empty field replaces
 * the stored one, an empty one keeps it), a parcel by carrier and tracking number. Bad rows are reported with their
 * line number and skipped; every good row is kept. The file stays the record of what was imported (it is not
 * copied into raw payloads: it holds no tracking data to replay).
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { normalizeEmail, normalizePhone, normalizePostcode } from "../core/contact.js";
import { normalizeTrackingNumber } from "../core/tracking-number.js";
import type { Database, SqlSession } from "../db/client.js";
import { readCsvRecords } from "../ingest/files/csv-records.js";
import { refreshOrderStages } from "../ingest/order-stages.js";
import { csvRowToOrder, readOrderCsvHeader, type CsvOrderRow, type OrderColumnIndex } from "./csv-orders.js";

export interface OrderImportReport {
  file: string;
  rows: number;
  ordersCreated: number;
  ordersUpdated: number;
  shipmentsCreated: number;
  shipmentsAttached: number;
  errorCount: number;
  /** The first 1,000 problems, with their line. */
  errors: { line: number; message: string }[];
}

const MAX_ERRORS = 1000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function writeBatch(
  s: SqlSession,
  sellerId: string,
  rows: readonly CsvOrderRow[],
  report: OrderImportReport,
) {
  const touched = new Set<string>();
  for (const row of rows) {
    const [order] = await s.query<{ id: string; created: boolean }>(
      `INSERT INTO orders (seller_id, order_number, email, phone, postcode, first_name, locale, time_zone, ordered_at,
         promised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (seller_id, order_number) DO UPDATE SET email = COALESCE(EXCLUDED.email, orders.email),
         phone = COALESCE(EXCLUDED.phone, orders.phone), postcode = COALESCE(EXCLUDED.postcode, orders.postcode),
         first_name = COALESCE(EXCLUDED.first_name, orders.first_name), locale = COALESCE(EXCLUDED.locale, orders.locale),
         time_zone = COALESCE(EXCLUDED.time_zone, orders.time_zone),
         ordered_at = COALESCE(EXCLUDED.ordered_at, orders.ordered_at),
         promised_at = COALESCE(EXCLUDED.promised_at, orders.promised_at), updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [
        sellerId,
        row.orderNumber,
        row.email ? normalizeEmail(row.email) : null,
        row.phone ? normalizePhone(row.phone) : null,
        row.postcode ? normalizePostcode(row.postcode) : null,
        row.firstName,
        row.locale,
        row.timeZone,
        iso(row.orderedAt),
        iso(row.promisedAt),
      ],
    );
    // A second row of the same order in one file counts once.
    if (!touched.has(order!.id)) {
      if (order!.created) report.ordersCreated += 1;
      else report.ordersUpdated += 1;
    }
    touched.add(order!.id);
    if (!row.parcel) continue;
    const number = normalizeTrackingNumber(row.parcel.trackingNumber);
    const [created] = await s.query<{ id: string }>(
      `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, service) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seller_id, carrier, tracking_number) DO NOTHING RETURNING id`,
      [sellerId, order!.id, row.parcel.carrier, number, row.parcel.service],
    );
    if (created) {
      report.shipmentsCreated += 1;
      continue;
    }
    const [attached] = await s.query<{ id: string }>(
      `UPDATE shipments SET order_id = $4, service = COALESCE($5, service), updated_at = now()
       WHERE seller_id = $1 AND carrier = $2 AND tracking_number = $3
         AND (order_id IS DISTINCT FROM $4 OR service IS DISTINCT FROM COALESCE($5, service))
       RETURNING id`,
      [sellerId, row.parcel.carrier, number, order!.id, row.parcel.service],
    );
    if (attached) report.shipmentsAttached += 1;
  }
  await refreshOrderStages(s, sellerId, [...touched]);
}

/** Imports an order CSV from a stream of text chunks. */
export async function importOrdersStream(
  db: Database,
  sellerId: string,
  chunks: AsyncIterable<string | Buffer>,
  options: { file: string; preferredCarriers?: readonly string[]; batchSize?: number },
): Promise<OrderImportReport> {
  const report: OrderImportReport = {
    file: options.file,
    rows: 0,
    ordersCreated: 0,
    ordersUpdated: 0,
    shipmentsCreated: 0,
    shipmentsAttached: 0,
    errorCount: 0,
    errors: [],
  };
  const problem = (line: number, message: string) => {
    report.errorCount += 1;
    if (report.errors.length < MAX_ERRORS) report.errors.push({ line, message });
  };
  const batchSize = options.batchSize ?? 500;
  let columns: OrderColumnIndex | null = null;
  let batch: CsvOrderRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await db.session((s) => writeBatch(s, sellerId, rows, report));
  };
  for await (const record of readCsvRecords(chunks)) {
    if ("error" in record) {
      problem(record.line, record.error);
      continue;
    }
    if (!columns) {
      const header = readOrderCsvHeader(record.fields);
      if ("error" in header) {
        problem(record.line, header.error);
        return report;
      }
      columns = header.columns;
      continue;
    }
    report.rows += 1;
    const row = csvRowToOrder(record, columns, options.preferredCarriers);
    if ("error" in row) problem(record.line, row.error);
    else batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}

/** Imports an order CSV file from disk. */
export async function importOrdersFile(
  db: Database,
  sellerId: string,
  path: string,
  options: { preferredCarriers?: readonly string[]; batchSize?: number } = {},
): Promise<OrderImportReport> {
  const stream: Readable = createReadStream(path, { encoding: "utf8" });
  return importOrdersStream(db, sellerId, stream as AsyncIterable<string>, {
    ...options,
    file: basename(path),
  });
}
