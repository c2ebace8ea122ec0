/**
 * What the model conditions on: the hierarchy chains of a shipment (handling: origin region → seller →
 * warehouse; lane: carrier → service → destination region → region pair → destination postcode prefixes),
 * the working-day calendars it is counted in, and the order cut-off hour.
 */
import type { BusinessCalendar, HolidayType } from "./calendar.js";
import { CALENDAR_DAYS, MONDAY_TO_FRIDAY, getCalendar } from "./calendar.js";
import type { LocalTime } from "./dates.js";
import { weekdayOf } from "./dates.js";

export interface PlaceFacts {
  postal?: string | null;
  region?: string | null;
  country?: string | null;
}

/** What is known about a shipment when it is ordered (all optional: unknown parts fall back up the hierarchy). */
export interface ShipmentFacts {
  carrier?: string | null;
  service?: string | null;
  /** Seller and warehouse refine handling time; the origin postcode stands in for a missing warehouse. */
  seller?: string | null;
  warehouse?: string | null;
  origin?: PlaceFacts | null;
  destination?: PlaceFacts | null;
}

export type DayCount = "business" | "calendar";

export interface Weekmasks {
  /** Delivery weekdays by "carrier|COUNTRY", "|COUNTRY" and "" (everything). */
  delivery: Record<string, number>;
  /** Shipping (handing to the carrier) weekdays by "COUNTRY" and "". */
  shipping: Record<string, number>;
}

export interface CalendarConfig {
  weekmasks: Weekmasks;
  holidayTypes: readonly HolidayType[];
}

export const HANDLING_LEVELS = ["all", "origin_region", "seller", "warehouse"];
export const laneLevels = (prefixLengths: readonly number[]): string[] => [
  "all",
  "carrier",
  "service",
  "destination_region",
  "region_pair",
  ...prefixLengths.map((n) => `destination_postal_${n}`),
];

const code = (s: string | null | undefined) => (s ?? "").trim().toUpperCase();
const postalCode = (s: string | null | undefined) => (s ?? "").toUpperCase().replace(/[^0-9A-Z]/g, "");
const place = (p: PlaceFacts | null | undefined) => `${code(p?.country)}/${code(p?.region)}`;

/** Chain parts for handling time (order → first carrier scan). */
export function handlingParts(facts: ShipmentFacts): string[] {
  const warehouse = (facts.warehouse ?? "").trim() || postalCode(facts.origin?.postal);
  return [place(facts.origin), (facts.seller ?? "").trim(), warehouse];
}

/** Chain parts for a lane (transit, and order → delivery). */
export function laneParts(facts: ShipmentFacts, prefixLengths: readonly number[]): string[] {
  const postal = postalCode(facts.destination?.postal);
  return [
    (facts.carrier ?? "").trim().toLowerCase(),
    (facts.service ?? "").trim().toLowerCase(),
    place(facts.destination),
    place(facts.origin),
    ...prefixLengths.map((n) => postal.slice(0, n)),
  ];
}

/** Calendar in which deliveries to `facts.destination` by `facts.carrier` are counted. */
export function deliveryCalendar(
  config: CalendarConfig,
  facts: ShipmentFacts,
  dayCount: DayCount,
): BusinessCalendar {
  if (dayCount === "calendar") return CALENDAR_DAYS;
  const country = code(facts.destination?.country);
  const carrier = (facts.carrier ?? "").trim().toLowerCase();
  const masks = config.weekmasks.delivery;
  const weekmask = masks[`${carrier}|${country}`] ?? masks[`|${country}`] ?? masks[""] ?? MONDAY_TO_FRIDAY;
  return getCalendar({
    country,
    region: code(facts.destination?.region),
    weekmask,
    holidayTypes: config.holidayTypes,
  });
}

/** Calendar in which the seller's handling days are counted (origin holidays, shipping weekdays). */
export function shippingCalendar(
  config: CalendarConfig,
  facts: ShipmentFacts,
  dayCount: DayCount,
): BusinessCalendar {
  if (dayCount === "calendar") return CALENDAR_DAYS;
  const country = code(facts.origin?.country);
  const masks = config.weekmasks.shipping;
  const weekmask = masks[country] ?? masks[""] ?? MONDAY_TO_FRIDAY;
  return getCalendar({
    country,
    region: code(facts.origin?.region),
    weekmask,
    holidayTypes: config.holidayTypes,
  });
}

/** The working day an order starts being handled: the next one when placed after the cut-off or on a day off. */
export function effectiveStart(
  calendar: BusinessCalendar,
  ordered: LocalTime,
  cutoffMinute: number | null,
): number {
  if (cutoffMinute !== null && ordered.minute >= cutoffMinute) return calendar.add(ordered.day, 1);
  return calendar.onOrAfter(ordered.day);
}

/** Minimum rows before a weekday pattern is trusted over its parent's. */
const MIN_WEEKMASK_ROWS = 200;

/**
 * A weekday is a working day when it carries at least half the volume of a typical busy weekday (the third
 * busiest), so a carrier that delivers on Saturdays gets Saturdays and one that only rarely does, does not.
 */
export function weekmaskFromCounts(counts: readonly number[]): number {
  const sorted = [...counts].sort((a, b) => b - a);
  const reference = sorted[2] ?? 0;
  let mask = 0;
  counts.forEach((count, weekday) => {
    if (reference > 0 && count >= 0.5 * reference) mask |= 1 << weekday;
  });
  return mask || MONDAY_TO_FRIDAY;
}

interface WeekmaskInput {
  carrier: string;
  origin: PlaceFacts;
  destination: PlaceFacts;
  shipped: LocalTime | null;
  delivered: LocalTime;
}

/** Learns delivery weekdays per carrier and country, and shipping weekdays per origin country. */
export function learnWeekmasks(rows: readonly WeekmaskInput[]): Weekmasks {
  const delivery = new Map<string, number[]>();
  const shipping = new Map<string, number[]>();
  const bump = (map: Map<string, number[]>, key: string, weekday: number) => {
    let counts = map.get(key);
    if (!counts) map.set(key, (counts = [0, 0, 0, 0, 0, 0, 0]));
    counts[weekday] = (counts[weekday] ?? 0) + 1;
  };
  for (const row of rows) {
    const country = code(row.destination.country);
    const weekday = weekdayOf(row.delivered.day);
    bump(delivery, `${row.carrier}|${country}`, weekday);
    bump(delivery, `|${country}`, weekday);
    bump(delivery, "", weekday);
    if (row.shipped) {
      const shipDay = weekdayOf(row.shipped.day);
      bump(shipping, code(row.origin.country), shipDay);
      bump(shipping, "", shipDay);
    }
  }
  const toMasks = (map: Map<string, number[]>) => {
    const out: Record<string, number> = {};
    for (const [key, counts] of map) {
      if (counts.reduce((a, b) => a + b, 0) >= MIN_WEEKMASK_ROWS) out[key] = weekmaskFromCounts(counts);
    }
    return out;
  };
  return { delivery: toMasks(delivery), shipping: toMasks(shipping) };
}
