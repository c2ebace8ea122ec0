/**
 * Pure parser for the Aramex Shipment Tracking API (`TrackShipments`), SOAP XML or JSON: TrackingResults keyed
 * by waybill, NonExistingWaybills and Notifications (errors).
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asArray,
  asBoolean,
  asObject,
  asObjects,
  asString,
  at,
  formatOffset,
  invalidPayload,
  looksLikeXml,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseError,
  parseJsonSafe,
  parseXmlSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { aramexStatusMap } from "./status-map.js";

const CARRIER = "aramex";

/** WCF JSON dates "/Date(1595318400000+0400)/" → ISO wall-clock with that offset, so the local time is kept. */
function wcfDate(value: string | undefined): string | undefined {
  const m = value ? /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/.exec(value) : null;
  if (!m) return value;
  const ms = Number(m[1]);
  const offsetText = m[2];
  if (!offsetText) return String(ms);
  const minutes =
    (offsetText[0] === "-" ? -1 : 1) * (Number(offsetText.slice(1, 3)) * 60 + Number(offsetText.slice(3)));
  const local = new Date(ms + minutes * 60_000);
  if (Number.isNaN(local.getTime())) return undefined;
  return `${local.toISOString().slice(0, 19)}${formatOffset(minutes)}`;
}

/** "Dubai, United Arab Emirates" → city and country (Aramex writes "City, Country"). */
function splitLocation(text: string | undefined): { city?: string; country?: string } {
  if (!text) return {};
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length >= 2 ? { city: parts[0], country: parts[parts.length - 1] } : { city: parts[0] };
}

function notificationKind(code: string | undefined, message: string): ParseErrorKind {
  if (/username|password|clientinfo|account|pin|unauthori/i.test(message)) return "unauthorized";
  if (code === "ERR01") return "unauthorized";
  return "carrier_error";
}

function parseUpdate(update: Dict): NormalizedEvent | null {
  const locationText = str(update, "UpdateLocation");
  const { city, country } = splitLocation(locationText);
  const time = resolveCarrierTime({
    date: wcfDate(str(update, "UpdateDateTime")),
    location: { country, city },
  });
  if (!time) return null;
  const code = str(update, "UpdateCode");
  const description = str(update, "UpdateDescription");
  return makeEvent(time, {
    code: code ?? null,
    description,
    location: makeLocation({ city, country, text: locationText }),
    mapped: mapCarrierCode(
      CARRIER,
      aramexStatusMap,
      code,
      description ? `text:${description.toLowerCase()}` : undefined,
    ),
  });
}

/** TrackingResults: JSON `[{Key, Value: [..]}]` or XML `KeyValueOf…{Key, Value: {TrackingResult: [..]}}`. */
function resultGroups(trackingResults: unknown): { key: string | undefined; updates: Dict[] }[] {
  const obj = asObject(trackingResults);
  const entries = Array.isArray(trackingResults)
    ? asObjects(trackingResults)
    : obj
      ? Object.entries(obj)
          .filter(([k]) => k.startsWith("KeyValueOf"))
          .flatMap(([, v]) => asObjects(v))
      : [];
  return entries.map((entry) => {
    const value = entry.Value;
    const updates = Array.isArray(value) ? asObjects(value) : asObjects(asObject(value)?.TrackingResult);
    return { key: asString(entry.Key), updates };
  });
}

function parseRoot(root: Dict): ParseOutput {
  const errors: ParseError[] = [];
  // JSON holds arrays; XML holds a wrapper element (possibly empty, with only namespace attributes).
  const listOf = (v: unknown, item: string) => (Array.isArray(v) ? v : asObject(v)?.[item]);
  const notifications = listOf(root.Notifications, "Notification");
  for (const n of asObjects(notifications)) {
    const message = str(n, "Message") ?? "Aramex error";
    const code = str(n, "Code");
    errors.push(parseError(notificationKind(code, message), message, code ?? null));
  }
  const missing = listOf(root.NonExistingWaybills, "string");
  for (const waybill of asArray(missing)) {
    const number = asString(waybill);
    if (number) errors.push(parseError("not_found", `Waybill "${number}" Not Found`, null, number));
  }
  const results: NormalizedResult[] = [];
  for (const { key, updates } of resultGroups(root.TrackingResults)) {
    const trackingNumber = key ?? str(updates[0], "WaybillNumber");
    if (!trackingNumber) continue;
    results.push(
      makeResult({ trackingNumber, carrier: CARRIER, events: updates.flatMap((u) => parseUpdate(u) ?? []) }),
    );
  }
  if (errors.length === 0 && results.length === 0 && asBoolean(root.HasErrors) === true) {
    errors.push(parseError("carrier_error", "Aramex reported errors without notifications"));
  }
  return { results, errors };
}

const XML_ARRAYS = ["Notification", "TrackingResult", "string"];

/** Parses a TrackShipments response (SOAP XML or JSON). */
export function parseAramexTrackResponse(body: string | Buffer): ParseOutput {
  if (looksLikeXml(body)) {
    const xml = parseXmlSafe(body, { arrays: XML_ARRAYS });
    if (!xml.ok) return invalidPayload(`aramex: ${xml.error}`);
    const root =
      asObject(at(xml.value, "Envelope", "Body", "ShipmentTrackingResponse")) ??
      asObject(xml.value.ShipmentTrackingResponse);
    if (!root) return invalidPayload("aramex: not a ShipmentTrackingResponse");
    return parseRoot(root);
  }
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`aramex: ${json.error}`);
  const root = asObject(json.value);
  if (!root || !("HasErrors" in root) || !("TrackingResults" in root || "Notifications" in root)) {
    return invalidPayload("aramex: not a TrackShipments response (no HasErrors/TrackingResults)");
  }
  return parseRoot(root);
}
