/**
 * Business hours: time that counts Monday to Friday in a time zone and skips weekends, so a parcel scanned on
 * Friday evening is not "stalled" on Monday morning. Carriers that move parcels at weekends still show short
 * gaps then; it is only the thresholds that are measured in business time.
 */

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

const isWeekday = (localMs: number) => {
  const d = new Date(localMs).getUTCDay();
  return d !== 0 && d !== 6;
};

/**
 * Business hours between two instants in a zone. The zone's offset at `from` is used for the whole span (a
 * daylight-saving change inside it moves the answer by at most that hour).
 */
export function businessHoursBetween(from: Date, to: Date, timeZone = "UTC"): number {
  if (to <= from) return 0;
  const offset = zoneOffsetMs(from, timeZone);
  let cursor = from.getTime() + offset;
  const end = to.getTime() + offset;
  let total = 0;
  while (cursor < end) {
    const nextMidnight = Math.floor(cursor / DAY_MS) * DAY_MS + DAY_MS;
    const stop = Math.min(end, nextMidnight);
    if (isWeekday(cursor)) total += stop - cursor;
    cursor = stop;
  }
  return total / HOUR_MS;
}

/** Business days between two instants (business hours / 24). */
export function businessDaysBetween(from: Date, to: Date, timeZone = "UTC"): number {
  return businessHoursBetween(from, to, timeZone) / 24;
}

/** The instant `hours` business hours after `from` (the SLA due time of an alert). */
export function addBusinessHours(from: Date, hours: number, timeZone = "UTC"): Date {
  const offset = zoneOffsetMs(from, timeZone);
  let cursor = from.getTime() + offset;
  let left = hours * HOUR_MS;
  while (left > 0) {
    const nextMidnight = Math.floor(cursor / DAY_MS) * DAY_MS + DAY_MS;
    if (isWeekday(cursor)) {
      const take = Math.min(left, nextMidnight - cursor);
      left -= take;
      cursor += take;
      if (left <= 0) break;
    }
    cursor = nextMidnight;
  }
  return new Date(cursor - offset);
}
