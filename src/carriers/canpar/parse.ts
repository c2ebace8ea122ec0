/** Pure parser for the Canpar web services `trackByBarcode` SOAP response. */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asBoolean,
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
  resolveCarrierTime,
  str,
  type Dict,
} from "../shared/index.js";
import { canparStatusMap } from "./status-map.js";

const CARRIER = "canpar";

function parseEvent(ev: Dict): NormalizedEvent | null {
  const address = asObject(ev.address);
  const city = str(address, "city");
  const region = str(address, "province");
  const country = str(address, "country");
  // `local_date_time` is the scan's local wall-clock; `time_shift` is an undocumented hour count (3 for Ontario,
  // i.e. relative to Pacific time), so the zone comes from the scan's province instead.
  const time = resolveCarrierTime({ date: str(ev, "local_date_time"), location: { country, region, city } });
  if (!time) return null;
  const code = str(ev, "code");
  const street = [str(address, "address_line_1"), str(address, "address_line_2")].filter(Boolean);
  return makeEvent(time, {
    code: code ?? null,
    description: firstString(ev.code_description_en, ev.comment),
    location: makeLocation({
      city,
      region,
      postalCode: str(address, "postal_code"),
      country,
      text: [...street, city, region, country].filter(Boolean).join(", ") || null,
    }),
    mapped: mapCarrierCode(CARRIER, canparStatusMap, code),
  });
}

function parseResult(result: Dict): NormalizedResult | null {
  const trackingNumber = str(result, "barcode");
  if (!trackingNumber) return null;
  const delivered = asBoolean(result.delivered) === true;
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events: asObjects(result.events).flatMap((e) => parseEvent(e) ?? []),
    status: delivered ? { status: "delivered", substatus: null } : null,
    estimatedDelivery: isoDateOrInstant(str(result, "estimated_delivery_date")),
    signedBy: str(result, "signed_by") ?? null,
    service: str(result, "service_description_en") ?? null,
  });
}

/** Parses a trackByBarcode (or trackByBarcodeV2) response, with or without a wrapper around the envelope. */
export function parseCanparTrackResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["events", "result"] });
  if (!xml.ok) return invalidPayload(`${CARRIER}: ${xml.error}`);
  const envelope = asObject(xml.value.Envelope) ?? asObject(asObject(xml.value.wrapper)?.Envelope);
  const soapBody = asObject(envelope?.Body);
  const fault = asObject(soapBody?.Fault);
  if (fault) {
    const message = firstString(fault.faultstring, str(fault, "Reason", "Text")) ?? "SOAP fault";
    return output(
      [],
      [
        parseError(
          "carrier_error",
          message,
          firstString(fault.faultcode, str(fault, "Code", "Value")) ?? null,
        ),
      ],
    );
  }
  const response = asObject(soapBody?.trackByBarcodeResponse) ?? asObject(soapBody?.trackByBarcodeV2Response);
  const ret = asObject(response?.return);
  if (!ret) return invalidPayload(`${CARRIER}: not a Canpar trackByBarcode response`);
  const message = str(ret, "error");
  const kind = !message
    ? null
    : /not found|no record|invalid barcode/i.test(message)
      ? "not_found"
      : /password|credential|authenticat|user ?id/i.test(message)
        ? "unauthorized"
        : "carrier_error";
  const errors = message && kind ? [parseError(kind, message)] : [];
  return output(
    asObjects(ret.result).flatMap((r) => parseResult(r) ?? []),
    errors,
  );
}
