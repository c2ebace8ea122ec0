/**
 * Delivery-history files: one row per delivered order (columns in HISTORY_COLUMNS; optional seller_id and
 * warehouse columns refine handling time). Rows are streamed, validated and normalized; rows that cannot be
 * used are skipped and counted by reason with their line numbers, never silently dropped.
 */
import { createReadStream } from "node:fs";
import { readCsvRecords } from "./csv.js";
import type { LocalTime } from "./dates.js";
import { parseLocalTime, yearOfDay } from "./dates.js";
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from "./calendar.js";

export const HISTORY_COLUMNS = [
  "order_id",
  "carrier",
  "service",
  "origin_postal",
  "origin_region",
  "origin_country",
  "destination_postal",
  "destination_region",
  "destination_country",
  "ordered_at",
  "shipped_at",
  "delivered_at",
  "promised_at",
] as const;

const OPTIONAL_COLUMNS: Record<string, "seller" | "warehouse"> = {
  seller_id: "seller",
  seller: "seller",
  warehouse: "warehouse",
  warehouse_id: "warehouse",
};

/** Journeys longer than this are treated as data errors (lost-and-found parcels, wrong years). */
export const MAX_JOURNEY_DAYS = 365;

export interface Place {
  /** Upper-case letters and digits only ("01310-100" → "01310100"). */
  readonly postal: string;
  readonly region: string;
  readonly country: string;
}

/** One usable delivered order. `shipped` is null when missing or inconsistent (then at_ship cannot use it). */
export interface HistoryRow {
  readonly line: number;
  readonly orderId: string;
  readonly carrier: string;
  readonly service: string;
  readonly seller: string;
  readonly warehouse: string;
  readonly origin: Place;
  readonly destination: Place;
  readonly ordered: LocalTime;
  readonly shipped: LocalTime | null;
  readonly delivered: LocalTime;
  readonly promised: LocalTime | null;
}

export interface HistoryReport {
  rowsRead: number;
  rowsUsable: number;
  /** Rows left out, by reason (not_delivered, bad_ordered_at, delivered_before_ordered, …). */
  skipped: Record<string, number>;
  /** Rows kept with a field ignored, by reason (shipped_after_delivered, bad_promised_at, …). */
  warnings: Record<string, number>;
  /** The first problems with their line numbers. */
  examples: { line: number; reason: string; value: string }[];
  missingColumns: string[];
}

const MAX_EXAMPLES = 20;

export function emptyHistoryReport(): HistoryReport {
  return { rowsRead: 0, rowsUsable: 0, skipped: {}, warnings: {}, examples: [], missingColumns: [] };
}

function note(
  report: HistoryReport,
  kind: "skipped" | "warnings",
  reason: string,
  line: number,
  value: string,
) {
  report[kind][reason] = (report[kind][reason] ?? 0) + 1;
  if (report.examples.length < MAX_EXAMPLES)
    report.examples.push({ line, reason, value: value.slice(0, 80) });
}

type ColumnIndex = Record<string, number>;

function indexHeader(fields: string[], report: HistoryReport): ColumnIndex {
  const index: ColumnIndex = {};
  fields.forEach((raw, i) => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const alias = OPTIONAL_COLUMNS[name];
    if ((HISTORY_COLUMNS as readonly string[]).includes(name) && index[name] === undefined) index[name] = i;
    else if (alias && index[alias] === undefined) index[alias] = i;
  });
  report.missingColumns = HISTORY_COLUMNS.filter((c) => index[c] === undefined);
  return index;
}

const code = (s: string) => s.trim().toUpperCase();
const postal = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, "");

function inRange(t: LocalTime): boolean {
  const year = yearOfDay(t.day);
  return year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
}

/** Validates one record against the header; returns null (and counts why) when the row cannot be used. */
function toRow(line: number, fields: string[], index: ColumnIndex, report: HistoryReport): HistoryRow | null {
  const get = (name: string): string => {
    const i = index[name];
    return i === undefined ? "" : (fields[i] ?? "").trim();
  };
  const width = Math.max(...Object.values(index)) + 1;
  if (fields.length < width) {
    note(report, "skipped", "column_count", line, `${fields.length} fields, expected ${width}`);
    return null;
  }
  const orderedText = get("ordered_at");
  const ordered = parseLocalTime(orderedText);
  if (!ordered || !inRange(ordered)) {
    note(report, "skipped", ordered ? "date_out_of_range" : "bad_ordered_at", line, orderedText);
    return null;
  }
  const deliveredText = get("delivered_at");
  if (deliveredText === "") {
    note(report, "skipped", "not_delivered", line, "");
    return null;
  }
  const delivered = parseLocalTime(deliveredText);
  if (!delivered || !inRange(delivered)) {
    note(report, "skipped", delivered ? "date_out_of_range" : "bad_delivered_at", line, deliveredText);
    return null;
  }
  if (delivered.day < ordered.day) {
    note(report, "skipped", "delivered_before_ordered", line, `${orderedText} > ${deliveredText}`);
    return null;
  }
  if (delivered.day - ordered.day > MAX_JOURNEY_DAYS) {
    note(report, "skipped", "implausible_duration", line, `${delivered.day - ordered.day} days`);
    return null;
  }
  const shippedText = get("shipped_at");
  let shipped: LocalTime | null = null;
  if (shippedText === "") note(report, "warnings", "shipped_at_missing", line, "");
  else {
    const parsed = parseLocalTime(shippedText);
    if (!parsed) note(report, "warnings", "bad_shipped_at", line, shippedText);
    else if (parsed.day < ordered.day) note(report, "warnings", "shipped_before_ordered", line, shippedText);
    else if (parsed.day > delivered.day)
      note(report, "warnings", "shipped_after_delivered", line, shippedText);
    else shipped = parsed;
  }
  const promisedText = get("promised_at");
  let promised: LocalTime | null = null;
  if (promisedText !== "") {
    const parsed = parseLocalTime(promisedText);
    if (!parsed || !inRange(parsed)) note(report, "warnings", "bad_promised_at", line, promisedText);
    else if (parsed.day < ordered.day)
      note(report, "warnings", "promised_before_ordered", line, promisedText);
    else promised = parsed;
  }
  return {
    line,
    orderId: get("order_id"),
    carrier: get("carrier").toLowerCase(),
    service: get("service").toLowerCase(),
    seller: get("seller"),
    warehouse: get("warehouse"),
    origin: {
      postal: postal(get("origin_postal")),
      region: code(get("origin_region")),
      country: code(get("origin_country")),
    },
    destination: {
      postal: postal(get("destination_postal")),
      region: code(get("destination_region")),
      country: code(get("destination_country")),
    },
    ordered,
    shipped,
    delivered,
    promised,
  };
}

const RECORD_COLUMNS = [...HISTORY_COLUMNS, "seller", "warehouse"] as const;
const RECORD_INDEX: ColumnIndex = Object.fromEntries(RECORD_COLUMNS.map((c, i) => [c, i]));

/**
 * Validates one row given as named values (a stored history row, a delivered shipment) exactly as a file row
 * is validated; null (counted in `report`) when it cannot be used.
 */
export function historyRowFromRecord(
  line: number,
  record: Partial<Record<(typeof RECORD_COLUMNS)[number], string | null>>,
  report: HistoryReport = emptyHistoryReport(),
): HistoryRow | null {
  return toRow(
    line,
    RECORD_COLUMNS.map((c) => record[c] ?? ""),
    RECORD_INDEX,
    report,
  );
}

export class HistoryFormatError extends Error {}

/**
 * Streams usable rows out of CSV text chunks, filling `report`. Throws HistoryFormatError when the header lacks
 * ordered_at or delivered_at (nothing can be learned from such a file).
 */
export async function* readHistory(
  chunks: AsyncIterable<string> | Iterable<string>,
  report: HistoryReport = emptyHistoryReport(),
): AsyncGenerator<HistoryRow> {
  let index: ColumnIndex | null = null;
  for await (const record of readCsvRecords(chunks)) {
    if (!index) {
      index = indexHeader(record.fields, report);
      const lacking = ["ordered_at", "delivered_at"].filter((c) => index?.[c] === undefined);
      if (lacking.length > 0) throw new HistoryFormatError(`history header lacks ${lacking.join(", ")}`);
      continue;
    }
    report.rowsRead++;
    const row = toRow(record.line, record.fields, index, report);
    if (row) {
      report.rowsUsable++;
      yield row;
    }
  }
  if (!index) throw new HistoryFormatError("history file is empty");
}

/** UTF-8 text chunks of a file, read in 1 MiB pieces. */
export function historyFileChunks(path: string): AsyncIterable<string> {
  return createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
}
