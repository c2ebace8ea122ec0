/**
 * Pure parser for La Poste's Suivi API v2 (`GET /suivi/v2/idships/{idships}`) JSON: one object per number,
 * or an array of them when several numbers were asked for. Colissimo and Chronopost parcels come through the
 * same API, so the parser is built per adapter id.
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import type { StatusMap } from "../types.js";
import {
  asNumber,
  asObject,
  asObjects,
  invalidPayload,
  isoDateOrInstant,
  kindForHttpStatus,
  makeEvent,
  makeResult,
  mapCarrierCode,
  parseError,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";

/** returnCode → error kind (400: number not valid, 401: bad key, 404: unknown number, 429: quota). */
function errorKind(returnCode: number | undefined, gatewayCode?: string): ParseErrorKind {
  if (gatewayCode && /unauthori[sz]ed|forbidden|invalid_?key/i.test(gatewayCode)) return "unauthorized";
  if (gatewayCode && /too_many|rate|quota/i.test(gatewayCode)) return "rate_limited";
  return kindForHttpStatus(returnCode);
}

function parseEvent(carrier: string, statusMap: StatusMap, event: Dict): NormalizedEvent | null {
  // Suivi v2 dates carry their offset; events have no location to resolve a zone from.
  const time = resolveCarrierTime({ date: str(event, "date") });
  if (!time) return null;
  const code = str(event, "code");
  return makeEvent(time, {
    code: code ?? null,
    description: str(event, "label"),
    location: null,
    mapped: mapCarrierCode(carrier, statusMap, code),
  });
}

function parseShipment(carrier: string, statusMap: StatusMap, shipment: Dict): NormalizedResult | null {
  const trackingNumber = str(shipment, "idShip");
  if (!trackingNumber) return null;
  const events = asObjects(shipment.event).flatMap((e) => parseEvent(carrier, statusMap, e) ?? []);
  return makeResult({
    trackingNumber,
    carrier,
    events,
    estimatedDelivery: isoDateOrInstant(str(shipment, "estimDate")),
    service: str(shipment, "product") ?? null,
  });
}

/** Builds the Suivi v2 parser for one adapter id (laposte, colissimo). */
export function createSuiviParser(carrier: string, statusMap: StatusMap) {
  return function parseSuiviResponse(body: string | Buffer): ParseOutput {
    const json = parseJsonSafe(body);
    if (!json.ok) return invalidPayload(`${carrier}: ${json.error}`);
    const items = Array.isArray(json.value) ? asObjects(json.value) : asObjects(asObject(json.value));
    const results: NormalizedResult[] = [];
    const errors: ParseError[] = [];
    let understood = false;
    for (const item of items) {
      const shipment = asObject(item.shipment);
      const returnCode = asNumber(item.returnCode);
      if (shipment) {
        understood = true;
        const result = parseShipment(carrier, statusMap, shipment);
        if (result) results.push(result);
      } else if (returnCode !== undefined) {
        understood = true;
        errors.push(
          parseError(
            errorKind(returnCode),
            str(item, "returnMessage") ?? `La Poste returnCode ${returnCode}`,
            String(returnCode),
            str(item, "idShip") ?? null,
          ),
        );
      } else if (typeof item.code === "string" && typeof item.message === "string") {
        // Okapi gateway error (bad or missing X-Okapi-Key, quota): { code, message }.
        understood = true;
        errors.push(parseError(errorKind(undefined, item.code), item.message, item.code));
      }
    }
    if (!understood) {
      return invalidPayload(`${carrier}: not a La Poste Suivi v2 response (no shipment or returnCode)`);
    }
    return { results, errors };
  };
}
