/**
 * The generic order CSV (for every shop that is not Shopify or WooCommerce): one row per order, or per parcel
 * when an order has several (the order columns repeat). Columns are documented in docs/commerce.md; names are
 * case-insensitive, spaces and dashes read as `_`, aliases accepted. Reading a row is pure: a row becomes an order
 * (and maybe a parcel) or the reason it cannot, and the importer (import-orders.ts) writes it.
 */
import { resolveCarrier } from "./carrier-names.js";
import { email, locale, phone } from "./payload-fields.js";
import type { CsvRecord } from "../ingest/files/csv-records.js";

const COLUMNS = {
  order_number: ["order_number", "order", "order_no", "order_id", "name"],
  email: ["email", "customer_email"],
  phone: ["phone", "customer_phone"],
  postcode: ["postcode", "postal_code", "zip", "zip_code"],
  first_name: ["first_name", "firstname"],
  locale: ["locale", "language"],
  time_zone: ["time_zone", "timezone", "tz"],
  ordered_at: ["ordered_at", "order_date", "created_at"],
  promised_at: ["promised_at", "promised_date", "promise_date"],
  carrier: ["carrier", "carrier_id", "tracking_company"],
  tracking_number: ["tracking_number", "tracking", "tracking_no"],
  service: ["service", "shipping_service"],
} as const;

export type OrderCsvColumn = keyof typeof COLUMNS;
export type OrderColumnIndex = Partial<Record<OrderCsvColumn, number>>;

export interface CsvOrderRow {
  line: number;
  orderNumber: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  firstName: string | null;
  locale: string | null;
  timeZone: string | null;
  orderedAt: Date | null;
  promisedAt: Date | null;
  parcel: { carrier: string; trackingNumber: string; service: string | null } | null;
}

/** The column positions of a header row, or what is missing. */
export function readOrderCsvHeader(
  fields: readonly string[],
): { columns: OrderColumnIndex } | { error: string } {
  const columns: OrderColumnIndex = {};
  fields.forEach((name, index) => {
    const key = name
      .replace(/^\uFEFF/, "")
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    for (const [column, aliases] of Object.entries(COLUMNS) as [OrderCsvColumn, readonly string[]][])
      if (aliases.includes(key) && columns[column] === undefined) columns[column] = index;
  });
  return columns.order_number === undefined
    ? { error: "missing required column: order_number" }
    : { columns };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** ISO 8601 with an offset or Z, or a bare date (read as 00:00 UTC of that day). */
function csvInstant(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)) return null;
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value.replace(" ", "T"));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** One data row → an order row, or every reason it cannot be one. */
export function csvRowToOrder(
  record: CsvRecord,
  columns: OrderColumnIndex,
  preferredCarriers: readonly string[] = [],
): CsvOrderRow | { error: string } {
  const get = (c: OrderCsvColumn) => {
    const i = columns[c];
    const v = i === undefined ? undefined : record.fields[i]?.trim();
    return v ? v : null;
  };
  const problems: string[] = [];
  const orderNumber = get("order_number")?.replace(/^#/, "") ?? null;
  if (!orderNumber) problems.push("order_number is empty");
  else if (orderNumber.length > 64) problems.push("order_number is longer than 64 characters");
  const check = <T>(column: OrderCsvColumn, read: (v: string) => T | null, what: string): T | null => {
    const raw = get(column);
    if (raw === null) return null;
    const value = read(raw);
    if (value === null) problems.push(`${column} "${raw.slice(0, 60)}" is not ${what}`);
    return value;
  };
  const row = {
    email: check("email", email, "an e-mail address"),
    phone: check("phone", phone, "a phone number"),
    postcode: check("postcode", (v) => (v.length <= 20 ? v : null), "a postcode (at most 20 characters)"),
    firstName: check(
      "first_name",
      (v) => (v.length <= 100 ? v : null),
      "a first name (at most 100 characters)",
    ),
    locale: check("locale", locale, "a locale such as en or pt-BR"),
    timeZone: check("time_zone", (v) => (isTimeZone(v) ? v : null), "an IANA time zone such as Europe/Paris"),
    orderedAt: check("ordered_at", csvInstant, "an ISO 8601 date or date-time with offset"),
    promisedAt: check("promised_at", csvInstant, "an ISO 8601 date or date-time with offset"),
  };
  let parcel: CsvOrderRow["parcel"] = null;
  const trackingNumber = get("tracking_number");
  const carrierGiven = get("carrier");
  if (trackingNumber) {
    if (!/^[A-Za-z0-9 -]{4,64}$/.test(trackingNumber))
      problems.push(
        `tracking_number "${trackingNumber.slice(0, 60)}" is not 4-64 letters, digits, spaces or dashes`,
      );
    else {
      // An id (`ups`) or a name as a shop writes it (`UPS`, `DHL Express`); else the number's format decides.
      const id = carrierGiven && /^[a-z][a-z0-9_]{1,40}$/.test(carrierGiven) ? carrierGiven : null;
      const carrier = id ?? resolveCarrier(carrierGiven, trackingNumber, preferredCarriers).carrier;
      if (!carrier)
        problems.push(
          `no carrier for tracking number ${trackingNumber}: add a carrier column (ups, fedex...)`,
        );
      else parcel = { carrier, trackingNumber, service: get("service")?.slice(0, 100) ?? null };
    }
  } else if (carrierGiven) problems.push("carrier given without a tracking_number");
  if (problems.length > 0) return { error: problems.join("; ") };
  return { line: record.line, orderNumber: orderNumber!, ...row, parcel };
}
