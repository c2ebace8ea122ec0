/**
 * Building blocks for carrier webhook verification (`webhook.ts` in an adapter): HMAC digests, constant-time
 * comparison of the carrier's signature with ours, case-insensitive header lookup and timestamp tolerance.
 * All pure; the clock is passed in.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type Headers = Readonly<Record<string, string | undefined>>;

/** Default tolerance between a signed timestamp and our clock (either direction). */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/** A header value by case-insensitive name (first non-empty match), trimmed; undefined when absent. */
export function headerValue(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/** HMAC-SHA256 of `parts` (concatenated bytes) with `key`. */
export function hmacSha256(key: string | Buffer, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const p of parts) mac.update(p);
  return mac.digest();
}

/** Constant-time equality of two byte strings (false, not an exception, when the lengths differ). */
export function bytesEqual(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  return timingSafeEqual(a, b);
}

/** Constant-time check of a hex signature (any case) against the expected digest. */
export function hexSignatureMatches(signatureHex: string, expected: Buffer): boolean {
  const hex = signatureHex.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== expected.length * 2) return false;
  return bytesEqual(Buffer.from(hex, "hex"), expected);
}

/** Constant-time check of a base64 signature against the expected digest. */
export function base64SignatureMatches(signatureB64: string, expected: Buffer): boolean {
  const b64 = signatureB64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return false;
  return bytesEqual(Buffer.from(b64, "base64"), expected);
}

/**
 * Reads a signed timestamp (Unix seconds or milliseconds, or a date string) and checks it is within `toleranceMs`
 * of `now`. Returns a reason string when it is not, null when it is.
 */
export function timestampProblem(
  raw: string | undefined,
  now: Date,
  toleranceMs: number = DEFAULT_WEBHOOK_TOLERANCE_MS,
): string | null {
  if (!raw) return "missing signature timestamp";
  let ms: number;
  if (/^\d{1,16}$/.test(raw)) {
    const n = Number(raw);
    ms = n < 1e11 ? n * 1000 : n;
  } else {
    ms = Date.parse(raw);
  }
  if (!Number.isFinite(ms)) return "unreadable signature timestamp";
  if (Math.abs(now.getTime() - ms) > toleranceMs) return "signature timestamp outside tolerance";
  return null;
}

/** The top-level `id` of a JSON body, for deduplicating deliveries; null when there is none. */
export function jsonEventId(rawBody: Buffer, ...keys: string[]): string | null {
  try {
    const value = JSON.parse(rawBody.toString("utf8")) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    for (const key of keys.length ? keys : ["id"]) {
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === "string" && v !== "") return v;
      if (typeof v === "number" && Number.isFinite(v)) return String(v);
    }
  } catch {
    // not JSON: no event id
  }
  return null;
}
