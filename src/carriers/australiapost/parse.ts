/** Pure parser for the Australia Post Shipping & Tracking API (`GET /shipping/v1/track`) JSON response. */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  firstString,
  invalidPayload,
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
import { australiaPostStatusMap, EVENT_PATTERNS } from "./status-map.js";

const CARRIER = "australiapost";
const STATES = /^(.*\S)\s+(ACT|NSW|NT|QLD|SA|TAS|VIC|WA)$/;

function errorKind(code: string | undefined, name: string | undefined): ParseErrorKind {
  const text = `${code ?? ""} ${name ?? ""}`;
  if (/ESB-1000[12]|not found|invalid tracking/i.test(text)) return "not_found";
  if (/unauthori[sz]ed|forbidden|API_00[12]|\b40[13]\b/i.test(text)) return "unauthorized";
  if (/rate|too many requests|\b429\b/i.test(text)) return "rate_limited";
  return "carrier_error";
}

function toErrors(list: unknown, trackingNumber: string | null = null): ParseError[] {
  return asObjects(list).map((e) => {
    const code = str(e, "code");
    const name = str(e, "name");
    return parseError(
      errorKind(code, name),
      firstString(e.message, name) ?? "Australia Post error",
      code ?? null,
      trackingNumber,
    );
  });
}

function eventKey(description: string | undefined): string | undefined {
  if (!description) return undefined;
  return EVENT_PATTERNS.find(([pattern]) => pattern.test(description))?.[1];
}

function parseEvent(ev: Dict): NormalizedEvent | null {
  const where = str(ev, "location");
  const au = where ? STATES.exec(where) : null;
  const time = resolveCarrierTime({
    date: str(ev, "date"),
    location: au ? { country: "AU", region: au[2] } : null,
  });
  if (!time) return null;
  const description = str(ev, "description");
  return makeEvent(time, {
    code: null,
    description,
    location: makeLocation({ city: au?.[1], region: au?.[2], country: au ? "AU" : null, text: where }),
    mapped: mapCarrierCode(CARRIER, australiaPostStatusMap, eventKey(description)),
  });
}

function parseTrackingResult(tr: Dict): { result: NormalizedResult | null; errors: ParseError[] } {
  const trackingNumber = str(tr, "tracking_id");
  const errors = toErrors(tr.errors, trackingNumber ?? null);
  if (!trackingNumber || (errors.length > 0 && !tr.trackable_items)) return { result: null, errors };
  // A consignment holds its articles under `items`; a single article is a trackable item itself.
  const articles = asObjects(tr.trackable_items).flatMap((t) =>
    Array.isArray(t.items) ? asObjects(t.items) : [t],
  );
  const events = articles.flatMap((a) => asObjects(a.events).flatMap((e) => parseEvent(e) ?? []));
  const statusText = firstString(tr.status, articles.length === 1 ? articles[0]?.status : undefined);
  const mapped = statusText ? mapCarrierCode(CARRIER, australiaPostStatusMap, `status:${statusText}`) : null;
  // "Unknown" and "Track items…" say nothing the events do not say better.
  const useStatus = mapped?.status && !["pending", "in_transit"].includes(mapped.status) ? mapped : null;
  return {
    result: makeResult({
      trackingNumber,
      carrier: CARRIER,
      events,
      status: useStatus,
      service: firstString(...articles.map((a) => a.product_type)) ?? null,
    }),
    errors,
  };
}

/** Parses a track response: `{ tracking_results: [...] }` or a request-level `{ errors: [...] }`. */
export function parseAustraliaPostTrackResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`${CARRIER}: ${json.error}`);
  const root = asObject(json.value);
  if (!root || (!Array.isArray(root.tracking_results) && !Array.isArray(root.errors))) {
    return invalidPayload(`${CARRIER}: not an Australia Post track response (no tracking_results or errors)`);
  }
  const results: NormalizedResult[] = [];
  const errors = toErrors(root.errors);
  for (const tr of asObjects(root.tracking_results)) {
    const parsed = parseTrackingResult(tr);
    if (parsed.result) results.push(parsed.result);
    errors.push(...parsed.errors);
  }
  return output(results, errors);
}
