/**
 * Pure parser for MyDHL API tracking (`GET /shipments/{shipmentTrackingNumber}/tracking`, `GET /tracking`) JSON. XML bodies are
 * the legacy DHL XML Services (XML-PI) TrackingResponse, still read for stored payloads: parse-legacy-xml.ts.
 */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asObjects,
  asNumber,
  firstString,
  invalidPayload,
  isoDateOrInstant,
  kindForHttpStatus,
  looksLikeXml,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseError,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  asObject,
  type Dict,
} from "../shared/index.js";
import { parseDhlXmlPiTrackingResponse } from "./parse-legacy-xml.js";
import { dhlExpressStatusMap } from "./status-map.js";

const CARRIER = "dhl_express";

/** MyDHL service-area text: "Leipzig-DE", "Chicago-IL-US", or free text ("New York, NY"). */
function splitServiceArea(text: string | undefined): { city?: string; region?: string; country?: string } {
  const parts = text?.split("-").map((p) => p.trim()) ?? [];
  const last = parts[parts.length - 1];
  if (parts.length < 2 || !last || !/^[A-Z]{2}$/.test(last)) return { city: text?.split(",")[0]?.trim() };
  return { city: parts[0], region: parts.length > 2 ? parts[1] : undefined, country: last };
}

function parseEvent(e: Dict): NormalizedEvent | null {
  const areaText = str(asObjects(e.serviceArea)[0], "description");
  const area = splitServiceArea(areaText);
  const time = resolveCarrierTime({
    date: str(e, "date"),
    time: str(e, "time"),
    offset: str(e, "GMTOffset"),
    location: { country: area.country, region: area.region },
  });
  if (!time) return null;
  const code = str(e, "typeCode")?.toUpperCase();
  return makeEvent(time, {
    code,
    description: str(e, "description"),
    location: makeLocation({ text: areaText, city: area.city, region: area.region, country: area.country }),
    mapped: mapCarrierCode(CARRIER, dhlExpressStatusMap, code),
  });
}

function parseShipment(s: Dict): NormalizedResult | null {
  const trackingNumber = str(s, "shipmentTrackingNumber");
  if (!trackingNumber) return null;
  const events = asObjects(s.events).flatMap((e) => parseEvent(e) ?? []);
  const shipmentStatus = str(s, "status")?.toLowerCase();
  const delivered = asObjects(s.events).find((e) => str(e, "typeCode") === "OK");
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status:
      events.some((e) => e.status) || !shipmentStatus
        ? null
        : mapCarrierCode(CARRIER, dhlExpressStatusMap, `shipment:${shipmentStatus}`),
    estimatedDelivery: isoDateOrInstant(
      firstString(s.estimatedDeliveryDate, s.estimatedTimeOfDelivery)?.slice(0, 10),
    ),
    signedBy: firstString(delivered?.signedBy, str(delivered, "signedBy", "name")) ?? null,
    service: firstString(s.description, s.productCode) ?? null,
  });
}

function parseMyDhlJson(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`dhl_express: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("dhl_express: not a MyDHL API response");
  // Errors are RFC 7807 problem details: {"status": 404, "title": "...", "detail": "...", "instance": "..."}
  if (root.shipments === undefined && (root.detail !== undefined || root.title !== undefined)) {
    const status = asNumber(root.status);
    const number = /shipmentTrackingNumber=([^&\s]+)/.exec(str(root, "instance") ?? "")?.[1] ?? null;
    return {
      results: [],
      errors: [
        parseError(
          kindForHttpStatus(status),
          firstString(root.detail, root.title) ?? "DHL error",
          status !== undefined ? String(status) : null,
          number,
        ),
      ],
    };
  }
  if (!Array.isArray(root.shipments))
    return invalidPayload("dhl_express: not a MyDHL API tracking response (no shipments)");
  const results = asObjects(root.shipments).flatMap((s) => parseShipment(s) ?? []);
  return { results, errors: [] };
}

/** Parses a DHL Express tracking response: MyDHL API JSON, or a legacy XML-PI TrackingResponse. */
export function parseDhlExpressTrackingResponse(body: string | Buffer): ParseOutput {
  return looksLikeXml(body) ? parseDhlXmlPiTrackingResponse(body) : parseMyDhlJson(body);
}
