/**
 * Quiet hours in the shopper's own time zone: an SMS decided at 23:10 in Lisbon waits until 08:00 Lisbon time,
 * whatever the server's zone. E-mail is never held (it waits in the inbox by nature).
 */

export interface QuietHours {
  /** Local "HH:MM" when quiet starts (inclusive) and ends (exclusive); start > end spans midnight. */
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
};

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of an instant in a zone, or null for an unknown zone. */
function localMinutes(at: Date, timeZone: string): number | null {
  try {
    let format = clockFormats.get(timeZone);
    if (!format) {
      // Built once per zone: constructing a formatter costs far more than formatting with it.
      format = new Intl.DateTimeFormat("en-GB", {
        timeZone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
      clockFormats.set(timeZone, format);
    }
    const parts = format.formatToParts(at);
    const hour = Number(parts.find((p) => p.type === "hour")?.value);
    const minute = Number(parts.find((p) => p.type === "minute")?.value);
    return hour * 60 + minute;
  } catch {
    return null;
  }
}

/** True when the zone name is one the runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  return localMinutes(new Date(0), timeZone) !== null;
}

/**
 * When the quiet period containing `now` ends, or null when `now` is not quiet. Computed from the local clock,
 * so a daylight-saving change during the night can shift the release by that hour (never into quiet time
 * again: the sender re-checks before sending).
 */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  const local = localMinutes(now, timeZone) ?? localMinutes(now, "UTC")!;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const inQuiet = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inQuiet) return null;
  const wait = (end - local + 1440) % 1440;
  const release = new Date(now.getTime() + wait * 60_000);
  release.setUTCSeconds(0, 0);
  return release;
}
