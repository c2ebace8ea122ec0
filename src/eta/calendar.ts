/**
 * Working-day calendars: a weekly mask (which weekdays a carrier delivers or a seller ships) plus the public
 * holidays of a country and, when date-holidays knows it, of a state/region. Holidays are cached per
 * country/region/year; a calendar keeps dense arrays so counting and adding working days are O(1).
 */
import Holidays from "date-holidays";
import { dayFromYmd, yearOfDay } from "./dates.js";

export type HolidayType = "public" | "bank" | "optional" | "school" | "observance";

/** Public and bank holidays: bank holidays include e.g. Brazil's Carnival Monday/Tuesday, when carriers rest. */
export const DEFAULT_HOLIDAY_TYPES: readonly HolidayType[] = ["public", "bank"];
/** Bit i set = weekday i (0 = Sunday) is a working day. */
export const MONDAY_TO_FRIDAY = 0b0111110;
export const EVERY_DAY = 0b1111111;

/** Calendars are valid for these years; history rows outside are rejected before they reach a calendar. */
export const FIRST_SUPPORTED_YEAR = 1990;
export const LAST_SUPPORTED_YEAR = 2100;

export interface CalendarSpec {
  /** ISO 3166-1 alpha-2; anything else means "no public holidays". */
  country: string;
  /** State/region code (ISO 3166-2 suffix such as "SP" or "BR-SP"); ignored when date-holidays lacks it. */
  region: string;
  weekmask: number;
  holidayTypes: readonly HolidayType[];
}

const libraries = new Map<string, Holidays>();
const holidayYears = new Map<string, readonly number[]>();
const statesByCountry = new Map<string, ReadonlySet<string>>();

let supportedCountries: ReadonlySet<string> | null = null;

/** The country code when date-holidays knows the country, else "" (no holidays). */
function normalizeCountry(country: string): string {
  const c = country.trim().toUpperCase();
  supportedCountries ??= new Set(Object.keys(new Holidays().getCountries()));
  return supportedCountries.has(c) ? c : "";
}

function normalizeRegion(country: string, region: string): string {
  if (!country) return "";
  let r = region.trim().toUpperCase();
  if (r.startsWith(`${country}-`)) r = r.slice(country.length + 1);
  let states = statesByCountry.get(country);
  if (!states) {
    states = new Set(Object.keys(new Holidays().getStates(country) ?? {}));
    statesByCountry.set(country, states);
  }
  return states.has(r) ? r : "";
}

function library(country: string, region: string): Holidays {
  const key = `${country}|${region}`;
  let lib = libraries.get(key);
  if (!lib) {
    lib = region ? new Holidays(country, region) : new Holidays(country);
    libraries.set(key, lib);
  }
  return lib;
}

/** Day numbers of the full-day holidays of one year (partial days such as Christmas Eve afternoon are not). */
export function holidayDays(
  country: string,
  region: string,
  year: number,
  types: readonly HolidayType[] = DEFAULT_HOLIDAY_TYPES,
): readonly number[] {
  const c = normalizeCountry(country);
  const r = normalizeRegion(c, region);
  const key = `${c}|${r}|${types.join(",")}|${year}`;
  const cached = holidayYears.get(key);
  if (cached) return cached;
  const days: number[] = [];
  const lib = c ? library(c, r) : null;
  if (lib) {
    for (const holiday of lib.getHolidays(year)) {
      if (!types.includes(holiday.type)) continue;
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(holiday.date);
      if (!m || m[4] !== "00" || m[5] !== "00") continue;
      const length = Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000);
      const first = dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
      for (let i = 0; i < Math.max(1, length); i++) days.push(first + i);
    }
  }
  holidayYears.set(key, days);
  return days;
}

/** A working-day calendar over a lazily grown range of whole years. */
export class BusinessCalendar {
  readonly key: string;
  private firstDay = 0;
  private endDay = 0;
  private firstYear = 0;
  private lastYear = -1;
  private flags = new Uint8Array(0);
  /** cum[i] = working days in [firstDay, firstDay + i]. */
  private cum = new Int32Array(0);
  /** Working days in ascending order. */
  private work = new Int32Array(0);

  constructor(readonly spec: CalendarSpec) {
    this.key = calendarKey(spec);
  }

  isWorkingDay(day: number): boolean {
    this.ensure(day);
    return this.flags[day - this.firstDay] === 1;
  }

  /** Working days in (from, to]; negative when to is before from. */
  count(from: number, to: number): number {
    this.ensure(from);
    this.ensure(to);
    return (this.cum[to - this.firstDay] ?? 0) - (this.cum[from - this.firstDay] ?? 0);
  }

  /** The k-th working day after `from` (k = 0 gives `from` itself, working or not). */
  add(from: number, k: number): number {
    if (k <= 0) return from;
    const { days, start } = this.after(from, k);
    return days[start + k - 1] ?? from;
  }

  /** The first working day on or after `day`. */
  onOrAfter(day: number): number {
    return this.isWorkingDay(day) ? day : this.add(day, 1);
  }

  /**
   * The working days after `from` as an array slice: days[start + t - 1] is the t-th working day after `from`,
   * valid for t up to `horizon`. Lets callers step through many offsets without a call per offset.
   */
  after(from: number, horizon: number): { days: Int32Array; start: number } {
    this.ensure(from);
    for (;;) {
      const start = this.cum[from - this.firstDay] ?? 0;
      if (start + horizon <= this.work.length) return { days: this.work, start };
      if (this.lastYear >= LAST_SUPPORTED_YEAR)
        throw new RangeError("calendar horizon beyond supported years");
      this.grow(this.firstYear, Math.min(LAST_SUPPORTED_YEAR, this.lastYear + 1 + Math.ceil(horizon / 200)));
    }
  }

  private ensure(day: number): void {
    if (day >= this.firstDay && day < this.endDay) return;
    const year = yearOfDay(day);
    if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
      throw new RangeError(`date outside the supported years ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR}`);
    }
    if (this.lastYear < this.firstYear) this.grow(year - 1, year + 1);
    else this.grow(Math.min(year - 1, this.firstYear), Math.max(year + 1, this.lastYear));
  }

  private grow(fromYear: number, toYear: number): void {
    fromYear = Math.max(FIRST_SUPPORTED_YEAR, fromYear);
    toYear = Math.min(LAST_SUPPORTED_YEAR, toYear);
    const firstDay = dayFromYmd(fromYear, 1, 1);
    const length = dayFromYmd(toYear + 1, 1, 1) - firstDay;
    const flags = new Uint8Array(length);
    for (let i = 0; i < length; i++)
      flags[i] = (this.spec.weekmask >> ((((firstDay + i + 4) % 7) + 7) % 7)) & 1;
    for (let year = fromYear; year <= toYear; year++) {
      for (const day of holidayDays(this.spec.country, this.spec.region, year, this.spec.holidayTypes)) {
        const i = day - firstDay;
        if (i >= 0 && i < length) flags[i] = 0;
      }
    }
    const cum = new Int32Array(length);
    const work: number[] = [];
    let running = 0;
    for (let i = 0; i < length; i++) {
      if (flags[i] === 1) {
        running++;
        work.push(firstDay + i);
      }
      cum[i] = running;
    }
    this.firstDay = firstDay;
    this.endDay = firstDay + length;
    this.firstYear = fromYear;
    this.lastYear = toYear;
    this.flags = flags;
    this.cum = cum;
    this.work = Int32Array.from(work);
  }
}

function calendarKey(spec: CalendarSpec): string {
  const country = normalizeCountry(spec.country);
  const types = spec.holidayTypes.length === 0 || !country ? "" : spec.holidayTypes.join(",");
  return `${country}|${normalizeRegion(country, spec.region)}|${spec.weekmask}|${types}`;
}

const calendars = new Map<string, BusinessCalendar>();
/** Calendars by the spec as given (before normalization), per holiday-type list: the hot path's cache. */
const bySpec = new WeakMap<readonly HolidayType[], Map<string, BusinessCalendar>>();

/** The shared calendar for a spec (calendars with the same effective holidays and weekmask are one object). */
export function getCalendar(spec: CalendarSpec): BusinessCalendar {
  let byRaw = bySpec.get(spec.holidayTypes);
  if (!byRaw) bySpec.set(spec.holidayTypes, (byRaw = new Map()));
  const raw = `${spec.country}|${spec.region}|${spec.weekmask}`;
  const hit = byRaw.get(raw);
  if (hit) return hit;
  const key = calendarKey(spec);
  let calendar = calendars.get(key);
  if (!calendar) {
    const country = normalizeCountry(spec.country);
    calendar = new BusinessCalendar({
      country,
      region: normalizeRegion(country, spec.region),
      weekmask: spec.weekmask,
      holidayTypes: country ? spec.holidayTypes : [],
    });
    calendars.set(key, calendar);
  }
  byRaw.set(raw, calendar);
  return calendar;
}

/** Every day counts: durations in plain calendar days. */
export const CALENDAR_DAYS: BusinessCalendar = getCalendar({
  country: "",
  region: "",
  weekmask: EVERY_DAY,
  holidayTypes: [],
});
