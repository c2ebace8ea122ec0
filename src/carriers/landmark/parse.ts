/**
 * Pure parser for the Landmark Global Track API (XML `TrackResponse`): packages with their `Events`, or `Errors`.
 * The result's tracking number is Landmark's own (`LandmarkTrackingNumber`); the end-delivery carrier and its
 * number are in `service`, e.g. "BPost International (LE223553042BE)".
 * Times are the facility's local wall-clock without offset ("10/01/2025 08:00 AM", month first, or
 * "2025-10-27 05:48:01"); the zone comes from the location's country/region when the text names them.
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  asBoolean,
  firstString,
  invalidPayload,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseError,
  parseXmlSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { landmarkStatusMap } from "./status-map.js";

const CARRIER = "landmark";
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const isCountry = (code: string) =>
  code === "UK" || (/^[A-Z]{2}$/.test(code) && regionNames.of(code) !== code);

/** "City, RG, CC" / "City, CC" / "City" → parts; a 2-letter last part of two is a country only if it is one. */
function splitLocation(text: string | undefined): { city?: string; region?: string; country?: string } {
  const parts = (text ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length >= 3)
    return { city: parts[0], region: parts[parts.length - 2], country: parts[parts.length - 1] };
  if (parts.length === 2) {
    const last = (parts[1] ?? "").toUpperCase();
    return isCountry(last) ? { city: parts[0], country: last } : { city: parts[0], region: parts[1] };
  }
  return { city: parts[0] };
}

function errorKind(code: string | undefined, message: string): ParseErrorKind {
  if (code && /login|auth|password/i.test(code)) return "unauthorized";
  if (/not found|no .*found|invalid tracking/i.test(message)) return "not_found";
  return "carrier_error";
}

function parseEvent(e: Dict): NormalizedEvent | null {
  const text = str(e, "Location");
  const parts = splitLocation(text);
  const time = resolveCarrierTime({ date: str(e, "DateTime"), slashOrder: "MDY", location: parts });
  if (!time) return null;
  const code = str(e, "EventCode");
  return makeEvent(time, {
    code: code ?? null,
    description: str(e, "Status"),
    location: makeLocation({ ...parts, text }),
    mapped: mapCarrierCode(CARRIER, landmarkStatusMap, code),
  });
}

function parsePackage(pkg: Dict, endCarrier: string | undefined): NormalizedResult | null {
  const landmarkNumber = str(pkg, "LandmarkTrackingNumber");
  const carrierNumber = str(pkg, "TrackingNumber");
  const trackingNumber = landmarkNumber ?? carrierNumber;
  if (!trackingNumber) return null;
  const events = asObjects(asObject(pkg.Events)?.Event).flatMap((e) => parseEvent(e) ?? []);
  const handOver = carrierNumber && carrierNumber !== trackingNumber ? carrierNumber : undefined;
  const service = endCarrier && handOver ? `${endCarrier} (${handOver})` : (endCarrier ?? handOver ?? null);
  const result = makeResult({ trackingNumber, carrier: CARRIER, events, service });
  // Multi-leg timelines mix facilities' clocks: a transit scan stamped after the delivery does not undo it.
  const delivered = result.events.find((e) => e.status === "delivered");
  const newest = result.events[0]?.status;
  if (delivered && newest !== "return_to_sender" && newest !== "returned" && newest !== "delivered") {
    return { ...result, status: "delivered", substatus: delivered.substatus, delivered: true };
  }
  return result;
}

/** Parses a Landmark Track API XML response. */
export function parseLandmarkTrackResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["Package", "Event", "Error"] });
  if (!xml.ok) return invalidPayload(`landmark: ${xml.error}`);
  const root = asObject(xml.value.TrackResponse);
  if (!root) return invalidPayload("landmark: not a Landmark TrackResponse");
  const errors: ParseError[] = asObjects(asObject(root.Errors)?.Error).map((e) => {
    const code = str(e, "ErrorCode");
    const message = str(e, "ErrorMessage") ?? "Landmark error";
    return parseError(errorKind(code, message), message, code ?? null);
  });
  const result = asObject(root.Result);
  if (errors.length === 0 && asBoolean(result?.Success) === false) {
    const message = str(result, "ResultMessage") ?? "Landmark request failed";
    errors.push(parseError(errorKind(undefined, message), message, null));
  }
  const endCarrier = firstString(str(result, "ShipmentDetails", "EndDeliveryCarrier"));
  const results = asObjects(asObject(result?.Packages)?.Package).flatMap(
    (p) => parsePackage(p, endCarrier) ?? [],
  );
  return { results, errors };
}
