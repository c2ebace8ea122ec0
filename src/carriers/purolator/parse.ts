/** Pure parser for the Purolator Tracking web service SOAP response (`TrackPackagesByPinResponse`). */
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
  parseXmlSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { purolatorStatusMap } from "./status-map.js";

const CARRIER = "purolator";

/** Purolator depot names end in a province code; it still writes the pre-1992 "PQ" and "NF". */
const LEGACY_PROVINCES: Readonly<Record<string, string>> = { PQ: "QC", NF: "NL" };
const PROVINCES = new Set(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);

function depotRegion(depot: string | undefined): string | undefined {
  const code = depot ? /,\s*([A-Z]{2})\s*$/.exec(depot)?.[1] : undefined;
  const region = code ? (LEGACY_PROVINCES[code] ?? code) : undefined;
  return region && PROVINCES.has(region) ? region : undefined;
}

function parseScan(scan: Dict): NormalizedEvent | null {
  const depot = str(scan, "Depot", "Name");
  const region = depotRegion(depot);
  const time = resolveCarrierTime({
    date: str(scan, "ScanDate"),
    time: str(scan, "ScanTime"),
    location: region ? { country: "CA", region } : null,
  });
  if (!time) return null;
  const type = str(scan, "ScanType");
  return makeEvent(time, {
    code: type ?? null,
    description: firstString(scan.Description, scan.Comment),
    location: makeLocation({ region, country: region ? "CA" : null, text: depot }),
    mapped: mapCarrierCode(CARRIER, purolatorStatusMap, type),
  });
}

function errorKind(description: string | undefined): ParseErrorKind {
  if (description && /not found|no tracking|invalid pin|does not exist/i.test(description))
    return "not_found";
  if (description && /authenticat|unauthori[sz]ed|invalid key/i.test(description)) return "unauthorized";
  return "carrier_error";
}

function responseErrors(info: unknown, pin: string | null = null): ParseError[] {
  return asObjects(asObject(asObject(info)?.Errors)?.Error).map((e) => {
    const description = firstString(e.Description, e.AdditionalInformation);
    return parseError(errorKind(description), description ?? "Purolator error", str(e, "Code") ?? null, pin);
  });
}

function parseTrackingInformation(info: Dict): NormalizedResult | null {
  const trackingNumber = str(info, "PIN", "Value");
  if (!trackingNumber) return null;
  const scans = asObjects(asObject(info.Scans)?.Scan);
  const delivery = scans.find((s) => str(s, "ScanType") === "Delivery");
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events: scans.flatMap((s) => parseScan(s) ?? []),
    signedBy:
      firstString(str(delivery, "DeliverySignature"), str(delivery, "ScanDetails", "DeliverySignature")) ??
      null,
  });
}

/** Parses a TrackPackagesByPin response (or a SOAP fault). */
export function parsePurolatorTrackResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["TrackingInformation", "Scan", "Error"] });
  if (!xml.ok) return invalidPayload(`${CARRIER}: ${xml.error}`);
  const soapBody = asObject(asObject(xml.value.Envelope)?.Body);
  const fault = asObject(soapBody?.Fault);
  if (fault) {
    const message = firstString(fault.faultstring, str(fault, "Reason", "Text")) ?? "SOAP fault";
    return output([], [parseError(errorKind(message), message, str(fault, "faultcode") ?? null)]);
  }
  const response =
    asObject(soapBody?.TrackPackagesByPinResponse) ?? asObject(soapBody?.TrackPackagesByReferenceResponse);
  if (!response) return invalidPayload(`${CARRIER}: not a Purolator TrackPackagesByPin response`);
  const errors = responseErrors(response.ResponseInformation);
  const results: NormalizedResult[] = [];
  for (const info of asObjects(asObject(response.TrackingInformationList)?.TrackingInformation)) {
    errors.push(...responseErrors(info.ResponseInformation, str(info, "PIN", "Value") ?? null));
    const result = parseTrackingInformation(info);
    if (result) results.push(result);
  }
  return output(results, errors);
}
