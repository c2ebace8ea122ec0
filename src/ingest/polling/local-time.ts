/**
 * Wall-clock arithmetic in an IANA zone (DST-correct through Intl): the local hour and day of an instant, and
 * the instant of a local time. Used to poll when deliveries happen at the destination, and by the simulator.
 */
import { zoneOffsetAt, zoneOffsetForWallClock } from "../../carriers/shared/time.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The local calendar day (days since 1970-01-01 there) and fractional hour of `ms` in `zone`. */
export function localDayHour(ms: number, zone: string | null): { day: number; hour: number } {
  const offset = zone ? (zoneOffsetAt(zone, ms) ?? 0) : 0;
  const wall = ms + offset * 60_000;
  const day = Math.floor(wall / DAY);
  return { day, hour: (wall - day * DAY) / HOUR };
}

/** The instant at `hour` (fractional) on local `day` in `zone`. */
export function atLocal(zone: string | null, day: number, hour: number): number {
  const wall = day * DAY + hour * HOUR;
  const offset = zone ? (zoneOffsetForWallClock(zone, wall) ?? 0) : 0;
  return wall - offset * 60_000;
}

/** 0 = Sunday … 6 = Saturday, for a local day index. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The next day after `day` on which parcels move to the door (carriers here do not deliver on Sundays). */
export function nextDeliveryDay(day: number): number {
  let d = day + 1;
  while (weekday(d) === 0) d += 1;
  return d;
}

/** `day` moved forward by `n` delivery days. */
export function addDeliveryDays(day: number, n: number): number {
  let d = day;
  for (let i = 0; i < n; i++) d = nextDeliveryDay(d);
  return d;
}

/** "YYYY-MM-DD" of a local day index. */
export function dayToIsoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Local day index of "YYYY-MM-DD" (or the date part of an ISO instant), or null. */
export function isoDateToDay(text: string | null | undefined): number | null {
  const m = text ? /^(\d{4})-(\d{2})-(\d{2})/.exec(text) : null;
  if (!m) return null;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY);
}
