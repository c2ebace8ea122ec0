/**
 * Pure parser for SEKO Logistics' OmniParcel tracking (`POST /labels/statusv2`, JSON): an array of consignments
 * `{ ConsignmentNo, Status, Delivered, Events: [{ EventDT, Code, OmniCode, Description, Location }] }`, or an error
 * body `{ Errors: [{ Property, Message, Key, Value }] }`. Event codes are SEKO's normalized OmniCodes; times are the
 * location's wall-clock without offset ("2024-12-13T09:55:23.043"), resolved with the country at the end of the
 * location text ("Egham, Surrey,GB").
 */
import type { NormalizedResult, ParseOutput } from "../../core/events.js";
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
  parseError,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
} from "../shared/index.js";
import { sekoStatusMap } from "./status-map.js";

const CARRIER = "seko";
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** "City, Region,CC" → parts; the last part is the country when it is a 2-letter country code. */
function splitLocation(text: string | undefined): { city?: string; region?: string; country?: string } {
  const parts = (text ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const last = parts[parts.length - 1]?.toUpperCase();
  const country = last && /^[A-Z]{2}$/.test(last) && regionNames.of(last) !== last ? last : undefined;
  const rest = country ? parts.slice(0, -1) : parts;
  return { city: rest[0], region: rest.length > 1 ? rest.slice(1).join(", ") : undefined, country };
}

function parseConsignment(c: Dict): NormalizedResult | null {
  const trackingNumber = str(c, "ConsignmentNo");
  if (!trackingNumber) return null;
  const events = asObjects(c.Events).flatMap((e) => {
    const text = str(e, "Location");
    const parts = splitLocation(text);
    const time = resolveCarrierTime({ date: str(e, "EventDT"), location: parts });
    if (!time) return [];
    const omniCode = str(e, "OmniCode");
    return [
      makeEvent(time, {
        code: omniCode ?? str(e, "Code") ?? null,
        description: str(e, "Description"),
        location: makeLocation({ ...parts, text }),
        mapped: mapCarrierCode(CARRIER, sekoStatusMap, omniCode),
      }),
    ];
  });
  const result = makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    estimatedDelivery: isoDateOrInstant(str(c, "ETA")),
    service: firstString(c.Carrier, c.CarrierName) ?? null,
  });
  // SEKO stamps the consignment `Delivered` when a delivery scan exists; a later scan does not undo it.
  const delivered = result.events.find((e) => e.status === "delivered");
  if (str(c, "Delivered") && delivered && result.status !== "delivered" && result.status !== "returned") {
    return { ...result, status: "delivered", substatus: delivered.substatus, delivered: true };
  }
  return result;
}

/** Parses a SEKO labels/statusv2 response or error body. */
export function parseSekoTracking(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`seko: ${json.error}`);
  const root = asObject(json.value);
  if (root && Array.isArray(root.Errors)) {
    const errors = asObjects(root.Errors).map((e) => {
      const property = str(e, "Property");
      const message = str(e, "Message") ?? "SEKO error";
      const kind = /access.?key|unauthori[sz]ed|authenticat/i.test(message)
        ? "unauthorized"
        : "carrier_error";
      return parseError(kind, message, property ?? str(e, "Key") ?? null);
    });
    return { results: [], errors };
  }
  if (root && str(root, "Message") && !("ConsignmentNo" in root)) {
    const message = str(root, "Message") ?? "SEKO error";
    const kind = /authori[sz]|denied|access.?key/i.test(message) ? "unauthorized" : "carrier_error";
    return { results: [], errors: [parseError(kind, message, null)] };
  }
  const list = Array.isArray(json.value)
    ? asObjects(json.value)
    : root && "ConsignmentNo" in root
      ? [root]
      : null;
  if (!list) return invalidPayload("seko: not a SEKO statusv2 consignment list or error");
  if (list.length === 0)
    return { results: [], errors: [parseError("not_found", "SEKO has no tracking for these numbers", null)] };
  return { results: list.flatMap((c) => parseConsignment(c) ?? []), errors: [] };
}
