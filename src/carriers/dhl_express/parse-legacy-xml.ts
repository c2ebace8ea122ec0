/** The legacy DHL Express XML Services (XML-PI) TrackingResponse / ShipmentTrackingErrorResponse. */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  countryCode,
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
import { dhlExpressStatusMap } from "./status-map.js";

const CARRIER = "dhl_express";

/** XML-PI condition codes: 101/103 no shipment found; 100/111 request or credential errors. */
function kindForCondition(code: string | undefined): ParseErrorKind {
  if (code === "101" || code === "103") return "not_found";
  if (code === "100" || code === "111" || code === "PV002") return "unauthorized";
  return "carrier_error";
}

function conditionErrors(status: unknown, trackingNumber: string | null): ParseError[] {
  return asObjects(asObject(status)?.Condition).map((c) => {
    const code = str(c, "ConditionCode");
    // Keep the carrier's text as is (it may span lines); only the edges are trimmed by the XML reader.
    const message =
      typeof c.ConditionData === "string" ? c.ConditionData : (str(c, "ConditionData") ?? "DHL error");
    return parseError(kindForCondition(code), message, code ?? null, trackingNumber);
  });
}

/** "Milan - Italy" → city and country. */
function splitServiceArea(text: string | undefined): { city?: string; country?: string } {
  if (!text) return {};
  const [city, country] = text.split(/\s+-\s+/);
  return { city: city?.trim(), country: country?.trim() };
}

function parseShipmentEvent(e: Dict): NormalizedEvent | null {
  const areaText = str(e, "ServiceArea", "Description");
  const area = splitServiceArea(areaText);
  const cc = countryCode(area.country);
  const time = resolveCarrierTime({ date: str(e, "Date"), time: str(e, "Time"), location: { country: cc } });
  if (!time) return null;
  const code = str(e, "ServiceEvent", "EventCode")?.toUpperCase();
  return makeEvent(time, {
    code,
    description: str(e, "ServiceEvent", "Description"),
    location: makeLocation({ city: area.city, country: cc ?? area.country, text: areaText }),
    mapped: mapCarrierCode(CARRIER, dhlExpressStatusMap, code),
  });
}

function parseAwbInfo(info: Dict, trackingNumber: string): NormalizedResult {
  const shipment = asObject(info.ShipmentInfo);
  const rawEvents = asObjects(shipment?.ShipmentEvent);
  const delivered = rawEvents.find((e) => str(e, "ServiceEvent", "EventCode") === "OK");
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events: rawEvents.flatMap((e) => parseShipmentEvent(e) ?? []),
    signedBy: str(delivered, "Signatory") ?? null,
    service: str(shipment, "GlobalProductCode") ?? null,
    estimatedDelivery: null,
  });
}

/** Parses an XML-PI TrackingResponse (or its error response). */
export function parseDhlXmlPiTrackingResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["AWBInfo", "ShipmentEvent", "Condition"] });
  if (!xml.ok) return invalidPayload(`dhl_express: ${xml.error}`);
  const errorResponse =
    asObject(xml.value.ShipmentTrackingErrorResponse) ?? asObject(xml.value.ErrorResponse);
  if (errorResponse) {
    const errors = conditionErrors(asObject(errorResponse.Response)?.Status, null);
    return {
      results: [],
      errors: errors.length ? errors : [parseError("carrier_error", "DHL error response", null)],
    };
  }
  const response = asObject(xml.value.TrackingResponse);
  if (!response) return invalidPayload("dhl_express: XML is not a DHL TrackingResponse");
  const out: ParseOutput = { results: [], errors: [] };
  for (const info of asObjects(response.AWBInfo)) {
    const number = str(info, "AWBNumber") ?? null;
    const action = str(info, "Status", "ActionStatus")?.toLowerCase();
    if (action !== "success") {
      const errors = conditionErrors(info.Status, number);
      out.errors.push(
        ...(errors.length
          ? errors
          : [parseError("not_found", str(info, "Status", "ActionStatus") ?? "not found", null, number)]),
      );
      continue;
    }
    if (number) out.results.push(parseAwbInfo(info, number));
  }
  return out;
}
