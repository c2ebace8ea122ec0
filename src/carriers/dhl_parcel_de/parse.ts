/**
 * Pure parser for DHL Parcel Germany's tracking XML (`d-get-piece-detail` of the Parcel DE Tracking API,
 * formerly "Sendungsverfolgung"): nested `<data name="…">` elements whose fields are all attributes.
 */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asNumber,
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  kindForHttpStatus,
  looksLikeXml,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  output,
  parseError,
  parseJsonSafe,
  parseXmlSafe,
  resolveCarrierTime,
  str,
  type Dict,
} from "../shared/index.js";
import { dhlParcelDeStatusMap } from "./status-map.js";

const CARRIER = "dhl_parcel_de";

const attr = (node: unknown, name: string) => str(node, `@_${name}`);
const children = (node: Dict | undefined, name: string) =>
  asObjects(node?.data).filter((d) => attr(d, "name") === name);

function parseEvent(ev: Dict, fallbackCountry: string | undefined): NormalizedEvent | null {
  const city = attr(ev, "event-location");
  const country = firstString(attr(ev, "event-country"), fallbackCountry);
  const time = resolveCarrierTime({ date: attr(ev, "event-timestamp"), location: { country, city } });
  if (!time) return null;
  const ice = attr(ev, "ice");
  const ric = attr(ev, "ric");
  const sec = attr(ev, "standard-event-code");
  return makeEvent(time, {
    code: sec ?? ice ?? null,
    description: firstString(
      attr(ev, "event-text"),
      attr(ev, "event-status"),
      attr(ev, "event-short-status"),
    ),
    // Only the event's own location is shown; the fallback country above only serves the time zone.
    location: makeLocation({
      city,
      country: attr(ev, "event-country"),
      text: [city, attr(ev, "event-country")].filter(Boolean).join(", ") || null,
    }),
    mapped: mapCarrierCode(
      CARRIER,
      dhlParcelDeStatusMap,
      ice && ric && sec ? `${ice}/${ric}/${sec}` : undefined,
      ice ? `ice:${ice}` : undefined,
      sec ? `sec:${sec}` : undefined,
    ),
  });
}

function parsePiece(piece: Dict): NormalizedResult | ParseError | null {
  const trackingNumber = firstString(attr(piece, "piece-code"), attr(piece, "searched-piece-code"));
  const errorStatus = attr(piece, "error-status");
  if (errorStatus && errorStatus !== "0") {
    const message = firstString(attr(piece, "error"), attr(piece, "status")) ?? "DHL piece error";
    return parseError(
      errorStatus === "100" ? "not_found" : "carrier_error",
      message,
      errorStatus,
      trackingNumber,
    );
  }
  if (!trackingNumber) return null;
  // Domestic pieces happen in Germany: events without a country still have a known zone.
  const domestic = attr(piece, "international-flag") === "0";
  const fallbackCountry = domestic
    ? firstString(attr(piece, "dest-country"), attr(piece, "origin-country"))
    : undefined;
  const events = children(piece, "piece-event-list")
    .flatMap((list) => children(list, "piece-event"))
    .flatMap((ev) => parseEvent(ev, fallbackCountry) ?? []);
  const delivered = attr(piece, "delivery-event-flag") === "1";
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status: delivered ? { status: "delivered", substatus: null } : null,
    signedBy: delivered ? (attr(piece, "recipient-id-text") ?? null) : null,
    service: attr(piece, "product-name") ?? null,
  });
}

/** The API gateway answers authentication and quota failures as RFC 7807 JSON, not XML. */
function parseGatewayError(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  const root = json.ok ? asObject(json.value) : undefined;
  const httpStatus = asNumber(root?.status);
  const message = firstString(root?.detail, root?.title, root?.message);
  if (!root || httpStatus === undefined || !message)
    return invalidPayload(`${CARRIER}: not a DHL Parcel DE tracking response`);
  return output([], [parseError(kindForHttpStatus(httpStatus), message, String(httpStatus))]);
}

/** Parses a `piece-shipment-list` response (or its `code`/`error` failure form). */
export function parseDhlParcelDeResponse(body: string | Buffer): ParseOutput {
  if (!looksLikeXml(body)) return parseGatewayError(body);
  const xml = parseXmlSafe(body, { arrays: ["data"] });
  if (!xml.ok) return invalidPayload(`${CARRIER}: ${xml.error}`);
  const root = asObjects(xml.value.data)[0];
  if (!root || !attr(root, "name")?.startsWith("piece-")) {
    return invalidPayload(`${CARRIER}: not a DHL Parcel DE tracking response (no <data name="piece-…">)`);
  }
  const code = attr(root, "code");
  if (code && code !== "0") {
    const message = attr(root, "error") ?? `DHL Parcel DE error ${code}`;
    return output(
      [],
      [parseError(code === "100" ? "not_found" : "carrier_error", message, code, attr(root, "piece-code"))],
    );
  }
  const results: NormalizedResult[] = [];
  const errors: ParseError[] = [];
  const pieces = attr(root, "name") === "piece-shipment" ? [root] : children(root, "piece-shipment");
  for (const piece of pieces) {
    const parsed = parsePiece(piece);
    if (parsed && "events" in parsed) results.push(parsed);
    else if (parsed) errors.push(parsed);
  }
  return output(results, errors);
}
