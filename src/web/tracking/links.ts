/**
 * Signed, expiring tracking links. A token names one order (the whole page) or one shipment (tracking-number
 * view, no order details) of one seller, until an expiry; an HMAC-SHA256 over those bytes, compared in
 * constant time, proves we issued it. Tokens are compact binary in base64url so links stay short.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/client.js";
import { getSigningSecret } from "../../db/repositories/instance-secrets.js";

export type TokenScope = "order" | "shipment";

export interface TrackingClaims {
  scope: TokenScope;
  sellerId: string;
  /** The order id (scope order) or shipment id (scope shipment). */
  targetId: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

const VERSION = 1;
const MAC_BYTES = 16;
const PAYLOAD_BYTES = 1 + 1 + 16 + 16 + 4;
const SCOPES: readonly TokenScope[] = ["order", "shipment"];

/** How long links stay valid: from a notification (kept in an inbox for weeks) or from a lookup form. */
export const NOTIFICATION_LINK_TTL_SECONDS = 120 * 86_400;
export const LOOKUP_LINK_TTL_SECONDS = 30 * 86_400;

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidText = (b: Buffer) => {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const mac = (secret: Buffer, payload: Buffer) =>
  createHmac("sha256", secret).update(payload).digest().subarray(0, MAC_BYTES);

/** Signs claims into a URL-safe token. */
export function signTrackingToken(secret: Buffer, claims: TrackingClaims): string {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload[0] = VERSION;
  payload[1] = SCOPES.indexOf(claims.scope);
  uuidBytes(claims.sellerId).copy(payload, 2);
  uuidBytes(claims.targetId).copy(payload, 18);
  payload.writeUInt32BE(Math.min(0xffffffff, Math.max(0, Math.floor(claims.expiresAt))), 34);
  return Buffer.concat([payload, mac(secret, payload)]).toString("base64url");
}

/** The claims of a genuine, unexpired token; null for anything else (forged, truncated, expired). */
export function verifyTrackingToken(
  secret: Buffer,
  token: string,
  nowMs = Date.now(),
): TrackingClaims | null {
  if (token.length > 100 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== PAYLOAD_BYTES + MAC_BYTES || bytes[0] !== VERSION) return null;
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), mac(secret, payload))) return null;
  const scope = SCOPES[payload[1]!];
  const expiresAt = payload.readUInt32BE(34);
  if (!scope || expiresAt * 1000 <= nowMs) return null;
  return {
    scope,
    sellerId: uuidText(payload.subarray(2, 18)),
    targetId: uuidText(payload.subarray(18, 34)),
    expiresAt,
  };
}

/** The path of a tracking page for a token, e.g. /track/demo/s/AQ…?lang=fr. */
export function trackingPagePath(sellerSlug: string, token: string, lang?: string | null): string {
  return `/track/${encodeURIComponent(sellerSlug)}/s/${token}${lang ? `?lang=${encodeURIComponent(lang)}` : ""}`;
}

/**
 * A full signed link to an order's (or a shipment's) tracking page, for notifications and the API. `baseUrl`
 * is the public URL of this server, or the seller's custom domain when it has one.
 */
export async function createTrackingLink(
  db: Database,
  input: {
    baseUrl: string;
    sellerSlug: string;
    sellerId: string;
    scope: TokenScope;
    targetId: string;
    lang?: string | null;
    ttlSeconds?: number;
    now?: number;
  },
): Promise<{ url: string; token: string; expiresAt: Date }> {
  const secret = await getSigningSecret(db);
  const expiresAt =
    Math.floor((input.now ?? Date.now()) / 1000) + (input.ttlSeconds ?? NOTIFICATION_LINK_TTL_SECONDS);
  const token = signTrackingToken(secret, {
    scope: input.scope,
    sellerId: input.sellerId,
    targetId: input.targetId,
    expiresAt,
  });
  const path = trackingPagePath(input.sellerSlug, token, input.lang);
  return { url: `${input.baseUrl.replace(/\/$/, "")}${path}`, token, expiresAt: new Date(expiresAt * 1000) };
}
