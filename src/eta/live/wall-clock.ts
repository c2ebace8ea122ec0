/**
 * Instants as the local wall clock the model reads ("YYYY-MM-DD HH:MM:SS"): the model counts local dates as a
 * history file writes them, so a shipment's instants are turned into the same shape in the right zone.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-CA", {
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
      // An unknown zone in a seller's settings: UTC rather than a failed ingest.
      format = formatFor("UTC");
    }
    formats.set(zone, format);
  }
  return format;
}

/** The wall-clock time of `at` in `zone` (UTC when the zone is unknown), "YYYY-MM-DD HH:MM:SS". */
export function wallClock(at: Date, zone: string | null | undefined): string {
  const parts: Record<string, string> = {};
  for (const p of formatFor(zone || "UTC").formatToParts(at)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
