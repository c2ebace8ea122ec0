/** The legacy USPS Web Tools TrackResponse XML (TrackV2 / TrackFieldRequest answers), for stored payloads. */
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
  parseError,
  parseXmlSafe,
  plainText,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { uspsStatusMap } from "./status-map.js";

/** Web Tools error numbers: -2147219302 "could not locate the tracking information", -2147219301 "not available". */
function kindForNumber(n: string | undefined): ParseErrorKind {
  if (n === "-2147219302" || n === "-2147219301" || n === "-2147219283") return "not_found";
  if (n === "80040B1A" || n === "-2147220454") return "unauthorized";
  return "carrier_error";
}

function xmlError(e: Dict, trackingNumber: string | null): ParseError {
  const number = str(e, "Number");
  return parseError(
    kindForNumber(number),
    plainText(str(e, "Description")) ?? "USPS error",
    number ?? null,
    trackingNumber,
  );
}

function parseDetail(carrier: string, d: Dict): NormalizedEvent | null {
  const state = str(d, "EventState");
  const country = str(d, "EventCountry") ?? (state ? "US" : undefined);
  const time = resolveCarrierTime({
    date: str(d, "EventDate"),
    time: str(d, "EventTime"),
    location: { country, region: state },
    slashOrder: "MDY",
  });
  if (!time) return null;
  const code = str(d, "EventCode");
  return makeEvent(time, {
    code,
    description: plainText(str(d, "Event")),
    location: makeLocation({
      city: str(d, "EventCity"),
      region: state,
      postalCode: str(d, "EventZIPCode"),
      country,
    }),
    mapped: mapCarrierCode(carrier, uspsStatusMap, code),
  });
}

function parseTrackInfo(carrier: string, info: Dict, id: string): NormalizedResult {
  const details = [...asObjects(info.TrackSummary), ...asObjects(info.TrackDetail)];
  const category = str(info, "StatusCategory");
  const events = details.flatMap((d) => parseDetail(carrier, d) ?? []);
  const expected = resolveCarrierTime({
    date: firstString(info.ExpectedDeliveryDate, info.PredictedDeliveryDate),
  });
  return makeResult({
    trackingNumber: id,
    carrier,
    events,
    status: events.some((e) => e.status)
      ? null
      : category
        ? mapCarrierCode(carrier, uspsStatusMap, `category:${category}`)
        : null,
    estimatedDelivery: expected?.localTime ? isoDateOrInstant(expected.localTime.slice(0, 10)) : null,
    signedBy: null,
    service: plainText(firstString(info.Class, info.Service)) ?? null,
  });
}

/** Parses a Web Tools TrackResponse, or its top-level <Error> document. */
export function parseUspsTrackResponseXml(carrier: string, body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["TrackInfo", "TrackDetail"] });
  if (!xml.ok) return invalidPayload(`${carrier}: ${xml.error}`);
  const topError = asObject(xml.value.Error);
  if (topError) return { results: [], errors: [xmlError(topError, null)] };
  const response = asObject(xml.value.TrackResponse);
  if (!response) return invalidPayload(`${carrier}: XML is not a USPS TrackResponse`);
  const out: ParseOutput = { results: [], errors: [] };
  for (const info of asObjects(response.TrackInfo)) {
    const id = str(info, "@_ID") ?? null;
    const error = asObject(info.Error);
    if (error) out.errors.push(xmlError(error, id));
    else if (id) out.results.push(parseTrackInfo(carrier, info, id));
  }
  return out;
}
