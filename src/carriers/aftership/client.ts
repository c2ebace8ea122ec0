/**
 * AfterShip Tracking API client (version 2024-10; `as-api-key` header). Polls with
 * `GET /tracking/2024-10/trackings?tracking_numbers=a,b` (up to 50 per call) and registers numbers AfterShip does
 * not track yet with `POST /tracking/2024-10/trackings`. Rate limits come as `as-rate-limit-*` headers.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  asObject,
  asObjects,
  batches,
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  parseJsonSafe,
  readRateLimit,
  requireCredential,
  str,
  toPayload,
  type CarrierHttpResponse,
} from "../shared/index.js";

export const AFTERSHIP_BASE_URL = "https://api.aftership.com";
export const AFTERSHIP_API_VERSION = "2024-10";
const BATCH = 50;

/** AfterShip's `as-rate-limit-*` headers (newer versions), else the standard ones carrierRequest read. */
function rateLimitOf(res: CarrierHttpResponse, now: number): RateLimitInfo | null {
  const aliased = readRateLimit(
    { get: (name) => res.headers.get(name.replace(/^(x-)?rate-?limit-/, "as-rate-limit-")) },
    now,
  );
  return aliased ?? res.rateLimit;
}

function listedNumbers(body: string): Set<string> {
  const json = parseJsonSafe(body);
  const data = json.ok ? asObject(asObject(json.value)?.data) : undefined;
  return new Set(asObjects(data?.trackings).flatMap((t) => str(t, "tracking_number") ?? []));
}

/** Credentials: `apiKey` (AfterShip API key); optional `slug` (courier slug when all numbers share one courier). */
export function createAfterShipClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? AFTERSHIP_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "aftership");
  const slug = options.credentials.slug;
  const now = options.now ?? Date.now;
  const root = `/tracking/${AFTERSHIP_API_VERSION}/trackings`;
  const request = (url: string, signal?: AbortSignal, body?: string) =>
    carrierRequest({
      url,
      method: body === undefined ? "GET" : "POST",
      headers: {
        "as-api-key": apiKey,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body,
      signal,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });
  return {
    batchSize: BATCH,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, BATCH)) {
        const query = new URLSearchParams({ tracking_numbers: batch.join(","), limit: String(BATCH) });
        if (slug) query.set("slug", slug);
        const list = await request(joinUrl(baseUrl, `${root}?${query.toString()}`), signal);
        payloads.push(toPayload(list, batch));
        limits.push(rateLimitOf(list, now()));
        if (list.status !== 200) continue;
        const known = listedNumbers(list.body);
        for (const n of batch.filter((x) => !known.has(x))) {
          const body = JSON.stringify({ tracking_number: n, ...(slug ? { slug } : {}) });
          const created = await request(joinUrl(baseUrl, root), signal, body);
          payloads.push(toPayload(created, [n]));
          limits.push(rateLimitOf(created, now()));
        }
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
