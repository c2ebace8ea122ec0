/** Dates and times in the shopper's language and zone, with Intl formatters cached (they are costly to build). */
import type { Language } from "../../i18n/index.js";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Language, zone: string, options: Intl.DateTimeFormatOptions, name: string) {
  const key = `${lang}|${zone}|${name}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** A calendar date "YYYY-MM-DD" as "Thursday, 27 November" in the language. */
export function formatDay(day: string, lang: Language): string {
  const noonUtc = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(noonUtc.getTime())) return day;
  return formatter(lang, "UTC", { weekday: "long", day: "numeric", month: "long" }, "day").format(noonUtc);
}

/** An instant as a short date and time in the zone ("Tue 25 Nov, 14:05"); UTC when the zone is unknown. */
export function formatDateTime(instant: Date, lang: Language, zone: string | null): string {
  return formatter(
    lang,
    zone ?? "UTC",
    { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
    "datetime",
  ).format(instant);
}

/**
 * An instant as a date with the month written out, in the zone ("25 November", "25 novembre"): for dates that end
 * a sentence, where a short month's own full stop ("25 nov.") would make two.
 */
export function formatLongDate(instant: Date, lang: Language, zone: string | null): string {
  return formatter(lang, zone ?? "UTC", { day: "numeric", month: "long" }, "long-date").format(instant);
}

/** An instant as a date only, in the zone ("25 Nov"). */
export function formatShortDate(instant: Date, lang: Language, zone: string | null): string {
  return formatter(lang, zone ?? "UTC", { day: "numeric", month: "short" }, "short").format(instant);
}

/** The zone's generic name in the language ("Central European Time", "heure d’Europe centrale"). */
export function zoneName(zone: string, lang: Language): string {
  const parts = formatter(lang, zone, { timeZoneName: "longGeneric" }, "zone").formatToParts(new Date());
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}
