/**
 * Reading the many date/time spellings carriers use into calendar fields, without any time-zone math.
 * Formats: ISO 8601 with or without offset ("2024-11-22T13:58:00", "…-05:00", "…Z", space separator),
 * compact "YYYYMMDD" (+ "HHMMSS"), "DD/MM/YYYY HH:mm" (or month-first), "April 28, 2015" + "9:01 am",
 * "28 April 2015", and epoch seconds or milliseconds.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** True when the text had no time of day (midnight is assumed). */
  dateOnly: boolean;
  /** Offset written in the text itself, in minutes east of UTC. */
  offsetMinutes: number | null;
}

export type ParsedCarrierTime = { kind: "wall"; wall: WallClock } | { kind: "instant"; epochMs: number };

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const OFFSET = String.raw`(Z|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?)`;
const TIME = String.raw`(\d{1,2})(?::?(\d{2}))(?::?(\d{2}))?(?:[.,]\d{1,9})?\s*([ap]\.?\s?m\.?)?`;
const TIME_RE = new RegExp(String.raw`^${TIME}\s*${OFFSET}?$`, "i");
const ISO_RE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)${TIME})?\s*${OFFSET}?$`, "i");
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?$/;
const SLASH_RE = new RegExp(
  String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[\sT,]+${TIME})?\s*${OFFSET}?$`,
  "i",
);
const MONTH_FIRST_RE = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,]+(?:at\s+)?${TIME})?\s*${OFFSET}?$`,
  "i",
);
const DAY_FIRST_RE = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?(\d{1,2})\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})(?:[\s,]+${TIME})?\s*${OFFSET}?$`,
  "i",
);

/** Offset text ("-05:00", "+0530", "+1", "Z", "GMT-5") → minutes east of UTC, or null when unreadable. */
export function parseOffset(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = text
    .trim()
    .toUpperCase()
    .replace(/^(GMT|UTC)\s*/, "");
  if (t === "Z" || t === "") return text.trim() === "" ? null : 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 18 * 60 || Number(m[3] ?? 0) > 59) return null;
  return m[1] === "-" ? -minutes : minutes;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(
  year: number,
  month: number,
  day: number,
  time: (string | undefined)[] | null,
  offsetText: string | undefined,
): WallClock | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  const hasTime = !!time && time[0] !== undefined;
  if (hasTime && time) {
    hour = Number(time[0]);
    minute = Number(time[1] ?? 0);
    second = Number(time[2] ?? 0);
    const meridiem = time[3]?.toLowerCase().replace(/[.\s]/g, "");
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      if (meridiem === "am" && hour === 12) hour = 0;
      if (meridiem === "pm" && hour !== 12) hour += 12;
    }
    if (second === 60) second = 59; // leap second: keep the minute
    if (hour > 23 || minute > 59 || second > 59) return null;
  }
  let offsetMinutes: number | null = null;
  if (offsetText !== undefined) {
    offsetMinutes = parseOffset(offsetText);
    if (offsetMinutes === null) return null;
  }
  return { year, month, day, hour, minute, second, dateOnly: !hasTime, offsetMinutes };
}

/** Splits a separate time-of-day text ("071356", "9:01 am", "17:00:00+01:00") into fields. */
function parseTimeOfDay(text: string): { fields: (string | undefined)[]; offset: string | undefined } | null {
  const m = TIME_RE.exec(text.trim());
  if (!m) return null;
  return { fields: [m[1], m[2], m[3], m[4]], offset: m[5] };
}

/**
 * Parses a carrier date (and optional separate time) into wall-clock fields or an instant. Returns null when the
 * text is not a date this function knows. `slashOrder` says how to read "03/04/2024" (day-first by default).
 */
export function parseCarrierDateTime(
  dateText: string | number,
  timeText?: string | null,
  slashOrder: "DMY" | "MDY" = "DMY",
): ParsedCarrierTime | null {
  if (typeof dateText === "number") return epochToInstant(dateText);
  const text = dateText.trim().replace(/\s+/g, " ");
  if (text.length > 64) return null;
  if (/^\d{10}(\d{3})?$/.test(text) && !timeText) return epochToInstant(Number(text));

  let sep: { fields: (string | undefined)[]; offset: string | undefined } | null = null;
  if (timeText && timeText.trim() !== "") {
    if (timeText.length > 32) return null;
    sep = parseTimeOfDay(timeText);
    if (!sep) return null;
  }
  const withTime = (inline: (string | undefined)[] | null, inlineOffset: string | undefined) =>
    sep
      ? { fields: sep.fields, offset: sep.offset ?? inlineOffset }
      : { fields: inline, offset: inlineOffset };

  let m = ISO_RE.exec(text);
  if (m) {
    const t = withTime(m[4] === undefined ? null : [m[4], m[5], m[6], m[7]], m[8]);
    return wall(build(Number(m[1]), Number(m[2]), Number(m[3]), t.fields, t.offset));
  }
  m = COMPACT_RE.exec(text);
  if (m) {
    const t = withTime(m[4] === undefined ? null : [m[4], m[5], m[6], undefined], undefined);
    return wall(build(Number(m[1]), Number(m[2]), Number(m[3]), t.fields, t.offset));
  }
  m = SLASH_RE.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = slashOrder === "DMY" ? [a, b] : [b, a];
    const t = withTime(m[4] === undefined ? null : [m[4], m[5], m[6], m[7]], m[8]);
    return wall(build(Number(m[3]), month, day, t.fields, t.offset));
  }
  m = MONTH_FIRST_RE.exec(text);
  if (m) {
    const month = MONTHS[(m[1] ?? "").toLowerCase().slice(0, 3)];
    if (!month) return null;
    const t = withTime(m[4] === undefined ? null : [m[4], m[5], m[6], m[7]], m[8]);
    return wall(build(Number(m[3]), month, Number(m[2]), t.fields, t.offset));
  }
  m = DAY_FIRST_RE.exec(text);
  if (m) {
    const month = MONTHS[(m[2] ?? "").toLowerCase().slice(0, 3)];
    if (!month) return null;
    const t = withTime(m[4] === undefined ? null : [m[4], m[5], m[6], m[7]], m[8]);
    return wall(build(Number(m[3]), month, Number(m[1]), t.fields, t.offset));
  }
  return null;
}

function wall(w: WallClock | null): ParsedCarrierTime | null {
  return w ? { kind: "wall", wall: w } : null;
}

function epochToInstant(n: number): ParsedCarrierTime | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const ms = n < 1e11 ? n * 1000 : n; // seconds vs milliseconds
  const year = new Date(ms).getUTCFullYear();
  return year >= 1970 && year <= 2199 ? { kind: "instant", epochMs: ms } : null;
}
