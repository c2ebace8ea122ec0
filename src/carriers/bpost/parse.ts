/**
 * Pure parser for bpost's track & trace item response (`GET /services/trackedmail/item/{itemCode}/trackingInfo`,
 * XML `itemTracking`, schema http://schema.post.be/tracking/v1/) and its error bodies (`businessException` with
 * code and message, `systemException` with a message). Times are ISO 8601 with an offset; without one, Belgian
 * time is used (every state is scanned by bpost in Belgium).
 */
import type { NormalizedEvent, ParseOutput } from "../../core/events.js";
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
  resolveCarrierTime,
  str,
  type Dict,
  type ParseErrorKind,
} from "../shared/index.js";
import { bpostStatusMap } from "./status-map.js";

const CARRIER = "bpost";

function exceptionKind(code: string | undefined, message: string): ParseErrorKind {
  if (code === "401" || code === "403" || /unauthori[sz]ed|forbidden|authenticat/i.test(message))
    return "unauthorized";
  if (code === "404" || /not found|unknown item|no item/i.test(message)) return "not_found";
  if (code === "429") return "rate_limited";
  return "carrier_error";
}

function parseState(state: Dict): NormalizedEvent | null {
  const where = str(state, "location");
  const time = resolveCarrierTime({ date: str(state, "time"), location: { country: "BE" } });
  if (!time) return null;
  const code = str(state, "stateCode");
  return makeEvent(time, {
    code: code ?? null,
    description: firstString(str(state, "stateDescription"), code),
    location: makeLocation({ text: where }),
    mapped: mapCarrierCode(CARRIER, bpostStatusMap, code),
  });
}

/** Parses an itemTracking response, or a business/system exception. */
export function parseBpostTrackingInfo(body: string | Buffer, _contentType?: string): ParseOutput {
  const xml = parseXmlSafe(body, { arrays: ["stateInfo"] });
  if (!xml.ok) return invalidPayload(`${CARRIER}: ${xml.error}`);
  const exception = asObject(xml.value.businessException) ?? asObject(xml.value.systemException);
  if (exception) {
    const code = str(exception, "code");
    const message = (str(exception, "message") ?? "bpost error").replace(/\s+/g, " ").trim();
    return output([], [parseError(exceptionKind(code, message), message, code ?? null)]);
  }
  const item = asObject(xml.value.itemTracking);
  const itemCode = str(item, "itemCode");
  if (!item || !itemCode) return invalidPayload(`${CARRIER}: not a bpost itemTracking response`);
  const window = asObject(item.deliveryTimeWindow);
  return output([
    makeResult({
      trackingNumber: itemCode,
      carrier: CARRIER,
      events: asObjects(item.stateInfo).flatMap((s) => parseState(s) ?? []),
      estimatedDelivery: isoDateOrInstant(
        firstString(
          str(window, "plannedDeliveryDateWindowEnd"),
          str(window, "plannedDeliveryDateWindowStart"),
        ),
      ),
      service: str(item, "itemDetail", "productCode") ?? null,
    }),
  ]);
}
