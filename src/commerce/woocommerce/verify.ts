/**
 * WooCommerce webhook verification: `X-WC-Webhook-Signature` is base64(HMAC-SHA256(raw body, secret)), the secret
 * being the one typed in WooCommerce → Settings → Advanced → Webhooks. `X-WC-Webhook-Delivery-ID` names the
 * delivery. When a webhook is saved, WooCommerce first posts an unsigned form body `webhook_id=N` (the ping) and
 * keeps the webhook only if it is answered 2xx: `isWooCommercePing` recognizes it.
 */
import { base64HmacMatches } from "../hmac.js";
import type { HeaderMap, VerifyResult } from "../types.js";

/** Pure: the raw body, the request headers (lower-case names) and the connection's secret. */
export function verifyWooCommerceWebhook(body: Buffer, headers: HeaderMap, secret: string): VerifyResult {
  const signature = headers["x-wc-webhook-signature"];
  if (!signature) return { ok: false, reason: "missing X-WC-Webhook-Signature header" };
  if (!base64HmacMatches(body, secret, signature)) return { ok: false, reason: "signature mismatch" };
  const id = headers["x-wc-webhook-delivery-id"]?.trim();
  return id ? { ok: true, eventId: id.slice(0, 200) } : { ok: true };
}

/** The ping WooCommerce sends when a webhook is saved: `webhook_id=<digits>` and nothing else. */
export function isWooCommercePing(body: Buffer, headers: HeaderMap): boolean {
  if (body.length > 64 || headers["x-wc-webhook-signature"]) return false;
  return /^webhook_id=\d+$/.test(body.toString("utf8").trim());
}

/** The site URL a WooCommerce store is known by: scheme and host lower-cased, no trailing slash, no query. */
export function normalizeSiteUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host.toLowerCase()}${path}`;
}

/** The site a delivery comes from (`X-WC-Webhook-Source`), normalized; null when absent. */
export function wooCommerceSiteOf(headers: HeaderMap): string | null {
  const source = headers["x-wc-webhook-source"];
  return source ? normalizeSiteUrl(source) : null;
}
