/** The base64 HMAC-SHA256 signature both Shopify and WooCommerce put on their webhooks, compared in constant time. */
import { createHmac, timingSafeEqual } from "node:crypto";

/** True when `signature` is base64(HMAC-SHA256(body, secret)). */
export function base64HmacMatches(body: Buffer, secret: string, signature: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature.trim(), "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signs a body the way the platforms do (emulators and tests send deliveries with it). */
export function base64Hmac(body: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}
