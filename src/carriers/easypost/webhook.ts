/**
 * EasyPost webhooks. Two signature schemes, both HMAC-SHA256 keyed with the UTF-8 bytes of the NFKD-normalized
 * webhook secret, sent as "hmac-sha256-hex=<lowercase hex>":
 * - v2 (preferred when present): `X-Hmac-Signature-v2` over `X-Timestamp` + "POST" + `X-Path` + body, with the
 *   timestamp checked against our clock (5 minutes either way) so a captured delivery cannot be replayed later;
 * - v1: `X-Hmac-Signature` over the raw body.
 * The body of a delivery is an Event whose `result` is the Tracker; parse reads it with the tracker parser.
 */
import type { CarrierWebhook } from "../types.js";
import { guardParse } from "../shared/index.js";
import {
  headerValue,
  hexSignatureMatches,
  hmacSha256,
  jsonEventId,
  timestampProblem,
} from "../shared/webhook-signature.js";
import { parseEasyPostResponse } from "./parse.js";

const PREFIX = "hmac-sha256-hex=";

function signatureHex(header: string): string {
  return header.toLowerCase().startsWith(PREFIX) ? header.slice(PREFIX.length) : header;
}

/** Verifies an EasyPost delivery (v2 timestamped scheme when its headers are present, else v1). */
export const verifyEasyPostWebhook: CarrierWebhook["verify"] = (rawBody, headers, secret, now) => {
  if (!secret) return { ok: false, reason: "no webhook secret configured" };
  const key = Buffer.from(secret.normalize("NFKD"), "utf8");
  const v2 = headerValue(headers, "x-hmac-signature-v2");
  if (v2) {
    const timestamp = headerValue(headers, "x-timestamp");
    const path = headerValue(headers, "x-path");
    if (!timestamp || !path) return { ok: false, reason: "X-Hmac-Signature-v2 without X-Timestamp/X-Path" };
    const stale = timestampProblem(timestamp, now);
    if (stale) return { ok: false, reason: stale };
    const expected = hmacSha256(key, timestamp, "POST", path, rawBody);
    if (!hexSignatureMatches(signatureHex(v2), expected))
      return { ok: false, reason: "signature mismatch (v2)" };
    return { ok: true, eventId: jsonEventId(rawBody) };
  }
  const v1 = headerValue(headers, "x-hmac-signature");
  if (!v1) return { ok: false, reason: "no X-Hmac-Signature header" };
  if (!hexSignatureMatches(signatureHex(v1), hmacSha256(key, rawBody))) {
    return { ok: false, reason: "signature mismatch" };
  }
  return { ok: true, eventId: jsonEventId(rawBody) };
};

export const easypostWebhook: CarrierWebhook = {
  verify: verifyEasyPostWebhook,
  parse: (rawBody) => guardParse("easypost", parseEasyPostResponse)(rawBody),
};
