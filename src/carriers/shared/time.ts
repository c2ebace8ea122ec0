/**
 * Carrier time resolution: the carrier's wall-clock text (+ optional offset, + optional location) →
 * the instant, the wall-clock as given, its offset, and whether the zone was guessed (DESIGN.md: "A carrier
 * time without an offset is resolved with the event location's time zone when known, and the event is
 * flagged as zone-guessed otherwise. Never shift a date silently.").
 */
import { parseCarrierDateTime, parseOffset, type WallClock } from "./wall-clock.js";
import { zoneForLocation } from "./zones.js";

export interface CarrierTimeInput {
  /** Date or date-time text in any format `parseCarrierDateTime` reads, or epoch seconds/ms. */
  date: string | number | null | undefined;
  /** Separate time of day when the carrier splits them ("071356", "13:58:00", "9:01 am"). */
  time?: string | null;
  /** Offset the carrier gave beside the text ("-05:00", "+0100", "Z"); the text's own offset wins. */
  offset?: string | null;
  /** Where the event happened; used to find the IANA zone when no offset is given. */
  location?: { country?: string | null; region?: string | null; city?: string | null } | null;
  /** Reading of "NN/NN/YYYY": day-first (default) or month-first. */
  slashOrder?: "DMY" | "MDY";
}

export interface ResolvedTime {
  /** ISO 8601 instant with the offset when known ("2024-11-22T13:58:00-05:00"), else the wall-clock + "Z". */
  occurredAt: string;
  /** The carrier's wall-clock "YYYY-MM-DDTHH:mm:ss", unchanged; null when the carrier gave an instant (epoch). */
  localTime: string | null;
  /** "+HH:MM" when given or derived from the location's zone; null when unknown. */
  utcOffset: string | null;
  /** True when neither an offset nor a zone was known: the wall-clock was taken as UTC. */
  zoneGuessed: boolean;
  /** The IANA zone used, when the offset came from the location. */
  timeZone: string | null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "+HH:MM" for minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function formatWall(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      f = null; // unknown zone name
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Offset (minutes east of UTC) of `zone` at the instant `epochMs`, or null for an unknown zone. */
export function zoneOffsetAt(zone: string, epochMs: number): number | null {
  const f = formatterFor(zone);
  if (!f) return null;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(epochMs)))
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/**
 * Offset of `zone` for a wall-clock time there. Ambiguous times (DST fall-back) take the earlier instant;
 * times in a DST gap take the offset before the transition (the same choice as Temporal's "compatible").
 */
export function zoneOffsetForWallClock(zone: string, wallAsUtcMs: number): number | null {
  const before = zoneOffsetAt(zone, wallAsUtcMs - 12 * 3_600_000);
  const after = zoneOffsetAt(zone, wallAsUtcMs + 12 * 3_600_000);
  if (before === null || after === null) return null;
  const valid = [before, after].filter((o) => zoneOffsetAt(zone, wallAsUtcMs - o * 60_000) === o);
  if (valid.length === 0) return before;
  return Math.max(...valid);
}

/** Resolves a carrier time; null when the date text cannot be read. Never throws. */
export function resolveCarrierTime(input: CarrierTimeInput): ResolvedTime | null {
  if (input.date === null || input.date === undefined || input.date === "") return null;
  const parsed = parseCarrierDateTime(input.date, input.time, input.slashOrder);
  if (!parsed) return null;
  if (parsed.kind === "instant") {
    const iso = new Date(parsed.epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
    return { occurredAt: iso, localTime: null, utcOffset: null, zoneGuessed: false, timeZone: null };
  }
  const w = parsed.wall;
  const localTime = formatWall(w);
  const offset = w.offsetMinutes ?? parseOffset(input.offset);
  if (offset !== null) {
    return {
      occurredAt: `${localTime}${offset === 0 ? "Z" : formatOffset(offset)}`,
      localTime,
      utcOffset: formatOffset(offset),
      zoneGuessed: false,
      timeZone: null,
    };
  }
  const zone = input.location ? zoneForLocation(input.location) : null;
  if (zone) {
    const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const zoneOffset = zoneOffsetForWallClock(zone, wallMs);
    if (zoneOffset !== null) {
      const utcOffset = formatOffset(zoneOffset);
      return {
        occurredAt: `${localTime}${zoneOffset === 0 ? "Z" : utcOffset}`,
        localTime,
        utcOffset,
        zoneGuessed: false,
        timeZone: zone,
      };
    }
  }
  return { occurredAt: `${localTime}Z`, localTime, utcOffset: null, zoneGuessed: true, timeZone: null };
}
