/**
 * Business hours: time that counts Monday to Friday in a time zone and skips weekends and the public holidays
 * of a country, so a parcel scanned on Friday evening is not "stalled" on Monday morning, nor on the Tuesday
 * after Easter Monday in Germany. Holidays come from date-holidays through the ETA module's working-day
 * calendars (src/eta/calendar.ts: public and bank holidays, cached per country and year). Carriers that move
 * parcels at weekends still show short gaps then; it is only the thresholds that are measured in business time.
 */
import {
  DEFAULT_HOLIDAY_TYPES,
  getCalendar,
  MONDAY_TO_FRIDAY,
  type BusinessCalendar,
} from "../eta/calendar.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at an instant, in milliseconds (0 for an unknown zone). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  try {
    const parts = zoneFormat(timeZone).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(
      get("year"),
      get("month") - 1,
      get("day"),
      get("hour"),
      get("minute"),
      get("second"),
    );
    return wall - Math.floor(at.getTime() / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** Weekends and public holidays of the country (ISO 3166-1 alpha-2); weekends only without one. */
function calendarOf(country: string | null | undefined): BusinessCalendar {
  return getCalendar({
    country: country ?? "",
    region: "",
    weekmask: MONDAY_TO_FRIDAY,
    holidayTypes: DEFAULT_HOLIDAY_TYPES,
  });
}

/** True when the local calendar day starting at `localMs` (wall-clock ms as if UTC) is a business day. */
function isBusinessDay(localMs: number, calendar: BusinessCalendar): boolean {
  const day = Math.floor(localMs / DAY_MS);
  try {
    return calendar.isWorkingDay(day);
  } catch {
    // Outside the years the calendars cover (1990–2100): weekdays only.
    const weekday = new Date(localMs).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }
}

/**
 * Business hours between two instants in a zone, skipping weekends and the country's public holidays. The
 * zone's offset at `from` is used for the whole span (a daylight-saving change inside it moves the answer by at
 * most that hour).
 */
export function businessHoursBetween(
  from: Date,
  to: Date,
  timeZone = "UTC",
  country: string | null = null,
): number {
  if (to <= from) return 0;
  const calendar = calendarOf(country);
  const offset = zoneOffsetMs(from, timeZone);
  let cursor = from.getTime() + offset;
  const end = to.getTime() + offset;
  let total = 0;
  while (cursor < end) {
    const nextMidnight = Math.floor(cursor / DAY_MS) * DAY_MS + DAY_MS;
    const stop = Math.min(end, nextMidnight);
    if (isBusinessDay(cursor, calendar)) total += stop - cursor;
    cursor = stop;
  }
  return total / HOUR_MS;
}

/** Business days between two instants (business hours / 24), weekends and the country's holidays skipped. */
export function businessDaysBetween(
  from: Date,
  to: Date,
  timeZone = "UTC",
  country: string | null = null,
): number {
  return businessHoursBetween(from, to, timeZone, country) / 24;
}

/** The instant `hours` business hours after `from` (the SLA due time of an alert). */
export function addBusinessHours(
  from: Date,
  hours: number,
  timeZone = "UTC",
  country: string | null = null,
): Date {
  const calendar = calendarOf(country);
  const offset = zoneOffsetMs(from, timeZone);
  let cursor = from.getTime() + offset;
  let left = hours * HOUR_MS;
  // A year without a single business day does not exist; the bound only guards against a broken calendar.
  for (let days = 0; left > 0 && days < 3_660; days++) {
    const nextMidnight = Math.floor(cursor / DAY_MS) * DAY_MS + DAY_MS;
    if (isBusinessDay(cursor, calendar)) {
      const take = Math.min(left, nextMidnight - cursor);
      left -= take;
      cursor += take;
      if (left <= 0) break;
    }
    cursor = nextMidnight;
  }
  return new Date(cursor - offset);
}
