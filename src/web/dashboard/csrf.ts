/**
 * CSRF protection. Signed-in forms carry a token derived from the session's own secret (HMAC), so a token
 * from another session or another site never verifies. Forms used before sign-in (sign-in, accepting an
 * invitation) use a double-submit cookie. Both also refuse a cross-site Origin header when the browser sends one.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";

/** The token to embed in the forms of a session. */
export function csrfTokenFor(csrfSecret: string): string {
  return createHmac("sha256", csrfSecret).update("shipwatch-dashboard-csrf-v1").digest("base64url");
}

export function newPreSessionToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Constant-time equality of two tokens (false when either is missing). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token the request presents: the `_csrf` form field or the `x-csrf-token` header (scripts). */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers["x-csrf-token"];
  if (typeof header === "string") return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?._csrf;
  return typeof field === "string" ? field : undefined;
}

/**
 * False when the browser says the request comes from another site: Sec-Fetch-Site when sent (every current
 * browser), else the Origin header. A "null" origin (privacy modes) proves nothing either way; the token decides.
 */
export function originMatches(request: FastifyRequest): boolean {
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin" || site === "none";
  const origin = request.headers.origin;
  if (!origin || origin === "null") return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
