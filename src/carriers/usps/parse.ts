/**
 * Pure parser for the USPS Tracking API v3 (`GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL`) JSON.
 * XML bodies are the legacy Web Tools TrackResponse (retired in 2025, still in stored payloads): see
 * parse-legacy-xml.ts. Both usps and usps_international use this parser with their own carrier id.
 */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asArray,
  asObject,
  asObjects,
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
  plainText,
  resolveCarrierTime,
  str,
  type Dict,
} from "../shared/index.js";
import { parseUspsTrackResponseXml } from "./parse-legacy-xml.js";
import { uspsStatusMap } from "./status-map.js";

function parseEvent(carrier: string, e: Dict): NormalizedEvent | null {
  const state = str(e, "eventState");
  const country = str(e, "eventCountry") ?? (state ? "US" : undefined);
  const time = resolveCarrierTime({
    date: str(e, "eventTimestamp") ?? str(e, "GMTTimestamp"),
    offset: str(e, "GMTOffset"),
    location: { country, region: state },
  });
  if (!time) return null;
  const code = str(e, "eventCode");
  return makeEvent(time, {
    code,
    description: plainText(str(e, "eventType")),
    location: makeLocation({
      city: str(e, "eventCity"),
      region: state,
      postalCode: str(e, "eventZIP"),
      country,
    }),
    mapped: mapCarrierCode(carrier, uspsStatusMap, code),
  });
}

function parseTracking(carrier: string, root: Dict): NormalizedResult | null {
  const trackingNumber = str(root, "trackingNumber");
  if (!trackingNumber) return null;
  const rawEvents = asObjects(root.trackingEvents);
  const events = rawEvents.flatMap((e) => parseEvent(carrier, e) ?? []);
  const category = str(root, "statusCategory");
  const delivered = rawEvents.find((e) => str(e, "eventCode") === "01");
  return makeResult({
    trackingNumber,
    carrier,
    events,
    status: events.some((e) => e.status)
      ? null
      : category
        ? mapCarrierCode(carrier, uspsStatusMap, `category:${category}`)
        : null,
    estimatedDelivery: isoDateOrInstant(
      firstString(
        root.expectedDeliveryTimeStamp,
        root.expectedDeliveryDate,
        root.guaranteedDeliveryTimeStamp,
        root.predictedDeliveryDate,
      ),
    ),
    signedBy: firstString(delivered?.name, delivered?.firm) ?? null,
    service: plainText(str(root, "mailClass")) ?? null,
  });
}

function parseUspsJson(carrier: string, body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`${carrier}: ${json.error}`);
  const items = Array.isArray(json.value) ? asObjects(json.value) : asObjects([json.value]);
  if (items.length === 0) return invalidPayload(`${carrier}: not a USPS Tracking API response`);
  const out: ParseOutput = { results: [], errors: [] };
  for (const root of items) {
    // OAuth errors (RFC 6749): {"error": "invalid_client", "error_description": "..."}
    if (typeof root.error === "string") {
      out.errors.push(parseError("unauthorized", str(root, "error_description") ?? root.error, root.error));
      continue;
    }
    const error = asObject(root.error);
    if (error) {
      const code = str(error, "code");
      const status = Number(str(asArray(error.errors)[0], "status") ?? code);
      const message = firstString(error.message, str(asArray(error.errors)[0], "detail")) ?? "USPS error";
      out.errors.push(
        parseError(
          kindForHttpStatus(Number.isFinite(status) ? status : undefined),
          message,
          code ?? null,
          str(root, "trackingNumber") ?? null,
        ),
      );
      continue;
    }
    const result = parseTracking(carrier, root);
    if (!result)
      return invalidPayload(`${carrier}: not a USPS Tracking API response (no trackingNumber or error)`);
    out.results.push(result);
  }
  return out;
}

/** A USPS tracking parser reporting results under `carrier` (usps or usps_international). */
export function createUspsParser(carrier: string): (body: string | Buffer) => ParseOutput {
  return (body) =>
    looksLikeXml(body) ? parseUspsTrackResponseXml(carrier, body) : parseUspsJson(carrier, body);
}

/** Parses a USPS Tracking API v3 response (or a legacy Web Tools TrackResponse XML). */
export const parseUspsTrackResponse = createUspsParser("usps");
