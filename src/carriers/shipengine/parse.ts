/**
 * Pure parser for the ShipEngine tracking API (`GET /v1/tracking?carrier_code=…&tracking_number=…`, JSON), the
 * `API_TRACK` webhook envelope (`{ resource_type, data: tracking }`) and ShipEngine error bodies (`{ errors }`).
 * ShipEngine is an aggregator: `carrier` is "shipengine" and the underlying carrier code is `service` ("ups").
 * Event codes are the underlying carrier's (`event_code`, e.g. UPS "DL"); statuses come from ShipEngine's own
 * `status_detail_code`/`status_code`.
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  firstString,
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
  formatOffset,
  type Dict,
  type MappedStatus,
  type ParseErrorKind,
  type ResolvedTime,
} from "../shared/index.js";
import { shipengineStatusMap } from "./status-map.js";

const CARRIER = "shipengine";

/** status_detail_code first (unless ShipEngine says it could not map the carrier's status), then status_code. */
function mapShipEngine(statusCode: string | undefined, detailCode: string | undefined): MappedStatus | null {
  const detail =
    detailCode && detailCode !== "CARRIER_STATUS_NOT_MAPPED" ? `detail:${detailCode}` : undefined;
  if (!statusCode && !detail) return null;
  return mapCarrierCode(CARRIER, shipengineStatusMap, detail, statusCode);
}

function errorKind(e: Dict): ParseErrorKind {
  const text = `${str(e, "error_type") ?? ""} ${str(e, "error_code") ?? ""}`.toLowerCase();
  if (/security|unauthorized|invalid_api_key|forbidden/.test(text)) return "unauthorized";
  if (/rate_limit|too_many/.test(text)) return "rate_limited";
  if (/not_found/.test(text)) return "not_found";
  return "carrier_error";
}

/**
 * The event's time: `carrier_occurred_at` is the carrier's local wall-clock without offset and `occurred_at` the
 * UTC instant; together they give the offset. Either alone is used as it is.
 */
function eventTime(
  ev: Dict,
  location: { country?: string; region?: string; city?: string },
): ResolvedTime | null {
  const local = str(ev, "carrier_occurred_at");
  const utc = resolveCarrierTime({ date: str(ev, "occurred_at"), location });
  if (local && !/(Z|[+-]\d\d:?\d\d)$/i.test(local) && utc) {
    const asUtc = resolveCarrierTime({ date: `${local}Z` });
    const minutes = asUtc ? (Date.parse(asUtc.occurredAt) - Date.parse(utc.occurredAt)) / 60_000 : NaN;
    if (Number.isInteger(minutes) && minutes % 15 === 0 && Math.abs(minutes) <= 14 * 60) {
      return resolveCarrierTime({ date: local, offset: formatOffset(minutes) });
    }
  }
  return utc ?? resolveCarrierTime({ date: local, location });
}

function parseEvent(ev: Dict): NormalizedEvent | null {
  const country = str(ev, "country_code");
  const region = str(ev, "state_province");
  const city = str(ev, "city_locality");
  const time = eventTime(ev, { country, region, city });
  if (!time) return null;
  const mapped = mapShipEngine(str(ev, "status_code"), str(ev, "status_detail_code"));
  return makeEvent(time, {
    code:
      firstString(ev.event_code, ev.carrier_detail_code, ev.carrier_status_code, ev.status_detail_code) ??
      null,
    description: firstString(ev.description, ev.carrier_status_description, ev.status_description),
    location: makeLocation({ city, region, postalCode: str(ev, "postal_code"), country }),
    // Events carrying only the carrier's own code have no ShipEngine status: they keep the shipment's status.
    mapped: mapped ?? { status: null, substatus: null, unmapped: true },
  });
}

/** One ShipEngine tracking object → a result (null without a tracking number). */
export function parseShipEngineTracking(t: Dict): NormalizedResult | null {
  const trackingNumber = str(t, "tracking_number");
  if (!trackingNumber) return null;
  const rawEvents = asObjects(t.events);
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events: rawEvents.flatMap((e) => parseEvent(e) ?? []),
    status: mapShipEngine(str(t, "status_code"), str(t, "status_detail_code")),
    estimatedDelivery: isoDateOrInstant(str(t, "estimated_delivery_date")),
    signedBy: firstString(...rawEvents.map((e) => e.signer)) ?? null,
    service: str(t, "carrier_code") ?? null,
  });
}

/** Parses a ShipEngine tracking body, API_TRACK webhook body, or error body. */
export function parseShipEngineResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`shipengine: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("shipengine: not a JSON object");
  if (Array.isArray(root.errors) && root.errors.length > 0) {
    const errors: ParseError[] = asObjects(root.errors).map((e) =>
      parseError(errorKind(e), str(e, "message") ?? "ShipEngine error", str(e, "error_code") ?? null),
    );
    return { results: [], errors };
  }
  const tracking = str(root, "resource_type") && asObject(root.data) ? asObject(root.data) : root;
  if (
    !tracking ||
    typeof tracking.tracking_number !== "string" ||
    !("status_code" in tracking || "events" in tracking)
  ) {
    return invalidPayload("shipengine: not a ShipEngine tracking response, API_TRACK event or error");
  }
  const result = parseShipEngineTracking(tracking);
  return { results: result ? [result] : [], errors: [] };
}
