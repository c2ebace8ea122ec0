/**
 * Pure parser for Asendia tracking, two APIs:
 * - Asendia Sync (Europe): `{ trackingNumber, trackingEvents: [{ code, time, locationName, locationCountry,
 *   carrierEventDescription }] }`; errors are RFC 7807 problems (`{ type, title, status, detail }`);
 * - Asendia US (AsendiaOne A1 `Tracking/Milestone`): `{ data: [{ trackingNumberVendor, trackingMilestoneEvents:
 *   [{ eventCode, eventDescription, eventLocation, eventOn }] }], responseStatus }`; errors
 *   `{ responseStatusCode, responseStatusMessage }`.
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asNumber,
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  kindForHttpStatus,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseError,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
} from "../shared/index.js";
import { asendiaStatusMap, asendiaTextKey } from "./status-map.js";

const CARRIER = "asendia";

function event(
  code: string | undefined,
  description: string | undefined,
  date: string | undefined,
  location: { city?: string; country?: string; text?: string },
): NormalizedEvent | null {
  const time = resolveCarrierTime({ date, location: { country: location.country, city: location.city } });
  if (!time) return null;
  return makeEvent(time, {
    code: code ?? null,
    description,
    location: makeLocation(location),
    mapped: mapCarrierCode(CARRIER, asendiaStatusMap, code, code?.toUpperCase(), asendiaTextKey(description)),
  });
}

function parseSync(root: Dict): NormalizedResult | null {
  const trackingNumber = str(root, "trackingNumber");
  if (!trackingNumber) return null;
  const events = asObjects(root.trackingEvents).flatMap(
    (e) =>
      event(str(e, "code"), firstString(e.carrierEventDescription, e.description), str(e, "time"), {
        city: str(e, "locationName"),
        country: str(e, "locationCountry"),
      }) ?? [],
  );
  return makeResult({ trackingNumber, carrier: CARRIER, events });
}

function parseUsItem(item: Dict): NormalizedResult | null {
  const trackingNumber = firstString(
    item.trackingNumberVendor,
    item.trackingNumber,
    item.customerReferenceNumber,
  );
  if (!trackingNumber) return null;
  const events = asObjects(item.trackingMilestoneEvents).flatMap(
    (e) =>
      event(str(e, "eventCode"), str(e, "eventDescription"), str(e, "eventOn"), {
        text: str(e, "eventLocation"),
      }) ?? [],
  );
  return makeResult({ trackingNumber, carrier: CARRIER, events });
}

function usError(code: number | undefined, message: string | undefined): ParseError {
  return parseError(
    kindForHttpStatus(code),
    message || `Asendia US error ${code ?? ""}`.trim(),
    code ? String(code) : null,
  );
}

/** Parses an Asendia Sync or Asendia US tracking response or error body. */
export function parseAsendiaTracking(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`asendia: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("asendia: not a JSON object");
  if (
    Array.isArray(root.trackingEvents) ||
    (typeof root.trackingNumber === "string" && "trackingEvents" in root)
  ) {
    const result = parseSync(root);
    return { results: result ? [result] : [], errors: [] };
  }
  if (Array.isArray(root.data) || asObject(root.responseStatus)) {
    const status = asObject(root.responseStatus);
    const code = asNumber(status?.responseStatusCode);
    const errors =
      code !== undefined && code >= 400 ? [usError(code, str(status, "responseStatusMessage"))] : [];
    const results = asObjects(root.data).flatMap((d) => parseUsItem(d) ?? []);
    if (results.length === 0 && errors.length === 0 && Array.isArray(root.data)) {
      errors.push(parseError("not_found", "Asendia US has no tracking for this number", null));
    }
    return { results, errors };
  }
  if ("responseStatusCode" in root) {
    return {
      results: [],
      errors: [usError(asNumber(root.responseStatusCode), str(root, "responseStatusMessage"))],
    };
  }
  const problemStatus = asNumber(root.status);
  if (problemStatus !== undefined && (str(root, "title") || str(root, "detail"))) {
    const message = firstString(root.detail, root.title, root.message) ?? "Asendia error";
    return {
      results: [],
      errors: [parseError(kindForHttpStatus(problemStatus), message, String(problemStatus))],
    };
  }
  return invalidPayload("asendia: not an Asendia Sync or Asendia US tracking response");
}
