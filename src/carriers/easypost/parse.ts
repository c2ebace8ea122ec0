/**
 * Pure parser for EasyPost Tracker API JSON: a Tracker (`GET/POST /v2/trackers`), a tracker list
 * (`{ trackers: [...] }`), a webhook Event (`{ object: "Event", result: Tracker }`) or an error (`{ error }`).
 * EasyPost is an aggregator: `carrier` is "easypost" and the underlying carrier goes in `service`
 * ("USPS: First-Class Package Service", or just "USPS").
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
import { easypostStatusMap } from "./status-map.js";

const CARRIER = "easypost";
const PROBLEMS = new Set([
  "exception",
  "attempt_failed",
  "return_to_sender",
  "returned",
  "cancelled",
  "expired",
]);
const DELAY_DETAILS = new Set(["delayed", "weather_delay", "held", "transit_exception"]);

const has = (key: string | undefined): key is string =>
  !!key && Object.prototype.hasOwnProperty.call(easypostStatusMap, key);

/**
 * EasyPost `status` refined by `status_detail`: the detail wins when it agrees with the status, or when the status
 * is only "failure"/"error" and the detail names the problem (refused, lost, return...); a delay detail under
 * in_transit keeps in_transit with sub-status delayed.
 */
export function mapEasyPostStatus(status: string | undefined, detail: string | undefined): MappedStatus {
  const detailKey = detail ? `detail:${detail}` : undefined;
  if (!has(status)) return mapCarrierCode(CARRIER, easypostStatusMap, status, detailKey);
  const base = mapCarrierCode(CARRIER, easypostStatusMap, status);
  if (!has(detailKey) || base.status === null) return base;
  const entry = easypostStatusMap[detailKey];
  if (!entry) return base;
  if (entry.status === base.status || (base.status === "exception" && PROBLEMS.has(entry.status))) {
    return { status: entry.status, substatus: entry.substatus ?? base.substatus, entry, key: detailKey };
  }
  if (base.status === "in_transit" && detail && DELAY_DETAILS.has(detail)) {
    return { ...base, substatus: "delayed" };
  }
  return base;
}

function errorKind(code: string | undefined): ParseErrorKind {
  const c = (code ?? "").toUpperCase();
  if (c.includes("NOT_FOUND")) return "not_found";
  if (/APIKEY|UNAUTHORIZED|FORBIDDEN|AUTH/.test(c)) return "unauthorized";
  if (c.includes("RATE_LIMIT") || c.includes("TOO_MANY")) return "rate_limited";
  return "carrier_error";
}

function parseDetail(detail: Dict): NormalizedEvent | null {
  const loc = asObject(detail.tracking_location);
  const country = str(loc, "country");
  const region = str(loc, "state");
  const city = str(loc, "city");
  const time = resolveCarrierTime({ date: str(detail, "datetime"), location: { country, region, city } });
  if (!time) return null;
  const status = str(detail, "status");
  const statusDetail = str(detail, "status_detail");
  return makeEvent(time, {
    code: statusDetail ?? status ?? null,
    description: firstString(detail.message, detail.description),
    location: makeLocation({ city, region, postalCode: str(loc, "zip"), country }),
    mapped: mapEasyPostStatus(status, statusDetail),
  });
}

/** The underlying carrier and its service level, e.g. "USPS: First-Class Package Service". */
function underlyingService(tracker: Dict): string | null {
  const carrier = str(tracker, "carrier");
  const service = str(tracker, "carrier_detail", "service");
  if (carrier && service) return `${carrier}: ${service}`;
  return carrier ?? service ?? null;
}

/** One EasyPost Tracker object → a result (null without a tracking code). */
export function parseEasyPostTracker(tracker: Dict): NormalizedResult | null {
  const trackingNumber = str(tracker, "tracking_code");
  if (!trackingNumber) return null;
  const events = asObjects(tracker.tracking_details).flatMap((d) => parseDetail(d) ?? []);
  const status = str(tracker, "status");
  const mapped = status ? mapEasyPostStatus(status, str(tracker, "status_detail")) : null;
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status: mapped,
    estimatedDelivery:
      isoDateOrInstant(str(tracker, "carrier_detail", "est_delivery_date_local")) ??
      isoDateOrInstant(str(tracker, "est_delivery_date")),
    signedBy: str(tracker, "signed_by") ?? null,
    service: underlyingService(tracker),
  });
}

function isTracker(o: Dict | undefined): boolean {
  return !!o && (str(o, "object") === "Tracker" || (typeof o.tracking_code === "string" && "status" in o));
}

/** Parses an EasyPost tracker, tracker list, Event or error body. */
export function parseEasyPostResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`easypost: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("easypost: not a JSON object");
  const error = asObject(root.error);
  if (error) {
    const code = str(error, "code");
    const errors: ParseError[] = [
      parseError(errorKind(code), str(error, "message") ?? "EasyPost error", code ?? null),
    ];
    for (const e of asObjects(error.errors)) {
      const field = str(e, "field");
      const message = str(e, "message");
      if (message)
        errors.push(parseError(errorKind(code), field ? `${field}: ${message}` : message, code ?? null));
    }
    return { results: [], errors };
  }
  let trackers: Dict[];
  if (isTracker(root)) trackers = [root];
  else if (Array.isArray(root.trackers)) trackers = asObjects(root.trackers);
  else if (str(root, "object") === "Event" && isTracker(asObject(root.result)))
    trackers = asObjects(root.result);
  else if (str(root, "object") === "Event")
    return { results: [], errors: [] }; // an event about something else
  else return invalidPayload("easypost: not an EasyPost Tracker, tracker list, Event or error");
  const results = trackers.flatMap((t) => parseEasyPostTracker(t) ?? []);
  return { results, errors: [] };
}
