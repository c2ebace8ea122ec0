/**
 * Shippo webhooks (`track_updated`). `Shippo-Auth-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256(webhook secret, "<t>.<raw body>"); several v1 values may be present during a secret rotation.
 * The timestamp must be within 5 minutes of our clock, so a captured delivery cannot be replayed later.
 */
import type { CarrierWebhook } from "../types.js";
import { guardParse, parseJsonSafe, str } from "../shared/index.js";
import {
  headerValue,
  hexSignatureMatches,
  hmacSha256,
  timestampProblem,
} from "../shared/webhook-signature.js";
import { parseShippoResponse } from "./parse.js";

/** `t=…,v1=…` → its timestamp and v1 signatures. */
function signatureParts(header: string): { t: string | undefined; v1: string[] } {
  const parts = header.split(",").map((p) => p.trim().split("="));
  return {
    t: parts.find(([k]) => k === "t")?.[1],
    v1: parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v as string),
  };
}

function eventId(rawBody: Buffer): string | null {
  const json = parseJsonSafe(rawBody);
  if (!json.ok) return null;
  return (
    str(json.value, "data", "tracking_status", "object_id") ?? str(json.value, "data", "object_id") ?? null
  );
}

export const shippoWebhook: CarrierWebhook = {
  verify(rawBody, headers, secret, now) {
    if (!secret) return { ok: false, reason: "no webhook secret configured" };
    const header = headerValue(headers, "shippo-auth-signature");
    if (!header) return { ok: false, reason: "no Shippo-Auth-Signature header" };
    const { t, v1 } = signatureParts(header);
    if (!t || !/^\d+$/.test(t) || v1.length === 0)
      return { ok: false, reason: "malformed Shippo-Auth-Signature" };
    const stale = timestampProblem(t, now);
    if (stale) return { ok: false, reason: stale };
    const expected = hmacSha256(secret, `${t}.`, rawBody);
    if (!v1.some((sig) => hexSignatureMatches(sig, expected)))
      return { ok: false, reason: "signature mismatch" };
    return { ok: true, eventId: eventId(rawBody) };
  },
  parse: (rawBody) => guardParse("shippo", parseShippoResponse)(rawBody),
};
