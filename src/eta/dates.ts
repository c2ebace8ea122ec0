/**
 * Civil dates as day numbers (days since 1970-01-01) and the wall-clock timestamps the history files carry.
 * The ETA model works on local calendar dates only: a timestamp's date is the one written in the text, never
 * shifted to another zone (DESIGN.md: never shift a date silently).
 */

/** A wall-clock moment as written: the civil day number and the minute of that day. */
export interface LocalTime {
  readonly day: number;
  readonly minute: number;
}

const MS_PER_DAY = 86_400_000;

/** Day number of a civil date, or NaN when the date does not exist (2023-02-30). */
export function dayFromYmd(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return Number.NaN;
  return Math.round(ms / MS_PER_DAY);
}

/** "YYYY-MM-DD" of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const TIMESTAMP =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" and ISO 8601 ("2018-03-01T09:30:00-03:00", "…Z").
 * The date and time are taken as written (the writer's local wall clock); an offset is accepted and ignored.
 * Returns null for anything else, including impossible dates.
 */
export function parseLocalTime(text: string): LocalTime | null {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return null;
  const day = dayFromYmd(Number(match[1]), Number(match[2]), Number(match[3]));
  if (Number.isNaN(day)) return null;
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return null;
  return { day, minute: hour * 60 + minute };
}

/** Parses a date for command-line flags and API inputs; throws with a readable message when invalid. */
export function parseDayOrThrow(text: string, what: string): number {
  const parsed = parseLocalTime(text);
  if (!parsed) throw new Error(`${what}: expected a date like 2018-01-31, got "${text}"`);
  return parsed.day;
}

/** Compares two wall-clock moments (negative when a is earlier). */
export function compareLocalTime(a: LocalTime, b: LocalTime): number {
  return a.day - b.day || a.minute - b.minute;
}
