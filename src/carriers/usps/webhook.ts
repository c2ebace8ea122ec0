/**
 * USPS Subscriptions - Tracking notifications: one JSON envelope per POST, `{ subscriptionId, subscriptionType,
 * timestamp, payload, links }`, where `payload` is the notification as a JSON string. USPS signs
 * `timestamp + payload` (the two fields' text, concatenated) with HMAC-SHA256 keyed by the subscription's secret and
 * sends the digest in base64 in `X-HMAC` (older deliveries: `hmac-header`). The secret is `uspsListenerSecret` of
 * the seller's endpoint secret (subscriptions.ts), so the check derives it the same way.
 *
 * Assumed: the payload carries the parcel as the Tracking API v3 does (trackingNumber, statusCategory,
 * trackingEvents with eventCode…), so the tracking parser reads it. The signed timestamp is not held to a
 * tolerance: USPS documents no retry schedule, and a replayed notification is harmless (the ledger dedupes events).
 */
import { createHash } from "node:crypto";
import type { ParseOutput } from "../../core/events.js";
import type { CarrierWebhook } from "../types.js";
import { asObject, guardParse, invalidPayload, parseJsonSafe, str } from "../shared/index.js";
import { base64SignatureMatches, headerValue, hmacSha256 } from "../shared/webhook-signature.js";
import { parseUspsTrackResponse } from "./parse.js";
import { uspsListenerSecret } from "./subscriptions.js";

const CARRIER = "usps";

interface Envelope {
  subscriptionId: string | undefined;
  subscriptionType: string | undefined;
  timestamp: string;
  /** The payload's text as USPS sent it (what it signed). */
  payload: string;
}

function readEnvelope(body: string | Buffer): Envelope | string {
  const json = parseJsonSafe(body);
  if (!json.ok) return json.error;
  const root = asObject(json.value);
  if (!root) return "not a JSON object";
  const timestamp = root.timestamp;
  if (typeof timestamp !== "string") return "no timestamp";
  // USPS sends the payload as a string; an object is read too (it cannot be checked against a signature).
  const payload =
    typeof root.payload === "string"
      ? root.payload
      : asObject(root.payload)
        ? JSON.stringify(root.payload)
        : undefined;
  if (payload === undefined) return "no payload";
  return {
    subscriptionId: str(root, "subscriptionId"),
    subscriptionType: str(root, "subscriptionType"),
    timestamp,
    payload,
  };
}

/** Parses one Subscriptions - Tracking notification into the parcel's result. */
export function parseUspsNotification(body: string | Buffer): ParseOutput {
  const envelope = readEnvelope(body);
  if (typeof envelope === "string")
    return invalidPayload(`${CARRIER}: not a USPS Subscriptions - Tracking notification (${envelope})`);
  if (envelope.subscriptionType && envelope.subscriptionType !== "TRACKING")
    return invalidPayload(`${CARRIER}: notification type ${envelope.subscriptionType} is not read`);
  return parseUspsTrackResponse(envelope.payload);
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export const uspsWebhook: CarrierWebhook = {
  verify(rawBody, headers, secret) {
    if (!secret) return { ok: false, reason: "no webhook secret configured" };
    const signature = headerValue(headers, "x-hmac") ?? headerValue(headers, "hmac-header");
    if (!signature) return { ok: false, reason: "no X-HMAC header" };
    const json = parseJsonSafe(rawBody);
    const root = json.ok ? asObject(json.value) : undefined;
    // Only a string payload is what USPS signed; anything else cannot match.
    if (!root || typeof root.timestamp !== "string" || typeof root.payload !== "string")
      return { ok: false, reason: "not a signed USPS notification (timestamp and payload strings)" };
    const expected = hmacSha256(uspsListenerSecret(secret), root.timestamp, root.payload);
    if (!base64SignatureMatches(signature, expected)) return { ok: false, reason: "signature mismatch" };
    const subscription = typeof root.subscriptionId === "string" ? root.subscriptionId : "";
    return {
      ok: true,
      eventId: `${subscription}:${root.timestamp}:${sha256Hex(root.payload).slice(0, 16)}`,
    };
  },
  parse: (rawBody) => guardParse(CARRIER, parseUspsNotification)(rawBody),
};
