/** Reading a carrier's rate-limit headers into RateLimitInfo, so all workers can share the budget. */
import type { RateLimitInfo } from "../types.js";

/** Minimal header access, satisfied by `Headers` and by plain objects through `headersOf`. */
export interface HeaderReader {
  get(name: string): string | null;
}

function int(value: string | null): number | null {
  if (value === null) return null;
  const first = value.split(/[,;]/)[0]?.trim() ?? "";
  return /^\d+$/.test(first) ? Number(first) : null;
}

/**
 * Reads `Retry-After` (seconds or HTTP date), `RateLimit-*` (IETF draft) and `X-RateLimit-*` headers.
 * A reset value under 10^9 is read as seconds from now, larger as epoch seconds. Returns null when none is present.
 */
export function readRateLimit(headers: HeaderReader, now: number = Date.now()): RateLimitInfo | null {
  const get = (...names: string[]) => {
    for (const n of names) {
      const v = headers.get(n);
      if (v !== null && v !== "") return v;
    }
    return null;
  };
  const limit = int(get("ratelimit-limit", "x-ratelimit-limit", "x-rate-limit-limit"));
  const remaining = int(get("ratelimit-remaining", "x-ratelimit-remaining", "x-rate-limit-remaining"));
  const resetRaw = int(get("ratelimit-reset", "x-ratelimit-reset", "x-rate-limit-reset"));
  let retryAfterMs: number | null = null;
  const retryAfter = get("retry-after");
  if (retryAfter !== null) {
    if (/^\d+$/.test(retryAfter.trim())) retryAfterMs = Number(retryAfter.trim()) * 1000;
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) retryAfterMs = Math.max(0, at - now);
    }
  }
  const resetAt =
    resetRaw === null ? null : new Date(resetRaw < 1e9 ? now + resetRaw * 1000 : resetRaw * 1000);
  if (limit === null && remaining === null && resetAt === null && retryAfterMs === null) return null;
  return { limit, remaining, resetAt, retryAfterMs };
}
