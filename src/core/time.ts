/** Instants and carrier wall-clocks: keep what the carrier wrote, resolve the instant, never shift silently. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface ResolvedTime {
  occurredAt: Date;
  /** The wall-clock as given, "YYYY-MM-DDTHH:mm:ss"; null when only an instant was given (a "Z" time). */
  localTime: string | null;
  utcOffset: string | null;
  zoneGuessed: boolean;
}

/**
 * Reads an ISO 8601 date-time. With an offset, the instant is exact and the wall-clock kept; with "Z" it is an
 * instant; without either, the wall-clock is kept, read as UTC and flagged as zone-guessed. Null if invalid.
 */
export function parseIsoEventTime(text: string): ResolvedTime | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "00", frac = "", zone] = m;
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  let offset: string | null = null;
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    offset = `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
  }
  // Reject impossible wall-clocks (Feb 30, 25:00) rather than letting Date roll them over.
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = frac ? Number(`0.${frac}`) * 1000 : 0;
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(fraction));
  const check = new Date(wallMs);
  if (
    Number.isNaN(wallMs) ||
    check.getUTCDate() !== day ||
    check.getUTCMonth() !== month - 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  const offsetMinutes = offset
    ? (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
    : 0;
  const instant = new Date(wallMs - offsetMinutes * 60_000);
  if (zone?.toUpperCase() === "Z")
    return { occurredAt: instant, localTime: null, utcOffset: "+00:00", zoneGuessed: false };
  return { occurredAt: instant, localTime: wall, utcOffset: offset, zoneGuessed: offset === null };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of an instant in a time zone, "YYYY-MM-DD" (UTC when the zone is missing or unknown). One
 * formatter per zone: constructing an Intl.DateTimeFormat costs far more than formatting with it.
 */
/**
 * A window of local dates ("YYYY-MM-DD") as a shopper can still read it on `today`: a parcel not delivered yet
 * will not arrive on a day already past, so a window whose first days have passed starts today. A window wholly
 * past is returned as it is (it has passed, and the reader says so). The same object when nothing changes.
 */
export function windowFromDay<T extends { earliest: string; latest: string }>(window: T, today: string): T {
  return window.earliest < today && window.latest >= today ? { ...window, earliest: today } : window;
}

export function localDate(at: Date, timeZone: string | null | undefined): string {
  const zone = timeZone || "UTC";
  let format = dateFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-CA", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
    } catch {
      return at.toISOString().slice(0, 10);
    }
    dateFormats.set(zone, format);
  }
  return format.format(at);
}
