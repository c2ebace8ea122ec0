/**
 * Pure parser for Amazon Shipping API v2 `getTracking` (`GET /shipping/v2/tracking`, JSON): `{ payload: {...} }`
 * (or the payload itself) and SP-API error bodies (`{ errors: [{ code, message, details }] }`).
 * Amazon events carry a code and no text, so the code is also the description.
 */
import type { NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  asArray,
  asString,
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
import { amazonShippingStatusMap } from "./status-map.js";

const CARRIER = "amazon_shipping";

function errorKind(code: string | undefined): ParseErrorKind {
  if (!code) return "carrier_error";
  if (/^(InvalidTrackingId|NotFound|TrackingIdNotFound)$/i.test(code)) return "not_found";
  if (/Unauthorized|AccessDenied|InvalidAccessToken|Forbidden|InvalidSignature/i.test(code))
    return "unauthorized";
  if (/QuotaExceeded|TooManyRequests|Throttl/i.test(code)) return "rate_limited";
  return "carrier_error";
}

/** summary.status refined by a detail code that agrees with it (Delivered + Signed → delivered/signed). */
function summaryStatus(summary: Dict | undefined): MappedStatus | null {
  const status = str(summary, "status");
  if (!status) return null;
  const base = mapCarrierCode(CARRIER, amazonShippingStatusMap, `status:${status}`);
  const codes = [
    ...asArray(asObject(summary?.trackingDetailCodes)?.forward),
    ...asArray(asObject(summary?.trackingDetailCodes)?.returns),
  ].flatMap((c) => asString(c) ?? []);
  for (const code of codes) {
    const key = `detail:${code}`;
    const entry = Object.prototype.hasOwnProperty.call(amazonShippingStatusMap, key)
      ? amazonShippingStatusMap[key]
      : undefined;
    if (entry && entry.status === base.status)
      return { status: entry.status, substatus: entry.substatus, entry, key };
  }
  return base;
}

function parsePayload(p: Dict): NormalizedResult | null {
  const trackingNumber = str(p, "trackingId");
  if (!trackingNumber) return null;
  const events = asObjects(p.eventHistory).flatMap((e) => {
    const loc = asObject(e.location);
    const country = str(loc, "countryCode");
    const region = str(loc, "stateOrRegion");
    const city = str(loc, "city");
    const time = resolveCarrierTime({ date: str(e, "eventTime"), location: { country, region, city } });
    if (!time) return [];
    const code = str(e, "eventCode");
    const returning = str(e, "shipmentType") === "RETURNS";
    return [
      makeEvent(time, {
        code: code ?? null,
        description: code,
        location: makeLocation({ city, region, postalCode: str(loc, "postalCode"), country }),
        // An event of the return leg: delivered means back at the sender, anything else means on the way back.
        mapped: returning
          ? mapCarrierCode(CARRIER, amazonShippingStatusMap, `returns:${code ?? ""}`, "returns:*")
          : mapCarrierCode(CARRIER, amazonShippingStatusMap, code),
      }),
    ];
  });
  const summary = asObject(p.summary);
  const result = makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status: summaryStatus(summary),
    estimatedDelivery: isoDateOrInstant(str(p, "promisedDeliveryDate")),
    signedBy: str(summary, "proofOfDelivery", "receivedBy") ?? null,
    service: null,
  });
  // The summary describes the forward leg; once the return leg has events, they say where the package is.
  const newest = result.events[0];
  if (newest && (newest.status === "returned" || newest.status === "return_to_sender")) {
    return { ...result, status: newest.status, substatus: newest.substatus, delivered: false };
  }
  return result;
}

/** Parses an Amazon Shipping v2 getTracking response or error body. */
export function parseAmazonShippingTracking(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`amazon_shipping: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("amazon_shipping: not a JSON object");
  const errors = asObjects(root.errors).map((e) => {
    const code = str(e, "code");
    return parseError(
      errorKind(code),
      str(e, "message") ?? str(e, "details") ?? "Amazon Shipping error",
      code ?? null,
    );
  });
  const payload = asObject(root.payload) ?? root;
  if (typeof payload.trackingId !== "string") {
    return errors.length > 0
      ? { results: [], errors }
      : invalidPayload("amazon_shipping: no trackingId or errors");
  }
  const result = parsePayload(payload);
  return { results: result ? [result] : [], errors };
}
