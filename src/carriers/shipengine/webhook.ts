/**
 * ShipEngine track webhooks (`resource_type: "API_TRACK"`). ShipEngine signs with RSA-SHA256 (not a shared HMAC):
 * `x-shipengine-rsa-sha256-signature` (base64) over "<x-shipengine-timestamp>.<raw body>", with the key named by
 * `x-shipengine-rsa-sha256-key-id` from ShipEngine's JWKS (https://api.shipengine.com/jwks). The `secret` given to
 * verify is that JWKS document (JSON, cached by the caller) or a single PEM public key. The timestamp must be
 * within 5 minutes of our clock. (A public-key check has no secret to leak by timing, so no timingSafeEqual here.)
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from "node:crypto";
import type { CarrierWebhook } from "../types.js";
import { asObject, asObjects, guardParse, parseJsonSafe, str } from "../shared/index.js";
import { headerValue, timestampProblem } from "../shared/webhook-signature.js";
import { parseShipEngineResponse } from "./parse.js";

export const SHIPENGINE_JWKS_URL = "https://api.shipengine.com/jwks";

/** The public key for `keyId` from a JWKS document, or the PEM itself; null when none fits. */
function publicKeyFor(secret: string, keyId: string): KeyObject | null {
  try {
    if (secret.includes("-----BEGIN")) return createPublicKey(secret);
    const json = parseJsonSafe(secret);
    if (!json.ok) return null;
    const jwk = asObjects(asObject(json.value)?.keys).find((k) => str(k, "kid") === keyId);
    return jwk ? createPublicKey({ key: jwk as JsonWebKey, format: "jwk" }) : null;
  } catch {
    return null;
  }
}

export const shipengineWebhook: CarrierWebhook = {
  verify(rawBody, headers, secret, now) {
    if (!secret) return { ok: false, reason: "no ShipEngine JWKS/public key configured" };
    const signature = headerValue(headers, "x-shipengine-rsa-sha256-signature");
    const keyId = headerValue(headers, "x-shipengine-rsa-sha256-key-id");
    const timestamp = headerValue(headers, "x-shipengine-timestamp");
    if (!signature || !keyId || !timestamp)
      return { ok: false, reason: "missing x-shipengine-* signature headers" };
    const stale = timestampProblem(timestamp, now);
    if (stale) return { ok: false, reason: stale };
    const key = publicKeyFor(secret, keyId);
    if (!key) return { ok: false, reason: `no public key for key id ${keyId}` };
    let valid = false;
    try {
      const signed = Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), rawBody]);
      valid = verifySignature("sha256", signed, key, Buffer.from(signature, "base64"));
    } catch {
      valid = false;
    }
    return valid ? { ok: true, eventId: null } : { ok: false, reason: "signature mismatch" };
  },
  parse: (rawBody) => guardParse("shipengine", parseShipEngineResponse)(rawBody),
};
