/**
 * Pure parser for the FedEx Track API v1 (`POST /track/v1/trackingnumbers`) JSON response. XML bodies are the
 * legacy Web Services TrackReply (retired by FedEx, still found in stored payloads): see parse-legacy-xml.ts.
 */
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
  looksLikeXml,
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
  type ParseErrorKind,
} from "../shared/index.js";
import { parseFedexTrackReplyXml } from "./parse-legacy-xml.js";
import { fedexStatusMap } from "./status-map.js";

const CARRIER = "fedex";

/** FedEx REST error codes with a Shipwatch meaning other than carrier_error. */
export function fedexErrorKind(code: string | undefined): ParseErrorKind {
  if (!code) return "carrier_error";
  if (/NOTFOUND|NOT\.FOUND|INVALID\.TRACKINGNUMBER/i.test(code)) return "not_found";
  if (/UNAUTHORIZED|NOT\.AUTHORIZED|LOGIN\.REAUTHENTICATE|FORBIDDEN/i.test(code)) return "unauthorized";
  if (/RATE|QUOTA|TOO\.MANY/i.test(code)) return "rate_limited";
  return "carrier_error";
}

function parseScanEvent(scan: Dict): NormalizedEvent | null {
  const address = asObject(scan.scanLocation);
  const country = str(address, "countryCode");
  const region = str(address, "stateOrProvinceCode");
  const time = resolveCarrierTime({ date: str(scan, "date"), location: { country, region } });
  if (!time) return null;
  const code = str(scan, "eventType")?.toUpperCase();
  return makeEvent(time, {
    code,
    // exceptionDescription is the specific reason on exception scans ("Customer not available…").
    description: firstString(scan.exceptionDescription, scan.eventDescription, scan.derivedStatus),
    location: makeLocation({
      city: str(address, "city"),
      region,
      postalCode: str(address, "postalCode"),
      country,
    }),
    mapped: mapCarrierCode(CARRIER, fedexStatusMap, code, str(scan, "derivedStatusCode")?.toUpperCase()),
  });
}

function estimatedDelivery(track: Dict): string | null {
  const estimated = asObjects(track.dateAndTimes).find((d) => str(d, "type") === "ESTIMATED_DELIVERY");
  return isoDateOrInstant(
    firstString(
      estimated?.dateTime,
      asObject(asObject(track.estimatedDeliveryTimeWindow)?.window)?.begins,
      asObject(asObject(track.estimatedDeliveryTimeWindow)?.window)?.ends,
    ),
  );
}

/**
 * The window FedEx announces (`estimatedDeliveryTimeWindow.window`): ISO text, normally with its offset; an end
 * without one is resolved in the recipient's zone (FedEx's own documentation sample leaves `begins` bare).
 */
function deliveryWindow(track: Dict): DeliveryWindow | null {
  const window = asObject(asObject(track.estimatedDeliveryTimeWindow)?.window);
  if (!window) return null;
  const address =
    asObject(asObject(track.recipientInformation)?.address) ??
    asObject(track.lastUpdatedDestinationAddress) ??
    asObject(asObject(asObject(track.destinationLocation)?.locationContactAndAddress)?.address);
  const location = {
    country: str(address, "countryCode"),
    region: str(address, "stateOrProvinceCode"),
    city: str(address, "city"),
  };
  const at = (text: string | undefined) => (text ? resolveCarrierTime({ date: text, location }) : null);
  return makeDeliveryWindow(at(str(window, "begins")), at(str(window, "ends")));
}

function parseTrackResult(track: Dict, requested: string | undefined): NormalizedResult | null {
  const trackingNumber = firstString(
    requested,
    track.trackingNumberInfo && str(track, "trackingNumberInfo", "trackingNumber"),
  );
  const latest = asObject(track.latestStatusDetail);
  const scans = asObjects(track.scanEvents);
  if (!trackingNumber || (scans.length === 0 && !str(latest, "code") && !str(latest, "derivedCode")))
    return null;
  const latestCode = firstString(latest?.code, latest?.derivedCode)?.toUpperCase();
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events: scans.flatMap((s) => parseScanEvent(s) ?? []),
    status: latestCode
      ? mapCarrierCode(CARRIER, fedexStatusMap, latestCode, str(latest, "derivedCode")?.toUpperCase())
      : null,
    estimatedDelivery: estimatedDelivery(track),
    signedBy:
      firstString(
        str(track, "deliveryDetails", "receivedByName"),
        str(track, "deliveryDetails", "signedByName"),
      ) ?? null,
    service:
      firstString(str(track, "serviceDetail", "description"), str(track, "serviceDetail", "type")) ?? null,
    deliveryWindow: deliveryWindow(track),
  });
}

function parseFedexJson(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`fedex: ${json.error}`);
  const root = asObject(json.value);
  const complete = asObjects(root && asObject(root.output)?.completeTrackResults);
  const topErrors = asObjects(root?.errors);
  if (!root || (complete.length === 0 && topErrors.length === 0 && !asObject(root.output))) {
    return invalidPayload("fedex: not a FedEx Track API response (no output or errors)");
  }
  const errors: ParseError[] = topErrors.map((e) => {
    const code = str(e, "code");
    return parseError(fedexErrorKind(code), str(e, "message") ?? "FedEx error", code ?? null);
  });
  const results: NormalizedResult[] = [];
  for (const entry of complete) {
    const requested = str(entry, "trackingNumber");
    for (const track of asObjects(entry.trackResults)) {
      const error = asObject(track.error);
      if (error) {
        const code = str(error, "code");
        const number = firstString(str(track, "trackingNumberInfo", "trackingNumber"), requested) ?? null;
        errors.push(
          parseError(fedexErrorKind(code), str(error, "message") ?? "FedEx error", code ?? null, number),
        );
      }
      const result = parseTrackResult(track, requested);
      if (result) results.push(result);
    }
  }
  return { results, errors };
}

/** Parses a FedEx tracking response: Track API v1 JSON, or a legacy TrackReply XML. */
export function parseFedexTrackResponse(body: string | Buffer): ParseOutput {
  return looksLikeXml(body) ? parseFedexTrackReplyXml(body) : parseFedexJson(body);
}
