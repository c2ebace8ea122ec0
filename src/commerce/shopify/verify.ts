/**
 * Shopify webhook verification: `X-Shopify-Hmac-Sha256` is base64(HMAC-SHA256(raw body, secret)), the secret
 * being the app's client secret (or, for webhooks made in the admin, the key shown under Settings → Notifications
 * → Webhooks). `X-Shopify-Webhook-Id` stays the same on every retry of a delivery: it is the idempotency key.
 */
import { base64HmacMatches } from "../hmac.js";
import type { HeaderMap, VerifyResult } from "../types.js";

/** Pure: the raw body, the request headers (lower-case names) and the connection's secret. */
export function verifyShopifyWebhook(body: Buffer, headers: HeaderMap, secret: string): VerifyResult {
  const signature = headers["x-shopify-hmac-sha256"];
  if (!signature) return { ok: false, reason: "missing X-Shopify-Hmac-Sha256 header" };
  if (!base64HmacMatches(body, secret, signature)) return { ok: false, reason: "signature mismatch" };
  const id = headers["x-shopify-webhook-id"]?.trim();
  return id ? { ok: true, eventId: id.slice(0, 200) } : { ok: true };
}

/** The shop a delivery comes from (`X-Shopify-Shop-Domain`), lower-cased; null when absent. */
export function shopifyShopOf(headers: HeaderMap): string | null {
  const shop = headers["x-shopify-shop-domain"]?.trim().toLowerCase();
  return shop ? shop : null;
}
