/** Pure parser for Chronopost's TrackingServiceWS `trackSkybillV2` SOAP response (XML). */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asObject,
  asObjects,
  at,
  invalidPayload,
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
import { chronopostStatusMap } from "./status-map.js";

const CARRIER = "chronopost";

/** infoCompList name/value pairs of an event, e.g. "Consignee's name" on the delivery scan. */
function infoComp(event: Dict, name: RegExp): string | undefined {
  const pair = asObjects(event.infoCompList).find((i) => name.test(str(i, "name") ?? ""));
  return str(pair, "value");
}

function parseEvent(event: Dict): NormalizedEvent | null {
  // eventDate carries its offset ("2022-06-22T08:30:00+02:00").
  const time = resolveCarrierTime({ date: str(event, "eventDate") });
  if (!time) return null;
  const code = str(event, "code");
  return makeEvent(time, {
    code: code ?? null,
    description: str(event, "eventLabel"),
    location: makeLocation({ postalCode: str(event, "zipCode"), text: str(event, "officeLabel") }),
    mapped: mapCarrierCode(CARRIER, chronopostStatusMap, code),
  });
}

/** Parses a trackSkybillV2 response: events, an errorCode, an empty (unknown number) list, or a SOAP fault. */
export function parseChronopostTrackResponse(body: string | Buffer): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["events", "infoCompList"] });
  if (!xml.ok) return invalidPayload(`chronopost: ${xml.error}`);
  const soapBody = asObject(at(xml.value, "Envelope", "Body"));
  const fault = asObject(soapBody?.Fault);
  if (fault) {
    return {
      results: [],
      errors: [
        parseError(
          "carrier_error",
          str(fault, "faultstring") ?? "SOAP fault",
          str(fault, "faultcode") ?? null,
        ),
      ],
    };
  }
  const ret = asObject(at(soapBody, "trackSkybillV2Response", "return"));
  if (!ret) return invalidPayload("chronopost: not a trackSkybillV2 response");
  const errorCode = str(ret, "errorCode");
  const list = asObject(ret.listEventInfoComp);
  const skybill = str(list, "skybillNumber");
  if (errorCode && errorCode !== "0") {
    return {
      results: [],
      errors: [
        parseError(
          "carrier_error",
          str(ret, "errorMessage") ?? "Chronopost error",
          errorCode,
          skybill ?? null,
        ),
      ],
    };
  }
  const rawEvents = asObjects(list?.events);
  if (!skybill || rawEvents.length === 0) {
    return {
      results: [],
      errors: [
        parseError("not_found", "Chronopost has no events for this skybill number", null, skybill ?? null),
      ],
    };
  }
  const events = rawEvents.flatMap((e) => parseEvent(e) ?? []);
  const delivery = rawEvents.find((e) => str(e, "code") === "D");
  const result: NormalizedResult = makeResult({
    trackingNumber: skybill,
    carrier: CARRIER,
    events,
    signedBy: delivery ? (infoComp(delivery, /consignee|destinataire/i) ?? null) : null,
  });
  return { results: [result], errors: [] };
}
