/**
 * Pure parser for DPD Web Services ParcelLifeCycleService 2.0 `getTrackingDataResponse` (SOAP). The response
 * does not repeat the parcel number: it is read from a `trackingProperty` when DPD sends one, else from the
 * parse context (the number the request asked for), else from the `parcel-label-number` content-type
 * parameter that earlier versions of the DPD client stored with the payload.
 */
import type { NormalizedEvent, ParseOutput } from "../../core/events.js";
import type { ParseContext } from "../types.js";
import {
  asArray,
  asBoolean,
  asObject,
  asObjects,
  asString,
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
} from "../shared/index.js";
import { dpdStatusMap } from "./status-map.js";

const CARRIER = "dpd";

/** A ContentItem's text: `<x><content>text</content></x>` or `<x><content><content>text</content>…</content></x>`. */
function contentText(item: unknown): string | undefined {
  const parts = asArray(asObject(item)?.content)
    .flatMap((c) => (asObject(c) ? asArray(asObject(c)?.content) : [c]))
    .flatMap((t) => asString(t) ?? []);
  return parts.length ? parts.join(" ") : undefined;
}

/**
 * Reads `parcel-label-number=…` from a content type such as `text/xml; charset=utf-8; parcel-label-number=05…`
 * (how payloads stored before the parse context existed carry their parcel number).
 */
export function parcelNumberFromContentType(contentType: string | undefined): string | undefined {
  const m = contentType ? /(?:^|;)\s*parcel-label-number="?([0-9A-Za-z]{1,35})"?/.exec(contentType) : null;
  return m?.[1];
}

function parseStatusInfo(info: Dict): NormalizedEvent | null {
  const where = contentText(info.location);
  const m = where ? /^(.*?)\s*\(([A-Z]{2})\)$/.exec(where) : null;
  const time = resolveCarrierTime({
    date: contentText(info.date),
    location: m ? { country: m[2], city: m[1] } : null,
    slashOrder: "MDY",
  });
  if (!time) return null;
  const status = str(info, "status");
  return makeEvent(time, {
    code: status ?? null,
    description: firstString(contentText(info.description), contentText(info.label)),
    location: makeLocation({ city: m?.[1], country: m?.[2], text: where }),
    mapped: mapCarrierCode(CARRIER, dpdStatusMap, status),
  });
}

/** Parses a getTrackingData response or a SOAP fault (authentication, data or system fault). */
export function parseDpdTrackingResponse(
  body: string | Buffer,
  contentType?: string,
  context?: ParseContext,
): ParseOutput {
  // getTrackingData asks for exactly one parcel, so the request's (first) number is the response's.
  const requested = firstString(context?.trackingNumbers?.[0], parcelNumberFromContentType(contentType));
  const xml = parseXmlSafe(body, { arrays: ["statusInfo", "trackingProperty", "content"] });
  if (!xml.ok) return invalidPayload(`${CARRIER}: ${xml.error}`);
  const soapBody = asObject(asObject(xml.value.Envelope)?.Body);
  const fault = asObject(soapBody?.Fault);
  if (fault) {
    const detail = asObjects(Object.values(asObject(fault.detail) ?? {}))[0];
    const code = firstString(detail?.errorCode, detail?.code, fault.faultcode);
    const message = firstString(detail?.errorMessage, detail?.message, fault.faultstring) ?? "DPD fault";
    const kind = /AUTHENTICATION|LOGIN/i.test(code ?? "")
      ? "unauthorized"
      : /NOT_FOUND|NO_DATA/i.test(code ?? "")
        ? "not_found"
        : "carrier_error";
    return output([], [parseError(kind, message, code ?? null, requested ?? null)]);
  }
  const result = asObject(asObject(soapBody?.getTrackingDataResponse)?.trackingresult);
  if (!result) return invalidPayload(`${CARRIER}: not a DPD getTrackingData response`);
  const shipment = asObject(result.shipmentInfo);
  const property = asObjects(shipment?.trackingProperty).find((p) =>
    /parcel.?(label)?.?number/i.test(str(p, "key") ?? ""),
  );
  const trackingNumber = firstString(str(property, "value"), requested);
  if (!trackingNumber) {
    // Without the number a result could not be matched to a shipment: say what is missing instead.
    return output(
      [],
      [
        parseError(
          "carrier_error",
          "dpd: getTrackingData responses do not name the parcel; parse with the requested parcel number (context.trackingNumbers)",
        ),
      ],
    );
  }
  const infos = asObjects(result.statusInfo).filter((i) => asBoolean(i.statusHasBeenReached) !== false);
  const current = infos.find((i) => asBoolean(i.isCurrentStatus) === true);
  const currentStatus = current ? mapCarrierCode(CARRIER, dpdStatusMap, str(current, "status")) : null;
  return output([
    makeResult({
      trackingNumber,
      carrier: CARRIER,
      events: infos.flatMap((i) => parseStatusInfo(i) ?? []),
      status: currentStatus?.status ? currentStatus : null,
      service: contentText(shipment?.serviceDescription) ?? null,
    }),
  ]);
}
