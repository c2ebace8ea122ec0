/** Pure parser for TNT ExpressConnect Tracking (`TrackResponse` XML, version 3.1). */
import type { NormalizedEvent, NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
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
} from "../shared/index.js";
import { tntStatusMap } from "./status-map.js";

const CARRIER = "tnt";

/** Events carry a depot, not a country; the origin and destination depots' countries are known. */
function parseStatus(status: Dict, depotCountry: Map<string, string>): NormalizedEvent | null {
  const depot = str(status, "Depot");
  const country = depot ? depotCountry.get(depot) : undefined;
  const time = resolveCarrierTime({
    date: str(status, "LocalEventDate"),
    time: str(status, "LocalEventTime"),
    location: { country },
  });
  if (!time) return null;
  const code = str(status, "StatusCode");
  const description = str(status, "StatusDescription");
  return makeEvent(time, {
    code: code ?? null,
    description,
    location: makeLocation({
      city: str(status, "DepotName"),
      country,
      text: str(status, "DepotName") ?? depot,
    }),
    mapped: mapCarrierCode(
      CARRIER,
      tntStatusMap,
      code,
      description ? `text:${description.toLowerCase()}` : undefined,
    ),
  });
}

function parseConsignment(c: Dict): NormalizedResult | ParseError | null {
  const number = str(c, "ConsignmentNumber");
  if (!number) return null;
  const summary = str(c, "SummaryCode");
  if (summary === "CNF") return parseError("not_found", "Consignment not found", "CNF", number);
  const depotCountry = new Map<string, string>();
  for (const [depotKey, countryKey] of [
    ["OriginDepot", "OriginCountry"],
    ["DestinationDepot", "DestinationCountry"],
  ] as const) {
    const depot = str(c, depotKey);
    const country = str(c, countryKey, "CountryCode");
    if (depot && country) depotCountry.set(depot, country);
  }
  const events = asObjects(c.StatusData).flatMap((s) => parseStatus(s, depotCountry) ?? []);
  return makeResult({
    trackingNumber: number,
    carrier: CARRIER,
    events,
    status: summary ? mapCarrierCode(CARRIER, tntStatusMap, `summary:${summary}`) : null,
    estimatedDelivery: isoDateOrInstant(str(c, "DueDate")),
    signedBy: str(c, "Signatory") ?? null,
    service: str(c, "ShipmentSummary", "Service") ?? null,
  });
}

/** Parses a TrackResponse (consignments, CNF not-found entries, `<Error>`s) or a `runtime_error` body. */
export function parseTntTrackResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["Consignment", "StatusData", "Error"] });
  if (!xml.ok) return invalidPayload(`tnt: ${xml.error}`);
  const runtime = asObject(xml.value.runtime_error);
  if (runtime) {
    const reason = str(runtime, "error_reason") ?? "TNT runtime error";
    const kind = /auth|password|user|login|denied/i.test(reason) ? "unauthorized" : "carrier_error";
    return { results: [], errors: [parseError(kind, reason, str(runtime, "error_srcText") ?? null)] };
  }
  const root = asObject(xml.value.TrackResponse);
  if (!root) return invalidPayload("tnt: not a TrackResponse");
  const results: NormalizedResult[] = [];
  const errors: ParseError[] = asObjects(root.Error).map((e) =>
    parseError("carrier_error", str(e, "Message") ?? "TNT error", str(e, "Code") ?? null),
  );
  for (const c of asObjects(root.Consignment)) {
    const parsed = parseConsignment(c);
    if (!parsed) continue;
    if ("events" in parsed) results.push(parsed);
    else errors.push(parsed);
  }
  return { results, errors };
}
