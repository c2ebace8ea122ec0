/** Pure parser for the Canada Post Tracking web service (REST/XML `track-v2`: tracking-detail, messages). */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  isoDateOrInstant,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  output,
  parseError,
  parseXmlSafe,
  plainText,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { canadaPostStatusMap } from "./status-map.js";

const CARRIER = "canadapost";

/** Zone abbreviations Canada Post writes in `event-time-zone`, as UTC offsets. */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  NST: "-03:30",
  NDT: "-02:30",
  AST: "-04:00",
  ADT: "-03:00",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
};

const PROVINCES = new Set(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);

/** Canada Post message codes with a Shipwatch meaning other than carrier_error. */
function errorKind(code: string | undefined): ParseErrorKind {
  if (!code) return "carrier_error";
  if (/^E00[0-9]$/.test(code) || code === "Unauthorized") return "unauthorized"; // E002: AAA Authentication Failure
  if (code === "004" || code === "002") return "not_found"; // 004: No Pin History
  if (code === "429" || code === "E003") return "rate_limited";
  return "carrier_error";
}

function parseOccurrence(o: Dict): NormalizedEvent | null {
  const province = str(o, "event-province")?.toUpperCase();
  const canadian = province !== undefined && PROVINCES.has(province);
  const zone = str(o, "event-time-zone")?.toUpperCase();
  const time = resolveCarrierTime({
    date: str(o, "event-date"),
    time: str(o, "event-time"),
    offset: zone ? ZONE_OFFSETS[zone] : undefined,
    location: canadian ? { country: "CA", region: province } : null,
  });
  if (!time) return null;
  const code = str(o, "event-identifier");
  const site = str(o, "event-site");
  return makeEvent(time, {
    code: code ?? null,
    description: plainText(str(o, "event-description")),
    location: makeLocation({
      city: site,
      region: province,
      country: canadian ? "CA" : null,
      text: [site, province].filter(Boolean).join(", ") || str(o, "event-retail-name"),
    }),
    mapped: mapCarrierCode(CARRIER, canadaPostStatusMap, code?.replace(/^0+(?=\d)/, "")),
  });
}

function parseDetail(detail: Dict): NormalizedResult | null {
  const trackingNumber = firstString(detail.pin, detail.dnc);
  if (!trackingNumber) return null;
  const occurrences = asObjects(asObject(detail["significant-events"])?.occurrence);
  const events = occurrences.flatMap((o) => parseOccurrence(o) ?? []);
  // The newest signature recorded (occurrences are usually, not always, newest first).
  const signedBy = occurrences
    .filter((o) => str(o, "signatory-name"))
    .map((o) => ({ o, t: `${str(o, "event-date") ?? ""}T${str(o, "event-time") ?? ""}` }))
    .sort((a, b) => (a.t < b.t ? 1 : a.t > b.t ? -1 : 0))[0]?.o;
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    estimatedDelivery: isoDateOrInstant(
      firstString(detail["changed-expected-date"], detail["expected-delivery-date"]),
    ),
    signedBy: str(signedBy, "signatory-name") ?? null,
    service: plainText(str(detail, "service-name")) ?? null,
  });
}

function messageErrors(messages: unknown): ParseError[] {
  return asObjects(asObject(messages)?.message).map((m) => {
    const code = str(m, "code");
    return parseError(errorKind(code), plainText(str(m, "description")) ?? "Canada Post error", code ?? null);
  });
}

/** Parses a `tracking-detail` (PIN or DNC) or `messages` response; tolerates a wrapper element around them. */
export function parseCanadaPostResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["occurrence", "message", "item"] });
  if (!xml.ok) return invalidPayload(`${CARRIER}: ${xml.error}`);
  const roots = [xml.value, ...Object.values(xml.value).flatMap((v) => asObjects(v))];
  const details = roots.flatMap((r) => asObjects(r["tracking-detail"]));
  const messages = roots.flatMap((r) => (r.messages !== undefined ? [r.messages] : []));
  if (details.length === 0 && messages.length === 0) {
    return invalidPayload(`${CARRIER}: not a Canada Post tracking response (no tracking-detail or messages)`);
  }
  const results = details.flatMap((d) => parseDetail(d) ?? []);
  return output(results, messages.flatMap(messageErrors));
}
