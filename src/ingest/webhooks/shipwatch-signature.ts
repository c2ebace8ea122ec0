/**
 * Shipwatch's own webhook scheme, for sellers' systems that push normalized event JSON:
 * `Shipwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (several v1 values are
 * allowed while a secret is rotated), and an optional `Shipwatch-Event-Id` for idempotency. The timestamp must
 * be within 5 minutes of our clock, so a captured delivery cannot be replayed later. Pure; the clock is passed in.
 */
import {
  hexSignatureMatches,
  hmacSha256,
  headerValue,
  timestampProblem,
} from "../../carriers/shared/webhook-signature.js";
import type { CarrierWebhook, WebhookVerification } from "../../carriers/types.js";

export const SHIPWATCH_SIGNATURE_HEADER = "shipwatch-signature";
export const SHIPWATCH_EVENT_ID_HEADER = "shipwatch-event-id";

/** The `Shipwatch-Signature` header value for a body sent at `now`. */
export function signShipwatchWebhook(body: Buffer | string, secret: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmacSha256(secret, `${t}.`, Buffer.from(body)).toString("hex")}`;
}

function signatureParts(header: string): { t: string | undefined; v1: string[] } {
  const parts = header.split(",").map((p) => p.trim().split("="));
  return {
    t: parts.find(([k]) => k === "t")?.[1],
    v1: parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v as string),
  };
}

/** Verifies a delivery signed with the Shipwatch scheme. */
export const verifyShipwatchWebhook: CarrierWebhook["verify"] = (
  rawBody,
  headers,
  secret,
  now,
): WebhookVerification => {
  if (!secret) return { ok: false, reason: "no webhook secret configured" };
  const header = headerValue(headers, SHIPWATCH_SIGNATURE_HEADER);
  if (!header) return { ok: false, reason: "no Shipwatch-Signature header" };
  const { t, v1 } = signatureParts(header);
  if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0)
    return { ok: false, reason: "malformed Shipwatch-Signature" };
  const stale = timestampProblem(t, now);
  if (stale) return { ok: false, reason: stale };
  const expected = hmacSha256(secret, `${t}.`, rawBody);
  if (!v1.some((sig) => hexSignatureMatches(sig, expected)))
    return { ok: false, reason: "signature mismatch" };
  const eventId = headerValue(headers, SHIPWATCH_EVENT_ID_HEADER);
  return { ok: true, eventId: eventId && eventId.length <= 200 ? eventId : null };
};
