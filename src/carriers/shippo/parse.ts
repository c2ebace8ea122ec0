/**
 * Pure parser for the Shippo Tracking API (`GET /tracks/{carrier}/{tracking_number}`, JSON), its `track_updated`
 * webhook envelope (`{ event, data: track }`) and its error bodies (`{ detail }`). Shippo is an aggregator:
 * `carrier` is "shippo" and the underlying carrier token plus service level is in `service`
 * ("usps: Priority Mail").
 */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
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
import { shippoStatusMap } from "./status-map.js";

const CARRIER = "shippo";
const PROBLEMS = new Set(["exception", "attempt_failed", "return_to_sender", "returned", "cancelled"]);
const has = (key: string | undefined): key is string =>
  !!key && Object.prototype.hasOwnProperty.call(shippoStatusMap, key);

/** Shippo status refined by the substatus code (the substatus wins when it agrees or names the problem). */
export function mapShippoStatus(status: string | undefined, substatus: string | undefined): MappedStatus {
  const subKey = substatus ? `sub:${substatus}` : undefined;
  if (!has(status)) return mapCarrierCode(CARRIER, shippoStatusMap, status, subKey);
  const base = mapCarrierCode(CARRIER, shippoStatusMap, status);
  const entry = has(subKey) ? shippoStatusMap[subKey] : undefined;
  if (!entry || !subKey || base.status === null) return base;
  const refines =
    entry.status === base.status ||
    (base.status === "exception" && PROBLEMS.has(entry.status)) ||
    (base.status === "in_transit" &&
      (entry.status === "out_for_delivery" || entry.status === "available_for_pickup"));
  return refines ? { status: entry.status, substatus: entry.substatus, entry, key: subKey } : base;
}

function errorKind(message: string): ParseErrorKind {
  if (/token|credential|authenticat|permission/i.test(message)) return "unauthorized";
  if (/not found/i.test(message)) return "not_found";
  if (/throttl|rate limit/i.test(message)) return "rate_limited";
  return "carrier_error";
}

function parseStatus(s: Dict): NormalizedEvent | null {
  const loc = asObject(s.location);
  const country = str(loc, "country");
  const region = str(loc, "state");
  const city = str(loc, "city");
  const time = resolveCarrierTime({ date: str(s, "status_date"), location: { country, region, city } });
  if (!time) return null;
  const status = str(s, "status");
  const sub = str(s, "substatus", "code");
  return makeEvent(time, {
    code: sub ?? status ?? null,
    description: firstString(s.status_details, str(s, "substatus", "text")),
    location: makeLocation({ city, region, postalCode: str(loc, "zip"), country }),
    mapped: mapShippoStatus(status, sub),
  });
}

/** One Shippo Track object → a result (null without a tracking number). */
export function parseShippoTrack(track: Dict): NormalizedResult | null {
  const trackingNumber = str(track, "tracking_number");
  if (!trackingNumber) return null;
  const history = asObjects(track.tracking_history);
  const current = asObject(track.tracking_status);
  const seen = new Set(history.map((h) => str(h, "object_id")).filter(Boolean));
  // The current status is normally the last history entry; add it when the history does not hold it.
  const all =
    current && !(str(current, "object_id") && seen.has(str(current, "object_id")))
      ? [...history, current]
      : history;
  const events = all.flatMap((s) => parseStatus(s) ?? []);
  const carrier = str(track, "carrier");
  const level = str(track, "servicelevel", "name");
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    // No tracking_status: Shippo knows the number but the carrier has reported nothing yet.
    status: mapShippoStatus(str(current, "status") ?? "UNKNOWN", str(current, "substatus", "code")),
    estimatedDelivery: isoDateOrInstant(str(track, "eta")),
    signedBy: null,
    service: carrier && level ? `${carrier}: ${level}` : (carrier ?? level ?? null),
  });
}

/** Parses a Shippo track, a track_updated webhook body, or a Shippo error body. */
export function parseShippoResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`shippo: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("shippo: not a JSON object");
  const track = str(root, "event") && asObject(root.data) ? asObject(root.data) : root;
  if (
    track &&
    typeof track.tracking_number === "string" &&
    ("tracking_status" in track || "carrier" in track)
  ) {
    const result = parseShippoTrack(track);
    return { results: result ? [result] : [], errors: [] };
  }
  const detail = str(root, "detail") ?? str(root, "message");
  if (detail) return { results: [], errors: [parseError(errorKind(detail), detail, null)] };
  const fieldErrors = Object.entries(root).flatMap(([field, v]) =>
    Array.isArray(v) && v.every((m) => typeof m === "string") && v.length > 0
      ? [`${field}: ${v.join(" ")}`]
      : [],
  );
  if (fieldErrors.length > 0) {
    return { results: [], errors: fieldErrors.map((m) => parseError("carrier_error", m, null)) };
  }
  return invalidPayload("shippo: not a Shippo track, track_updated event or error");
}
