/** Pure parser for the GLS Track And Trace API v1 (`GET /tracking/simple/trackids/{unitnos}`) JSON response. */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asNumber,
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  kindForHttpStatus,
  latestStatus,
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
import { glsStatusMap } from "./status-map.js";

const CARRIER = "gls";

/** Per-parcel errorCode (ParcelErrorCodeDTO) → error kind. */
function parcelErrorKind(code: string | undefined): ParseErrorKind {
  if (code?.startsWith("E_404")) return "not_found";
  return "carrier_error";
}

/** Apigee gateway faults (`fault.detail.errorcode`): token problems and quota violations. */
function faultKind(errorcode: string | undefined): ParseErrorKind {
  if (!errorcode) return "carrier_error";
  if (/jwt|oauth|token|apikey|access/i.test(errorcode)) return "unauthorized";
  if (/ratelimit|quota|spikearrest/i.test(errorcode)) return "rate_limited";
  return "carrier_error";
}

function parseEvent(event: Dict): NormalizedEvent | null {
  const country = str(event, "country");
  const city = str(event, "city");
  const time = resolveCarrierTime({ date: str(event, "eventDateTime"), location: { country, city } });
  if (!time) return null;
  const code = str(event, "code");
  const category = code?.includes(".") ? `category:${code.split(".")[0]}` : undefined;
  return makeEvent(time, {
    code: code ?? null,
    description: str(event, "description"),
    location: makeLocation({ city, postalCode: str(event, "postalCode"), country }),
    mapped: mapCarrierCode(CARRIER, glsStatusMap, code, category),
  });
}

function parseParcel(parcel: Dict): NormalizedResult | null {
  const trackingNumber = firstString(parcel.unitno, parcel.requested);
  if (!trackingNumber) return null;
  const events = asObjects(parcel.events).flatMap((e) => parseEvent(e) ?? []);
  const statusCode = str(parcel, "status");
  let status = statusCode ? mapCarrierCode(CARRIER, glsStatusMap, `status:${statusCode}`) : null;
  // FINAL only says the history is closed: the newest event says how it ended.
  if (statusCode === "FINAL" && latestStatus(events).status) status = null;
  return makeResult({ trackingNumber, carrier: CARRIER, events, status });
}

/** Parses a GLS Track And Trace response: parcels (with per-parcel errors), problem+json or Apigee faults. */
export function parseGlsTrackResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`gls: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("gls: not a GLS Track And Trace response");
  const fault = asObject(root.fault);
  if (fault) {
    const code = str(fault, "detail", "errorcode");
    return {
      results: [],
      errors: [parseError(faultKind(code), str(fault, "faultstring") ?? "GLS gateway error", code ?? null)],
    };
  }
  if (!Array.isArray(root.parcels)) {
    const httpStatus = asNumber(root.status);
    const title = str(root, "title");
    if (httpStatus !== undefined && title) {
      const detail = str(root, "detail");
      const message = detail ? `${title}: ${detail}` : title;
      return {
        results: [],
        errors: [parseError(kindForHttpStatus(httpStatus), message, String(httpStatus))],
      };
    }
    return invalidPayload("gls: not a GLS Track And Trace response (no parcels)");
  }
  const results: NormalizedResult[] = [];
  const errors: ParseError[] = [];
  for (const parcel of asObjects(root.parcels)) {
    const errorCode = str(parcel, "errorCode");
    if (errorCode) {
      errors.push(
        parseError(
          parcelErrorKind(errorCode),
          str(parcel, "errorMessage") ?? "GLS error",
          errorCode,
          str(parcel, "requested") ?? null,
        ),
      );
      continue;
    }
    const result = parseParcel(parcel);
    if (result) results.push(result);
  }
  return { results, errors };
}
