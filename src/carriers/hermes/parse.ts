/**
 * Pure parser for the Hermes Germany HSI Shipment Info API (`GET /services/hsi/shipmentinfo?shipmentID=…`):
 * `{ shipmentinfo: [{ shipmentID, result: { code, message }, status: [{ timestamp, code, description,
 * scanningUnit }], deliveryForecast, receiverAddress }] }`, and its error bodies (`listOfResultCodes`, OAuth
 * `{ error, error_description }`). Timestamps carry their offset (ISO 8601); country codes are alpha-3.
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
  type Dict,
  type MappedStatus,
  type ParseErrorKind,
} from "../shared/index.js";
import { alpha2FromAlpha3 } from "../shared/iso3.js";
import { HERMES_NOTICE_CODES, hermesStatusMap } from "./status-map.js";

const CARRIER = "hermes";

/** HSI result codes (e… errors, i… information, w… warnings) and OAuth error names → error kinds. */
function errorKind(code: string | undefined): ParseErrorKind {
  if (code === "e001") return "not_found"; // "There is no information for the entered value."
  if (code === "e900" || code === "e902" || code === "e903") return "unauthorized"; // not authorized / token invalid / expired
  if (code && /^(access_denied|invalid_token|invalid_client|invalid_grant|unauthorized)$/.test(code))
    return "unauthorized";
  if (code === "too_many_requests") return "rate_limited";
  return "carrier_error";
}

/** The status of one code; customer-preference notices keep the previous status without counting as unmapped. */
function mapHermesCode(code: string | undefined): MappedStatus | "notice" {
  if (code && HERMES_NOTICE_CODES.has(code)) return "notice";
  return mapCarrierCode(CARRIER, hermesStatusMap, code);
}

function parseStatus(entry: Dict): NormalizedEvent | null {
  const unit = asObject(entry.scanningUnit);
  const country = alpha2FromAlpha3(str(unit, "countryCode"));
  const city = str(unit, "city");
  const time = resolveCarrierTime({ date: str(entry, "timestamp"), location: { country, city } });
  if (!time) return null;
  const code = str(entry, "code");
  const mapped = mapHermesCode(code);
  const event = makeEvent(time, {
    code: code ?? null,
    description: firstString(str(entry, "description"), code ? HERMES_NOTICE_CODES.get(code) : undefined),
    location: makeLocation({ city, country }),
    mapped: mapped === "notice" ? { status: null, substatus: null, unmapped: true } : mapped,
  });
  if (mapped === "notice") delete event.unmapped; // known code, deliberately without a status
  return event;
}

function estimatedDelivery(info: Dict): string | null {
  const forecast = asObject(info.deliveryForecast);
  return isoDateOrInstant(str(forecast, "date"));
}

function parseShipment(info: Dict, errors: ParseError[]): NormalizedResult | null {
  const trackingNumber = firstString(info.shipmentID, info.internationalShipmentID);
  const resultCode = str(info, "result", "code");
  const events = asObjects(info.status).flatMap((s) => parseStatus(s) ?? []);
  if (resultCode?.startsWith("e") && events.length === 0) {
    const message = str(info, "result", "message") ?? "Hermes error";
    errors.push(parseError(errorKind(resultCode), message, resultCode, trackingNumber ?? null));
    return null;
  }
  if (!trackingNumber) return null;
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    estimatedDelivery: estimatedDelivery(info),
  });
}

/** Parses a Shipment Info response, an HSI error response, or an OAuth error. */
export function parseHermesShipmentInfo(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`${CARRIER}: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload(`${CARRIER}: not a Hermes Shipment Info response`);
  const oauthError = str(root, "error");
  if (oauthError) {
    const message = str(root, "error_description") ?? oauthError;
    return { results: [], errors: [parseError(errorKind(oauthError), message, oauthError)] };
  }
  const resultCodes = asObjects(root.listOfResultCodes);
  if (!Array.isArray(root.shipmentinfo) && resultCodes.length === 0) {
    return invalidPayload(
      `${CARRIER}: not a Hermes Shipment Info response (no shipmentinfo or listOfResultCodes)`,
    );
  }
  const errors: ParseError[] = resultCodes
    .filter((r) => !str(r, "code")?.startsWith("i"))
    .map((r) => {
      const code = str(r, "code");
      return parseError(errorKind(code), str(r, "message") ?? "Hermes error", code ?? null);
    });
  const results = asObjects(root.shipmentinfo).flatMap((info) => parseShipment(info, errors) ?? []);
  return { results, errors };
}
