/**
 * UPS Track Alert pushes (`webhooks.TrackingEvent` of UPS's Track Alert API): one JSON event per POST, with the
 * subscription's `destination.credential` echoed in a `credential` header and `User-Agent:
 * UPSPubSubTrackingService`. UPS documents no signature and no signed timestamp: the credential (our webhook
 * secret, given to UPS when subscribing) is the whole check, compared in constant time. Replays of a captured
 * event cannot be told apart by UPS's scheme; they are harmless because the ledger dedupes identical events.
 */
import { createHash } from "node:crypto";
import type { NormalizedEvent, ParseOutput } from "../../core/events.js";
import type { CarrierWebhook } from "../types.js";
import {
  asObject,
  formatOffset,
  guardParse,
  invalidPayload,
  isoDateOrInstant,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
} from "../shared/index.js";
import { bytesEqual, headerValue } from "../shared/webhook-signature.js";
import { upsStatusMap } from "./status-map.js";

const CARRIER = "ups";
const PROBLEM_STATUSES = new Set([
  "exception",
  "attempt_failed",
  "return_to_sender",
  "returned",
  "cancelled",
]);

/** Minutes between UPS's local and GMT activity stamps (YYYYMMDD + HHMMSS each), when both are readable. */
function offsetBetween(
  localDate?: string,
  localTime?: string,
  gmtDate?: string,
  gmtTime?: string,
): string | null {
  const stamp = (d?: string, t?: string) => {
    const m = d && t ? /^(\d{4})(\d{2})(\d{2})$/.exec(d) : null;
    const n = t ? /^(\d{2})(\d{2})(\d{2})$/.exec(t) : null;
    return m && n ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +n[1]!, +n[2]!, +n[3]!) : NaN;
  };
  const minutes = Math.round((stamp(localDate, localTime) - stamp(gmtDate, gmtTime)) / 60_000);
  return Number.isFinite(minutes) && Math.abs(minutes) <= 14 * 60 && minutes % 15 === 0
    ? formatOffset(minutes)
    : null;
}

function eventOf(push: Dict): NormalizedEvent | null {
  const location = asObject(push.activityLocation);
  const status = asObject(push.activityStatus);
  const country = str(location, "country");
  const region = str(location, "stateProvince");
  const localDate = str(push, "localActivityDate");
  const localTime = str(push, "localActivityTime");
  const time = resolveCarrierTime({
    date: localDate,
    time: localTime,
    offset: offsetBetween(localDate, localTime, str(push, "gmtActivityDate"), str(push, "gmtActivityTime")),
    location: { country, region, city: str(location, "city") },
  });
  if (!time) return null;
  const type = str(status, "type");
  const typeKey = type ? `type:${type}` : undefined;
  // descriptionCode is the 3-digit status code the Track API calls statusCode; type X (exception) wins.
  let mapped = mapCarrierCode(CARRIER, upsStatusMap, str(status, "descriptionCode"), typeKey);
  if (type === "X" && mapped.status !== null && !PROBLEM_STATUSES.has(mapped.status))
    mapped = mapCarrierCode(CARRIER, upsStatusMap, "type:X");
  return makeEvent(time, {
    code: str(status, "code") ?? null,
    description: str(status, "description"),
    location: makeLocation({
      city: str(location, "city"),
      region,
      postalCode: str(location, "postalCode"),
      country,
    }),
    mapped,
  });
}

/** Parses one Track Alert event into a one-event result. */
export function parseUpsTrackAlert(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`${CARRIER}: ${json.error}`);
  const push = asObject(json.value);
  // UPS's own sample pads the number with a space (" 1ZABCXYZ0112346789").
  const trackingNumber = str(push, "trackingNumber")?.trim();
  if (!push || !trackingNumber || !asObject(push.activityStatus))
    return invalidPayload(`${CARRIER}: not a UPS Track Alert event (no trackingNumber/activityStatus)`);
  const event = eventOf(push);
  return {
    results: [
      makeResult({
        trackingNumber,
        carrier: CARRIER,
        events: event ? [event] : [],
        estimatedDelivery: isoDateOrInstant(str(push, "scheduledDeliveryDate")),
      }),
    ],
    errors: [],
  };
}

/** A stable id for one pushed event: the number, the GMT stamp and the status code. */
function eventId(rawBody: Buffer): string | null {
  const json = parseJsonSafe(rawBody);
  const number = json.ok ? str(json.value, "trackingNumber")?.trim() : undefined;
  if (!json.ok || !number) return null;
  const stamp = `${str(json.value, "gmtActivityDate") ?? ""}${str(json.value, "gmtActivityTime") ?? ""}`;
  return `${number}:${stamp}:${str(json.value, "activityStatus", "code") ?? ""}`;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

export const upsWebhook: CarrierWebhook = {
  verify(rawBody, headers, secret) {
    if (!secret) return { ok: false, reason: "no webhook secret configured" };
    const credential = headerValue(headers, "credential");
    if (!credential) return { ok: false, reason: "no credential header" };
    // Digests first, so the comparison is constant-time whatever the lengths.
    if (!bytesEqual(sha256(credential), sha256(secret))) return { ok: false, reason: "credential mismatch" };
    return { ok: true, eventId: eventId(rawBody) };
  },
  parse: (rawBody) => guardParse(CARRIER, parseUpsTrackAlert)(rawBody),
};
