/** The one way adapter clients call a carrier: fetch with a timeout, an outer abort signal, and the raw body kept. */
import { readRateLimit } from "./rate-limit.js";
import type { FetchedPayload, RateLimitInfo } from "../types.js";

export interface CarrierRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface CarrierHttpResponse {
  status: number;
  body: string;
  contentType: string;
  headers: Headers;
  rateLimit: RateLimitInfo | null;
}

/** Default per-request timeout for carrier APIs. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Performs one HTTP request; network errors and timeouts reject (callers' job queue retries them). */
export async function carrierRequest(req: CarrierRequest): Promise<CarrierHttpResponse> {
  const doFetch = req.fetch ?? fetch;
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const res = await doFetch(req.url, {
    method: req.method ?? "GET",
    headers: req.headers,
    body: req.body,
    signal,
  });
  const body = await res.text();
  return {
    status: res.status,
    body,
    contentType: res.headers.get("content-type") ?? "",
    headers: res.headers,
    rateLimit: readRateLimit(res.headers, (req.now ?? Date.now)()),
  };
}

/** A FetchedPayload from a response (the body verbatim, for raw storage before parsing). */
export function toPayload(res: CarrierHttpResponse, trackingNumbers: string[]): FetchedPayload {
  return { body: res.body, contentType: res.contentType, httpStatus: res.status, trackingNumbers };
}

/** Joins a configured base URL (with or without trailing slash) and a path. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Splits tracking numbers into batches of the carrier's size. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

/** The most restrictive of several rate-limit readings (lowest remaining, latest reset). */
export function mergeRateLimits(list: (RateLimitInfo | null)[]): RateLimitInfo | null {
  const seen = list.filter((r): r is RateLimitInfo => r !== null);
  if (seen.length === 0) return null;
  return seen.reduce((a, b) => ({
    limit: b.limit ?? a.limit,
    remaining:
      a.remaining === null
        ? b.remaining
        : b.remaining === null
          ? a.remaining
          : Math.min(a.remaining, b.remaining),
    resetAt: !a.resetAt ? b.resetAt : !b.resetAt ? a.resetAt : a.resetAt > b.resetAt ? a.resetAt : b.resetAt,
    retryAfterMs: Math.max(a.retryAfterMs ?? 0, b.retryAfterMs ?? 0) || null,
  }));
}
