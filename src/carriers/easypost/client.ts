/**
 * EasyPost Tracker API client (HTTP Basic auth: API key as user name, empty password).
 * Polls with `GET /v2/trackers?tracking_codes[]=…` (up to 100 per page); numbers EasyPost does not track yet are
 * registered with `POST /v2/trackers` (EasyPost returns the existing tracker for a code it already has).
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
  requireCredential,
  str,
  toPayload,
} from "../shared/index.js";

export const EASYPOST_BASE_URL = "https://api.easypost.com";
const PAGE_SIZE = 100;

/** The tracking codes a tracker-list body holds (to find the ones EasyPost does not track yet). */
function listedCodes(body: string): Set<string> {
  const json = parseJsonSafe(body);
  const trackers = json.ok ? asObjects(asObject(json.value)?.trackers) : [];
  return new Set(trackers.flatMap((t) => str(t, "tracking_code") ?? []));
}

/** Credentials: `apiKey` (production or test key); optional `carrier` (EasyPost carrier name, e.g. "USPS"). */
export function createEasyPostClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? EASYPOST_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "easypost");
  const carrier = options.credentials.carrier;
  const headers = {
    authorization: `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`,
    accept: "application/json",
  };
  const request = (url: string, signal?: AbortSignal, body?: string) =>
    carrierRequest({
      url,
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body,
      signal,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });
  return {
    batchSize: PAGE_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, PAGE_SIZE)) {
        const query = new URLSearchParams({ page_size: String(PAGE_SIZE) });
        for (const n of batch) query.append("tracking_codes[]", n);
        if (carrier) query.set("carrier", carrier);
        const list = await request(joinUrl(baseUrl, `/v2/trackers?${query.toString()}`), signal);
        payloads.push(toPayload(list, batch));
        limits.push(list.rateLimit);
        if (list.status !== 200) continue;
        const known = listedCodes(list.body);
        for (const n of batch.filter((code) => !known.has(code))) {
          const tracker = { tracking_code: n, ...(carrier ? { carrier } : {}) };
          const created = await request(
            joinUrl(baseUrl, "/v2/trackers"),
            signal,
            JSON.stringify({ tracker }),
          );
          payloads.push(toPayload(created, [n]));
          limits.push(created.rateLimit);
        }
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
