/** Building NormalizedEvent / NormalizedResult values the same way in every adapter. */
import type { DeliveryWindow, EventLocation, NormalizedEvent, NormalizedResult } from "../../core/events.js";
import type { Status } from "../../core/status.js";
import type { MappedStatus } from "./status-lookup.js";
import type { ResolvedTime } from "./time.js";
import { countryCode } from "./zones.js";

export interface LocationParts {
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  /** The carrier's own location text; built from the parts ("City, RG, 12345, US") when absent. */
  text?: string | null;
}

/** An EventLocation, or null when every part is empty. */
export function makeLocation(parts: LocationParts): EventLocation | null {
  const clean = (v: string | null | undefined) => {
    const t = v?.trim();
    return t ? t : null;
  };
  const city = clean(parts.city);
  const region = clean(parts.region);
  const postalCode = clean(parts.postalCode);
  const country = clean(parts.country);
  const text = clean(parts.text) ?? ([city, region, postalCode, country].filter(Boolean).join(", ") || null);
  if (!city && !region && !postalCode && !country && !text) return null;
  return { city, region, postalCode, country: country ? (countryCode(country) ?? country) : null, text };
}

/** A NormalizedEvent from a resolved time, the carrier's code/description/location and the mapped status. */
export function makeEvent(
  time: ResolvedTime,
  fields: {
    code: string | null | undefined;
    description: string | null | undefined;
    location: EventLocation | null;
    mapped: MappedStatus;
  },
): NormalizedEvent {
  const event: NormalizedEvent = {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    utcOffset: time.utcOffset,
    zoneGuessed: time.zoneGuessed,
    code: fields.code ?? null,
    description: (fields.description ?? "").replace(/\s+/g, " ").trim(),
    location: fields.location,
    status: fields.mapped.status,
    substatus: fields.mapped.substatus,
  };
  if (fields.mapped.unmapped) event.unmapped = true;
  return event;
}

function instant(e: NormalizedEvent): number {
  const t = Date.parse(e.occurredAt);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Newer-first comparison. A zone-guessed instant can be hours off, so when either event's zone was guessed the
 * carrier wall-clocks are compared instead (a carrier's scans are nearly always in local time).
 */
function compareNewestFirst(a: NormalizedEvent, b: NormalizedEvent): number {
  if ((a.zoneGuessed || b.zoneGuessed) && a.localTime && b.localTime) {
    return a.localTime < b.localTime ? 1 : a.localTime > b.localTime ? -1 : 0;
  }
  return instant(b) - instant(a);
}

/** Events newest first (stable for equal times, keeping the carrier's order). */
export function sortNewestFirst(events: NormalizedEvent[]): NormalizedEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareNewestFirst(a.e, b.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** The status of the newest event that has one. */
export function latestStatus(events: NormalizedEvent[]): { status: Status | null; substatus: string | null } {
  const latest = sortNewestFirst(events).find((e) => e.status !== null);
  return { status: latest?.status ?? null, substatus: latest?.substatus ?? null };
}

/**
 * A NormalizedResult; events are sorted newest first, and status/substatus default to the newest mapped
 * event's. `delivered` is true when the resulting status is delivered.
 */
export function makeResult(fields: {
  trackingNumber: string;
  carrier: string;
  events: NormalizedEvent[];
  status?: { status: Status | null; substatus: string | null } | null;
  estimatedDelivery?: string | null;
  signedBy?: string | null;
  service?: string | null;
  /** Adapters that read carrier windows pass one or null; others leave the field out of their results. */
  deliveryWindow?: DeliveryWindow | null;
}): NormalizedResult {
  const events = sortNewestFirst(fields.events);
  const status = fields.status?.status ? fields.status : latestStatus(events);
  return {
    trackingNumber: fields.trackingNumber,
    carrier: fields.carrier,
    status: status.status,
    substatus: status.substatus,
    delivered: status.status === "delivered",
    estimatedDelivery: fields.estimatedDelivery ?? null,
    signedBy: fields.signedBy ?? null,
    service: fields.service ?? null,
    ...(fields.deliveryWindow !== undefined ? { deliveryWindow: fields.deliveryWindow } : {}),
    events,
  };
}

/** "YYYY-MM-DD" or a full ISO instant from carrier date text, else null (for estimatedDelivery). */
export function isoDateOrInstant(value: string | undefined | null): string | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) {
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
    return compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : null;
  }
  return m[2] && m[5] ? value.trim() : (m[1] ?? null);
}

/**
 * A delivery window from its two resolved ends, or null: both ends are needed, a zone-guessed end could be hours
 * off (a poller would watch the wrong hours), and an end before the start is not a window.
 */
export function makeDeliveryWindow(
  start: ResolvedTime | null,
  end: ResolvedTime | null,
): DeliveryWindow | null {
  if (!start || !end || start.zoneGuessed || end.zoneGuessed) return null;
  const from = Date.parse(start.occurredAt);
  const to = Date.parse(end.occurredAt);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return null;
  return { start: start.occurredAt, end: end.occurredAt };
}
