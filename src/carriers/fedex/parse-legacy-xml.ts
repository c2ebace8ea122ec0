/**
 * The legacy FedEx Web Services TrackReply (SOAP/XML, v5–v19). FedEx retired it in favour of the REST Track
 * API, but stored raw payloads and older integrations still carry it, so the adapter keeps reading it.
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  at,
  firstString,
  invalidPayload,
  isoDateOrInstant,
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
import { fedexStatusMap } from "./status-map.js";

const CARRIER = "fedex";
const FAILED = new Set(["ERROR", "FAILURE"]);

/** Legacy notification codes: 9040 "cannot be found", 6035 "invalid tracking numbers", 1000 auth. */
function kindForCode(code: string | undefined): ParseErrorKind {
  if (code === "9040" || code === "6035" || code === "5508" || code === "9041") return "not_found";
  if (code === "1000" || code === "1001") return "unauthorized";
  return "carrier_error";
}

function notificationErrors(notifications: unknown, trackingNumber: string | null): ParseError[] {
  return asObjects(notifications)
    .filter((n) => FAILED.has(str(n, "Severity")?.toUpperCase() ?? ""))
    .map((n) => {
      const code = str(n, "Code");
      return parseError(
        kindForCode(code),
        firstString(n.Message, n.LocalizedMessage) ?? "FedEx error",
        code ?? null,
        trackingNumber,
      );
    });
}

function parseEvent(e: Dict): NormalizedEvent | null {
  const address = asObject(e.Address);
  const country = str(address, "CountryCode");
  const region = str(address, "StateOrProvinceCode");
  const time = resolveCarrierTime({ date: str(e, "Timestamp"), location: { country, region } });
  if (!time) return null;
  const code = str(e, "EventType")?.toUpperCase();
  return makeEvent(time, {
    code,
    // In TrackReply, StatusExceptionDescription repeats ancillary notes; the event itself is EventDescription.
    description: firstString(e.EventDescription, e.StatusExceptionDescription),
    location: makeLocation({
      city: str(address, "City"),
      region,
      postalCode: str(address, "PostalCode"),
      country,
    }),
    mapped: mapCarrierCode(CARRIER, fedexStatusMap, code),
  });
}

function parseTrackDetails(d: Dict): NormalizedResult | null {
  const trackingNumber = str(d, "TrackingNumber");
  if (!trackingNumber) return null;
  const statusCode = str(d, "StatusDetail", "Code")?.toUpperCase();
  const signature = str(d, "DeliverySignatureName");
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events: asObjects(d.Events).flatMap((e) => parseEvent(e) ?? []),
    status: statusCode ? mapCarrierCode(CARRIER, fedexStatusMap, statusCode) : null,
    estimatedDelivery: isoDateOrInstant(str(d, "EstimatedDeliveryTimestamp")),
    signedBy: signature && !/signature not required/i.test(signature) ? signature : null,
    service:
      firstString(str(d, "Service", "Description"), str(d, "ServiceInfo"), str(d, "ServiceType")) ?? null,
  });
}

/** Parses a legacy FedEx TrackReply (bare or inside a SOAP envelope). */
export function parseFedexTrackReplyXml(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, {
    arrays: ["Notifications", "CompletedTrackDetails", "TrackDetails", "Events"],
  });
  if (!xml.ok) return invalidPayload(`fedex: ${xml.error}`);
  const reply = asObject(xml.value.TrackReply) ?? asObject(at(xml.value, "Envelope", "Body", "TrackReply"));
  if (!reply) return invalidPayload("fedex: XML is not a FedEx TrackReply");
  const errors: ParseError[] = [];
  const results: NormalizedResult[] = [];
  if (FAILED.has(str(reply, "HighestSeverity")?.toUpperCase() ?? ""))
    errors.push(...notificationErrors(reply.Notifications, null));
  // TrackReply v5 and older put TrackDetails at the top level; later versions nest them in CompletedTrackDetails.
  const groups = [reply, ...asObjects(reply.CompletedTrackDetails)];
  for (const group of groups) {
    if (group !== reply && FAILED.has(str(group, "HighestSeverity")?.toUpperCase() ?? "")) {
      errors.push(...notificationErrors(group.Notifications, null));
    }
    for (const details of asObjects(group.TrackDetails)) {
      const number = str(details, "TrackingNumber") ?? null;
      const detailErrors = notificationErrors(details.Notification, number);
      if (detailErrors.length > 0) {
        errors.push(...detailErrors);
        continue;
      }
      const result = parseTrackDetails(details);
      if (result) results.push(result);
    }
  }
  return { results, errors };
}
