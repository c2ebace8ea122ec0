/**
 * Shipwatch's CSV event format (docs/imports.md): one scan per row, a header row naming the columns (any order,
 * case and spacing ignored, a few aliases accepted). Rows become normalized events; a row that cannot become one
 * is reported with its line number and the reason, and the rest of the file is kept.
 */
import { getCarrier } from "../../carriers/registry.js";
import type { NormalizedEvent } from "../../core/events.js";
import { isStatus, STATUS_TABLE } from "../../core/status.js";
import { parseIsoEventTime } from "../../core/time.js";
import type { CsvRecord } from "./csv-records.js";

/** Documented columns, and the header spellings accepted for each. */
export const CSV_COLUMNS = {
  carrier: ["carrier", "carrier_id"],
  tracking_number: ["tracking_number", "trackingnumber", "tracking", "tracking_no"],
  occurred_at: ["occurred_at", "occurredat", "event_time", "timestamp", "time"],
  status: ["status"],
  substatus: ["substatus", "sub_status"],
  code: ["code", "carrier_code", "event_code"],
  description: ["description", "message", "event_description"],
  city: ["city"],
  region: ["region", "state", "province"],
  postal_code: ["postal_code", "postcode", "zip"],
  country: ["country", "country_code"],
  location: ["location", "location_text"],
} as const;

export type CsvColumn = keyof typeof CSV_COLUMNS;
export type ColumnIndex = Partial<Record<CsvColumn, number>>;

const REQUIRED: CsvColumn[] = ["carrier", "tracking_number", "occurred_at"];

/** Reads the header row into column positions, or says which required columns are missing. */
export function readCsvHeader(fields: readonly string[]): { columns: ColumnIndex } | { error: string } {
  const columns: ColumnIndex = {};
  fields.forEach((name, index) => {
    const key = name
      .replace(/^\uFEFF/, "")
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    for (const [column, aliases] of Object.entries(CSV_COLUMNS) as [CsvColumn, readonly string[]][]) {
      if (aliases.includes(key) && columns[column] === undefined) columns[column] = index;
    }
  });
  const missing = REQUIRED.filter((c) => columns[c] === undefined);
  return missing.length ? { error: `missing required column(s): ${missing.join(", ")}` } : { columns };
}

export interface FileEvent {
  carrier: string;
  trackingNumber: string;
  event: NormalizedEvent;
}

/** One data row → an event, or the reason it cannot be one. */
export function csvRowToEvent(record: CsvRecord, columns: ColumnIndex): FileEvent | { error: string } {
  const get = (c: CsvColumn) => {
    const i = columns[c];
    const v = i === undefined ? undefined : record.fields[i]?.trim();
    return v ? v : null;
  };
  const carrier = get("carrier")?.toLowerCase() ?? null;
  const trackingNumber = get("tracking_number");
  const occurredAt = get("occurred_at");
  if (!carrier || !/^[a-z0-9_]{1,64}$/.test(carrier))
    return { error: "carrier is missing or not a lower_snake_case id" };
  if (!trackingNumber || trackingNumber.length > 64)
    return { error: "tracking_number is missing or longer than 64 characters" };
  if (!occurredAt) return { error: "occurred_at is missing" };
  const time = parseIsoEventTime(occurredAt);
  if (!time) return { error: `occurred_at "${occurredAt.slice(0, 40)}" is not an ISO 8601 date-time` };
  const statusText = get("status")?.toLowerCase() ?? null;
  const code = get("code");
  let status = null as NormalizedEvent["status"];
  let substatus = get("substatus");
  if (statusText) {
    if (!isStatus(statusText))
      return { error: `status "${statusText.slice(0, 40)}" is not a Shipwatch status` };
    status = statusText;
    if (substatus && !STATUS_TABLE[status].substatuses.includes(substatus)) substatus = null;
  } else if (code) {
    // No status given: the carrier's own code, read through its adapter's status map when it has one.
    const mapped = getCarrier(carrier)?.statusMap[code.toUpperCase()] ?? getCarrier(carrier)?.statusMap[code];
    status = mapped?.status ?? null;
    substatus = mapped?.substatus ?? null;
  }
  const description = (get("description") ?? "").slice(0, 2000);
  const location = {
    city: get("city"),
    region: get("region"),
    postalCode: get("postal_code"),
    country: get("country")?.toUpperCase() ?? null,
    text: get("location"),
  };
  if (location.country && !/^[A-Z]{2}$/.test(location.country))
    return { error: `country "${location.country.slice(0, 20)}" is not an ISO 3166-1 alpha-2 code` };
  return {
    carrier,
    trackingNumber,
    event: {
      occurredAt,
      localTime: time.localTime,
      utcOffset: time.utcOffset,
      zoneGuessed: time.zoneGuessed,
      code,
      description,
      location: Object.values(location).some((v) => v !== null) ? location : null,
      status,
      substatus: status ? substatus : null,
      unmapped: status === null,
    },
  };
}
