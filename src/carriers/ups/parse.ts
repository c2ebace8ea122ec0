/** Pure parser for the UPS Track API v1 (`GET /api/track/v1/details/{inquiryNumber}`) JSON response. */
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
import { upsStatusMap } from "./status-map.js";

const CARRIER = "ups";
const PROBLEM_STATUSES = new Set([
  "exception",
  "attempt_failed",
  "return_to_sender",
  "returned",
  "cancelled",
]);

/** UPS error and warning codes with a Shipwatch meaning other than carrier_error. */
function errorKind(code: string | undefined): ParseErrorKind {
  if (!code) return "carrier_error";
  if (/^25000[0-9]$/.test(code) || code === "401") return "unauthorized"; // 250002/250003: invalid credentials/license
  if (code === "TW0001" || code === "TV1002" || code === "151018" || code === "151044") return "not_found";
  if (code === "429" || code === "TW0002") return "rate_limited";
  return "carrier_error";
}

/** statusCode ("3", "003") → padded key; type X (exception) wins over a statusCode that says nothing is wrong. */
function mapUpsStatus(status: unknown): MappedStatus {
  const raw = str(status, "statusCode");
  const statusCode = raw && /^\d{1,3}$/.test(raw) ? raw.padStart(3, "0") : raw;
  const type = str(status, "type");
  const typeKey = type ? `type:${type}` : undefined;
  const mapped = mapCarrierCode(CARRIER, upsStatusMap, statusCode, typeKey);
  if (type === "X" && mapped.status !== null && !PROBLEM_STATUSES.has(mapped.status)) {
    return mapCarrierCode(CARRIER, upsStatusMap, "type:X");
  }
  return mapped;
}

function parseActivity(activity: Dict): NormalizedEvent | null {
  const address = asObject(activity.location) ? asObject(asObject(activity.location)?.address) : undefined;
  const country = firstString(address?.countryCode, address?.country);
  const region = str(address, "stateProvince");
  const time = resolveCarrierTime({
    date: str(activity, "date"),
    time: str(activity, "time"),
    offset: str(activity, "gmtOffset"),
    location: { country, region, city: str(address, "city") },
  });
  if (!time) return null;
  return makeEvent(time, {
    code: str(activity, "status", "code") ?? null,
    description: str(activity, "status", "description"),
    location: makeLocation({
      city: str(address, "city"),
      region,
      postalCode: str(address, "postalCode"),
      country,
    }),
    mapped: mapUpsStatus(activity.status),
  });
}

function estimatedDelivery(pkg: Dict): string | null {
  const dates = asObjects(pkg.deliveryDate);
  const scheduled =
    dates.find((d) => str(d, "type") === "RDD") ?? dates.find((d) => str(d, "type") === "SDD");
  return isoDateOrInstant(str(scheduled, "date"));
}

function parsePackage(pkg: Dict, inquiryNumber: string | undefined): NormalizedResult | null {
  const trackingNumber = firstString(pkg.trackingNumber, inquiryNumber);
  if (!trackingNumber) return null;
  const events = asObjects(pkg.activity).flatMap((a) => parseActivity(a) ?? []);
  const current = asObject(pkg.currentStatus);
  const status =
    current && (str(current, "statusCode") || str(current, "type")) ? mapUpsStatus(current) : null;
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status,
    estimatedDelivery: estimatedDelivery(pkg),
    signedBy: str(pkg, "deliveryInformation", "receivedBy") ?? null,
    service: str(pkg, "service", "description") ?? null,
  });
}

/** Parses a UPS Track API response (success, warnings, or `response.errors`). */
export function parseUpsTrackResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`ups: ${json.error}`);
  const root = asObject(json.value);
  const errorList = asObjects(root && asObject(root.response)?.errors);
  const shipments = asObjects(root && asObject(root.trackResponse)?.shipment);
  if (!root || (!asObject(root.trackResponse) && errorList.length === 0)) {
    return invalidPayload("ups: not a UPS Track API response (no trackResponse or response.errors)");
  }
  const errors: ParseError[] = errorList.map((e) => {
    const code = str(e, "code");
    return parseError(errorKind(code), str(e, "message") ?? "UPS error", code ?? null);
  });
  const results: NormalizedResult[] = [];
  for (const shipment of shipments) {
    const inquiryNumber = str(shipment, "inquiryNumber");
    for (const w of asObjects(shipment.warnings)) {
      const code = str(w, "code");
      errors.push(
        parseError(errorKind(code), str(w, "message") ?? "UPS warning", code ?? null, inquiryNumber ?? null),
      );
    }
    for (const pkg of asObjects(shipment.package)) {
      const result = parsePackage(pkg, inquiryNumber);
      if (result) results.push(result);
    }
  }
  return { results, errors };
}
