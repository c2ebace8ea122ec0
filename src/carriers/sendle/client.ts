/** Sendle API client: `GET /api/tracking/{ref}` with HTTP Basic auth (Sendle ID : API key), one reference per call. */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const SENDLE_BASE_URL = "https://api.sendle.com";

/** Credentials: `sendleId`, `apiKey` (Sendle dashboard → Settings → Integrations). */
export function createSendleClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? SENDLE_BASE_URL;
  const sendleId = requireCredential(options.credentials, "sendleId", "sendle");
  const apiKey = requireCredential(options.credentials, "apiKey", "sendle");
  const authorization = `Basic ${Buffer.from(`${sendleId}:${apiKey}`).toString("base64")}`;
  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const ref of trackingNumbers) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/api/tracking/${encodeURIComponent(ref)}`),
          headers: { authorization, accept: "application/json" },
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, [ref]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
