/** Pure parser for the Royal Mail Tracking API v2 (`/mailpieces/v2/{id}/events` and `/summary`) JSON responses. */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asNumber,
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
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { royalMailStatusMap } from "./status-map.js";

const CARRIER = "royalmail";

function errorKind(code: string | undefined, httpCode: number | undefined): ParseErrorKind {
  if (code === "E1142" || code === "E1143" || code === "E1144" || httpCode === 404) return "not_found";
  if (httpCode === 401 || httpCode === 403) return "unauthorized";
  if (httpCode === 429) return "rate_limited";
  return "carrier_error";
}

function toError(e: Dict, httpCode: number | undefined, trackingNumber: string | null): ParseError {
  const code = str(e, "errorCode");
  const message = firstString(e.errorDescription, e.errorCause) ?? "Royal Mail error";
  return parseError(errorKind(code, httpCode), message, code ?? null, trackingNumber);
}

function parseEvent(ev: Dict, category: string | undefined): NormalizedEvent | null {
  // Royal Mail gives ISO instants with the UK offset; a missing offset is UK wall-clock.
  const time = resolveCarrierTime({ date: str(ev, "eventDateTime"), location: { country: "GB" } });
  if (!time) return null;
  const code = str(ev, "eventCode");
  return makeEvent(time, {
    code: code ?? null,
    description: str(ev, "eventName"),
    location: makeLocation({ text: str(ev, "locationName") }),
    mapped: mapCarrierCode(CARRIER, royalMailStatusMap, code, category ? `category:${category}` : undefined),
  });
}

function parseMailPiece(piece: Dict): { result: NormalizedResult | null; errors: ParseError[] } {
  const summary = asObject(piece.summary);
  const trackingNumber = firstString(summary?.oneDBarcode, piece.mailPieceId, summary?.uniqueItemId);
  const errors = piece.error ? [toError(asObject(piece.error) ?? {}, undefined, trackingNumber ?? null)] : [];
  if (!trackingNumber || (!summary && !Array.isArray(piece.events))) return { result: null, errors };
  const category = str(summary, "statusCategory")?.toUpperCase();
  const rawEvents = Array.isArray(piece.events)
    ? asObjects(piece.events)
    : summary && str(summary, "lastEventDateTime")
      ? [
          {
            eventCode: summary.lastEventCode,
            eventName: summary.lastEventName,
            eventDateTime: summary.lastEventDateTime,
            locationName: summary.lastEventLocationName,
          },
        ]
      : [];
  // Only the newest event may fall back to the summary category; older ones happened before it.
  const newest = rawEvents.reduce<Dict | undefined>(
    (acc, e) => (!acc || (str(e, "eventDateTime") ?? "") > (str(acc, "eventDateTime") ?? "") ? e : acc),
    undefined,
  );
  const events = rawEvents.flatMap((e) => parseEvent(e, e === newest ? category : undefined) ?? []);
  const status = category ? mapCarrierCode(CARRIER, royalMailStatusMap, `category:${category}`) : null;
  const estimated = asObject(piece.estimatedDelivery);
  return {
    result: makeResult({
      trackingNumber,
      carrier: CARRIER,
      events,
      status: status?.status ? status : null,
      estimatedDelivery: isoDateOrInstant(str(estimated, "date")),
      signedBy: str(piece, "signature", "recipientName") ?? null,
      service: str(summary, "productName") ?? null,
    }),
    errors,
  };
}

/** Parses an events (one mail piece) or summary (a list) response, or a `{ httpCode, errors }` error body. */
export function parseRoyalMailResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`${CARRIER}: ${json.error}`);
  const root = asObject(json.value);
  const gatewayError =
    root !== undefined && asNumber(root.httpCode) !== undefined && str(root, "httpMessage") !== undefined;
  if (!root || (root.mailPieces === undefined && !Array.isArray(root.errors) && !gatewayError)) {
    return invalidPayload(`${CARRIER}: not a Royal Mail tracking response (no mailPieces or errors)`);
  }
  const httpCode = asNumber(root.httpCode);
  const errors = asObjects(root.errors).map((e) => toError(e, httpCode, null));
  if (errors.length === 0 && httpCode !== undefined && httpCode >= 400) {
    const message = firstString(root.moreInformation, root.httpMessage) ?? `HTTP ${httpCode}`;
    errors.push(parseError(errorKind(undefined, httpCode), message, String(httpCode)));
  }
  const results: NormalizedResult[] = [];
  for (const piece of asObjects(root.mailPieces)) {
    const parsed = parseMailPiece(piece);
    if (parsed.result) results.push(parsed.result);
    errors.push(...parsed.errors);
  }
  return output(results, errors);
}
