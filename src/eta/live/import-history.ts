/**
 * `shipwatch import history FILE.csv`: a delivery-history file streamed into eta_history_rows for one seller,
 * validated row by row exactly as the backtest reads it (src/eta/history.ts); bad rows are counted by reason
 * with their line numbers, good rows are upserted by order id (importing a file twice counts its rows once).
 */
import { basename } from "node:path";
import type { Database } from "../../db/client.js";
import { formatDay } from "../dates.js";
import type { LocalTime } from "../dates.js";
import type { HistoryReport, HistoryRow } from "../history.js";
import { emptyHistoryReport, historyFileChunks, readHistory } from "../history.js";
import type { StoredHistoryRow } from "./history-store.js";
import { upsertHistoryRows } from "./history-store.js";

export interface HistoryImportReport extends HistoryReport {
  file: string;
  /** Rows new to the seller, and rows that replaced an earlier import of the same order. */
  inserted: number;
  updated: number;
}

const CHUNK = 2_000;

function localText(t: LocalTime): string {
  const hh = String(Math.floor(t.minute / 60)).padStart(2, "0");
  const mm = String(t.minute % 60).padStart(2, "0");
  return `${formatDay(t.day)} ${hh}:${mm}`;
}

/** A validated row as stored: normalized codes and the wall-clock times as written (offsets dropped). */
export function storedHistoryRow(row: HistoryRow): StoredHistoryRow {
  return {
    orderId: row.orderId,
    carrier: row.carrier,
    service: row.service,
    sellerRef: row.seller,
    warehouse: row.warehouse,
    originPostal: row.origin.postal,
    originRegion: row.origin.region,
    originCountry: row.origin.country,
    destinationPostal: row.destination.postal,
    destinationRegion: row.destination.region,
    destinationCountry: row.destination.country,
    orderedAt: localText(row.ordered),
    shippedAt: row.shipped ? localText(row.shipped) : null,
    deliveredAt: localText(row.delivered),
    promisedAt: row.promised ? localText(row.promised) : null,
    line: row.line,
  };
}

/** Imports history rows from text chunks (a file stream) for a seller. Throws HistoryFormatError on a bad header. */
export async function importHistory(
  db: Database,
  sellerId: string,
  source: string,
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<HistoryImportReport> {
  const report: HistoryImportReport = { ...emptyHistoryReport(), file: source, inserted: 0, updated: 0 };
  let pending: StoredHistoryRow[] = [];
  const flush = async () => {
    const rows = pending;
    pending = [];
    const result = await db.session((s) => upsertHistoryRows(s, sellerId, source, rows));
    report.inserted += result.inserted;
    report.updated += result.updated;
  };
  for await (const row of readHistory(chunks, report)) {
    if (row.orderId === "") {
      // Without an order id a second import could not recognise the row: it would be counted twice.
      report.rowsUsable--;
      report.skipped.missing_order_id = (report.skipped.missing_order_id ?? 0) + 1;
      if (report.examples.length < 20)
        report.examples.push({ line: row.line, reason: "missing_order_id", value: "" });
      continue;
    }
    pending.push(storedHistoryRow(row));
    if (pending.length >= CHUNK) await flush();
  }
  if (pending.length > 0) await flush();
  return report;
}

/** importHistory on a file, streamed in 1 MiB pieces. */
export function importHistoryFile(db: Database, sellerId: string, path: string) {
  return importHistory(db, sellerId, basename(path), historyFileChunks(path));
}
