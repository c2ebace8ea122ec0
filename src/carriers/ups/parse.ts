/** Pure parser for the UPS Track API v1 (`GET /api/track/v1/details/{inquiryNumber}`) JSON response. */
import type {
  DeliveryWindow,
  NormalizedEvent,
  NormalizedResult,
  ParseError,
  ParseOutput,
} from "../../core/events.js";
import {
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  isoDateOrInstant,
  makeDeliveryWindow,
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

/** The package's delivery date entry: rescheduled (RDD), else scheduled (SDD). */
function scheduledDelivery(pkg: Dict): Dict | undefined {
  const dates = asObjects(pkg.deliveryDate);
  return dates.find((d) => str(d, "type") === "RDD") ?? dates.find((d) => str(d, "type") === "SDD");
}

function estimatedDelivery(pkg: Dict): string | null {
  return isoDateOrInstant(str(scheduledDelivery(pkg), "date"));
}

/** deliveryTime types that are a window for the stop: estimated, confirmed and imminent delivery windows. */
const WINDOW_TYPES = new Set(["EDW", "CDW", "IDW"]);

/**
 * The window UPS announces for the stop (`deliveryTime` EDW/CDW/IDW: local HHMMSS without a date or zone). It is
 * on the package's delivery date (rescheduled, else scheduled; the newest scan's day when that is later) and in the destination's
 * zone: the package's DESTINATION address when given, else the newest scan's place (on the vehicle, the
 * destination's delivery station), resolved the way scan times are.
 */
function deliveryWindow(pkg: Dict): DeliveryWindow | null {
  const window = asObject(pkg.deliveryTime);
  if (!window || !WINDOW_TYPES.has(str(window, "type")?.toUpperCase() ?? "")) return null;
  // UPS lists activity newest first; compared anyway, so a reordered list cannot pick an old day or place.
  const stamp = (a: Dict) => `${str(a, "date") ?? ""}${str(a, "time") ?? ""}`;
  const newestScan = asObjects(pkg.activity).reduce<Dict | undefined>(
    (newest, a) => (!newest || stamp(a) > stamp(newest) ? a : newest),
    undefined,
  );
  const scheduled = str(scheduledDelivery(pkg), "date");
  // A window is for today or a day ahead, never for a day already scanned past: a scheduled date older than the
  // newest scan was not updated (compact YYYYMMDD dates compare as text).
  const scanned = str(newestScan, "date");
  const day = scheduled && scanned ? (scheduled > scanned ? scheduled : scanned) : (scheduled ?? scanned);
  const destination = asObjects(pkg.packageAddress).find((a) => str(a, "type") === "DESTINATION");
  const address =
    asObject(destination?.address) ?? asObject(asObject(newestScan?.location)?.address) ?? undefined;
  const location = {
    country: firstString(address?.countryCode, address?.country),
    region: str(address, "stateProvince"),
    city: str(address, "city"),
  };
  // A scan's gmtOffset is that scan's: used only when its place is the one we read and no zone is known for it.
  const offset = destination ? undefined : str(newestScan, "gmtOffset");
  const at = (time: string | undefined) => {
    if (!day || !time || !/^\d{4}(\d{2})?$/.test(time)) return null;
    const resolved = resolveCarrierTime({ date: day, time, location });
    return resolved?.zoneGuessed && offset ? resolveCarrierTime({ date: day, time, offset }) : resolved;
  };
  return makeDeliveryWindow(at(str(window, "startTime")), at(str(window, "endTime")));
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
    deliveryWindow: deliveryWindow(pkg),
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
