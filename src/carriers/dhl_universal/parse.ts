/** Pure parser for the DHL Shipment Tracking – Unified API (`GET /track/shipments`) JSON response. */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asNumber,
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  isoDateOrInstant,
  kindForHttpStatus,
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
} from "../shared/index.js";
import { dhlUniversalStatusMap } from "./status-map.js";

const CARRIER = "dhl_universal";

function parseEvent(event: Dict): NormalizedEvent | null {
  const address = asObject(asObject(event.location)?.address);
  const country = str(address, "countryCode");
  const city = str(address, "addressLocality");
  // Timestamps come with "Z"/offset for some business units and as local wall-clock for others.
  const time = resolveCarrierTime({ date: str(event, "timestamp"), location: { country, city } });
  if (!time) return null;
  const code = str(event, "statusCode");
  return makeEvent(time, {
    code: code ?? null,
    description: firstString(event.description, event.status, event.remark),
    location: makeLocation({
      city,
      postalCode: str(address, "postalCode"),
      country,
      text: [city, str(address, "postalCode"), country].filter(Boolean).join(", ") || null,
    }),
    mapped: mapCarrierCode(CARRIER, dhlUniversalStatusMap, code),
  });
}

function personName(person: unknown): string | undefined {
  const given = str(person, "givenName");
  const family = str(person, "familyName");
  if (given && family) return `${given} ${family}`;
  return firstString(str(person, "name"), family, str(person, "organizationName"));
}

function parseShipment(shipment: Dict): NormalizedResult | null {
  const trackingNumber = str(shipment, "id");
  if (!trackingNumber) return null;
  const events = asObjects(shipment.events).flatMap((e) => parseEvent(e) ?? []);
  const current = asObject(shipment.status);
  const currentCode = str(current, "statusCode");
  const status = currentCode ? mapCarrierCode(CARRIER, dhlUniversalStatusMap, currentCode) : null;
  const details = asObject(shipment.details);
  const pod = asObject(details?.proofOfDelivery);
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status: status && status.status ? status : null,
    estimatedDelivery: isoDateOrInstant(
      firstString(
        shipment.estimatedTimeOfDelivery,
        str(shipment, "estimatedDeliveryTimeFrame", "estimatedFrom"),
      ),
    ),
    signedBy: personName(pod?.signed) ?? null,
    service: firstString(str(details, "product", "productName"), shipment.service) ?? null,
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses a Unified Tracking API response: `{ shipments: [...] }` or an RFC 7807 problem body. */
export function parseDhlUniversalResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`${CARRIER}: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload(`${CARRIER}: not a JSON object`);
  if (Array.isArray(root.shipments)) {
    const results = asObjects(root.shipments).flatMap((s) => parseShipment(s) ?? []);
    return output(results);
  }
  // Problem details: { title, status, detail, instance: "/shipment/<number>" } (also the 401/429 gateway shape).
  const httpStatus = asNumber(root.status);
  const title = str(root, "title");
  const detail = firstString(root.detail, title);
  if (httpStatus !== undefined && detail) {
    const instance = str(root, "instance");
    const number = instance ? /\/shipments?\/([^/?#]+)$/.exec(instance)?.[1] : undefined;
    return output(
      [],
      [
        parseError(
          kindForHttpStatus(httpStatus),
          detail,
          String(httpStatus),
          number ? safeDecode(number) : null,
        ),
      ],
    );
  }
  return invalidPayload(`${CARRIER}: not a DHL tracking response (no shipments or problem details)`);
}
