/** Cookie reading and writing for the dashboard (no dependency: the format is small and fixed). */
import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "sw_session";
export const PRE_SESSION_COOKIE = "sw_pre";
export const FLASH_COOKIE = "sw_flash";

/** The request's cookies by name (first occurrence wins, values URI-decoded). */
export function readCookies(request: FastifyRequest): Record<string, string> {
  const header = request.headers.cookie ?? "";
  const out: Record<string, string> = {};
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A cookie we did not write (bad escape): ignore it rather than fail the request.
    }
  }
  return out;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  secure: boolean;
  sameSite?: "Lax" | "Strict";
}

/** Adds a Set-Cookie header (httpOnly, path /app); several cookies may be set on one reply. */
export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/app",
    "HttpOnly",
    `SameSite=${o.sameSite ?? "Lax"}`,
    ...(o.secure ? ["Secure"] : []),
    ...(o.maxAgeSeconds !== undefined ? [`Max-Age=${o.maxAgeSeconds}`] : []),
  ];
  // Fastify appends set-cookie headers rather than replacing them, so several cookies can be set.
  reply.header("set-cookie", parts.join("; "));
}

export function clearCookie(reply: FastifyReply, name: string, secure: boolean): void {
  setCookie(reply, name, "", { secure, maxAgeSeconds: 0 });
}
