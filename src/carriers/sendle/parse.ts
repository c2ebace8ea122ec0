/** Pure parser for Sendle's tracking endpoint (`GET /api/tracking/{ref}`) JSON, and its error bodies. */
import type { NormalizedEvent, ParseOutput } from "../../core/events.js";
import type { ParseContext } from "../types.js";
import {
  asObject,
  asObjects,
  formatOffset,
  invalidPayload,
  isoDateOrInstant,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseError,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { sendleStatusMap } from "./status-map.js";

const CARRIER = "sendle";

function errorKind(code: string): ParseErrorKind {
  if (code === "not_found") return "not_found";
  if (/unauthori[sz]ed|forbidden|invalid_credentials/.test(code)) return "unauthorized";
  if (/too_many|rate/.test(code)) return "rate_limited";
  return "carrier_error";
}

/** The offset between Sendle's local_scan_time and the UTC scan_time, when both are given. */
function offsetBetween(local: string | undefined, utc: string | undefined): string | null {
  if (!local || !utc || !/[zZ]$|[+-]\d{2}:?\d{2}$/.test(utc)) return null;
  const l = Date.parse(`${local.replace(/([+-]\d{2}:?\d{2}|Z)$/i, "")}Z`);
  const u = Date.parse(utc);
  if (Number.isNaN(l) || Number.isNaN(u)) return null;
  const minutes = Math.round((l - u) / 60_000);
  return Math.abs(minutes) <= 14 * 60 && minutes % 15 === 0 ? formatOffset(minutes) : null;
}

function parseEvent(event: Dict, country: string | undefined): NormalizedEvent | null {
  const utc = str(event, "scan_time");
  const local = str(event, "local_scan_time");
  const time = local
    ? resolveCarrierTime({ date: local, offset: offsetBetween(local, utc), location: { country } })
    : resolveCarrierTime({ date: utc });
  if (!time) return null;
  const type = str(event, "event_type");
  const reason = str(event, "reason");
  const description = str(event, "description") ?? type;
  return makeEvent(time, {
    code: type ?? null,
    description:
      reason && description && !description.includes(reason) ? `${description} (${reason})` : description,
    location: makeLocation({ text: str(event, "location") }),
    mapped: mapCarrierCode(CARRIER, sendleStatusMap, type),
  });
}

/**
 * Parses a Sendle tracking response (or `{ error, error_description }`). The tracking body does not repeat the
 * Sendle reference it answers for, so `reference` (the number the client asked for) names the result, unless the
 * body carries its own `sendle_reference` (order and webhook bodies do), which wins.
 */
export function parseSendleTrackResponseFor(body: string | Buffer, reference?: string): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`sendle: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("sendle: not a Sendle tracking response");
  const error = str(root, "error");
  if (error) {
    return {
      results: [],
      errors: [
        parseError(errorKind(error), str(root, "error_description") ?? error, error, reference ?? null),
      ],
    };
  }
  if (!Array.isArray(root.tracking_events) || !("state" in root)) {
    return invalidPayload("sendle: not a Sendle tracking response (no state/tracking_events)");
  }
  // The body's own reference, when it has one, wins over what the caller says was requested.
  const trackingNumber = str(root, "sendle_reference") ?? reference;
  if (!trackingNumber) {
    return {
      results: [],
      errors: [
        parseError(
          "carrier_error",
          "sendle: tracking response without a sendle_reference; parse it with the requested reference",
        ),
      ],
    };
  }
  const country = str(root, "destination", "country");
  const events = asObjects(root.tracking_events).flatMap((e) => parseEvent(e, country) ?? []);
  const state = str(root, "state");
  const hasMappedEvent = events.some((e) => e.status !== null);
  const scheduling = asObject(root.scheduling);
  return {
    results: [
      makeResult({
        trackingNumber,
        carrier: CARRIER,
        events,
        status: !hasMappedEvent && state ? mapCarrierCode(CARRIER, sendleStatusMap, `state:${state}`) : null,
        estimatedDelivery: isoDateOrInstant(
          str(scheduling, "estimated_delivery_date_maximum") ??
            str(scheduling, "estimated_delivery_date_minimum"),
        ),
      }),
    ],
    errors: [],
  };
}

/**
 * The adapter's parse: the requested reference comes from the parse context (the client asks for one
 * reference per call), else the body's own `sendle_reference` (see parseSendleTrackResponseFor).
 */
export function parseSendleTrackResponse(
  body: string | Buffer,
  _contentType?: string,
  context?: ParseContext,
): ParseOutput {
  return parseSendleTrackResponseFor(body, context?.trackingNumbers?.[0]);
}
