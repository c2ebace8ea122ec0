/**
 * One-click unsubscribe links. The token names the message it came in (its notification id) and is signed with
 * an instance secret, so it carries no address in the URL, works on every node, and cannot be guessed for
 * someone else's address.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "../db/client.js";
import { getInstanceSecret } from "../db/repositories/instance-secrets.js";

const SECRET_NAME = "notification_unsubscribe";
const VERSION = 2;
const MAC_BYTES = 16;

const mac = (secret: Buffer, payload: Buffer) =>
  createHmac("sha256", secret).update(payload).digest().subarray(0, MAC_BYTES);

/** The secret unsubscribe tokens are signed with. */
export function unsubscribeSecret(db: Database): Promise<Buffer> {
  return getInstanceSecret(db, SECRET_NAME);
}

/** A URL-safe token for the message with this notification id. */
export function signUnsubscribeToken(secret: Buffer, notificationId: number): string {
  const payload = Buffer.alloc(9);
  payload[0] = VERSION;
  payload.writeBigUInt64BE(BigInt(notificationId), 1);
  return Buffer.concat([payload, mac(secret, payload)]).toString("base64url");
}

/** The notification id of a genuine token, or null. */
export function verifyUnsubscribeToken(secret: Buffer, token: string): number | null {
  if (token.length > 64 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== 9 + MAC_BYTES || bytes[0] !== VERSION) return null;
  const payload = bytes.subarray(0, 9);
  if (!timingSafeEqual(bytes.subarray(9), mac(secret, payload))) return null;
  const id = Number(payload.readBigUInt64BE(1));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The public unsubscribe URL for a message. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/unsubscribe/${token}`;
}

/**
 * A sent message's text with its one-click unsubscribe link replaced by a note. The link works for whoever opens
 * it, so the text is shown this way to anyone but the shopper: a teammate on the dashboard, a read-only API key.
 */
export const withoutUnsubscribeLinks = (text: string) =>
  text.replace(/https?:\/\/\S+\/unsubscribe\/[\w-]+/g, "(the shopper's unsubscribe link)");
