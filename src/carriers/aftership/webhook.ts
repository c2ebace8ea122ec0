/**
 * AfterShip tracking webhooks: `aftership-hmac-sha256` = base64(HMAC-SHA256(webhook secret, raw body)), compared
 * in constant time. AfterShip signs no timestamp header; the body's `ts` is inside the signature but AfterShip
 * retries a failed delivery with the same body for hours, so replays are handled by deduplicating on `event_id`
 * (returned as eventId), not by a clock window.
 */
import type { CarrierWebhook } from "../types.js";
import { guardParse } from "../shared/index.js";
import { base64SignatureMatches, headerValue, hmacSha256, jsonEventId } from "../shared/webhook-signature.js";
import { parseAfterShipResponse } from "./parse.js";

export const aftershipWebhook: CarrierWebhook = {
  verify(rawBody, headers, secret) {
    if (!secret) return { ok: false, reason: "no webhook secret configured" };
    const signature = headerValue(headers, "aftership-hmac-sha256");
    if (!signature) return { ok: false, reason: "no aftership-hmac-sha256 header" };
    if (!base64SignatureMatches(signature, hmacSha256(secret, rawBody))) {
      return { ok: false, reason: "signature mismatch" };
    }
    return { ok: true, eventId: jsonEventId(rawBody, "event_id", "id") };
  },
  parse: (rawBody) => guardParse("aftership", parseAfterShipResponse)(rawBody),
};
