/**
 * Normalized tracking data: what every carrier adapter produces and what the ingest path stores.
 * The shapes follow the `shipwatch parse` contract in DESIGN.md.
 */
import type { Status } from "./status.js";

export interface EventLocation {
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2 where the carrier lets us know it. */
  country?: string | null;
  /** The location as the carrier wrote it, for display when the parts are missing. */
  text?: string | null;
}

export interface NormalizedEvent {
  /** ISO 8601 instant, with the carrier's offset when known (e.g. 2026-03-02T14:05:00-05:00), else UTC "Z". */
  occurredAt: string;
  /** The carrier's wall-clock as given, "YYYY-MM-DDTHH:mm:ss", or null when the carrier gave an instant only. */
  localTime: string | null;
  /** Offset of the wall-clock from UTC, "+HH:MM", when known or resolved. */
  utcOffset?: string | null;
  /** True when no offset was given and none could be derived from the location: the instant is a guess. */
  zoneGuessed?: boolean;
  code: string | null;
  description: string;
  location: EventLocation | null;
  /** null when the carrier code is not in the adapter's status map (unmapped: keeps the previous status). */
  status: Status | null;
  substatus: string | null;
  /** Set by adapters when the carrier code was not found in the status map. */
  unmapped?: boolean;
}

export interface NormalizedResult {
  trackingNumber: string;
  carrier: string;
  status: Status | null;
  substatus: string | null;
  delivered: boolean;
  /** ISO 8601 date or instant the carrier estimates, or null. */
  estimatedDelivery: string | null;
  signedBy: string | null;
  service: string | null;
  /**
   * The time window the carrier announces for the door stop (UPS `deliveryTime` EDW/CDW/IDW, FedEx
   * `estimatedDeliveryTimeWindow`), as ISO 8601 instants with offsets; null when it gave none, absent for
   * adapters that do not read windows.
   */
  deliveryWindow?: DeliveryWindow | null;
  events: NormalizedEvent[];
}

/** A carrier's announced delivery window: ISO 8601 instants with their offsets. */
export interface DeliveryWindow {
  start: string;
  end: string;
}

export interface ParseError {
  /** Shipwatch error kind: not_found, carrier_error, invalid_payload, unauthorized, rate_limited... */
  code: string;
  message: string;
  /** The carrier's own error code, when it gave one. */
  carrierCode: string | null;
  trackingNumber?: string | null;
}

export interface ParseOutput {
  results: NormalizedResult[];
  errors: ParseError[];
}
