/** USPS Tracking API v3 client: OAuth2 client credentials (JSON at /oauth2/v3/token), one number per request. */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  carrierRequest,
  createTokenCache,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
  withBearerToken,
} from "../shared/index.js";

export const USPS_BASE_URL = "https://apis.usps.com";

/** Credentials: `clientId` (consumer key) and `clientSecret` (consumer secret) of a USPS developer app. */
export function createUspsClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? USPS_BASE_URL;
  const tokens = createTokenCache({
    tokenUrl: joinUrl(baseUrl, "/oauth2/v3/token"),
    clientId: requireCredential(options.credentials, "clientId", "usps"),
    clientSecret: requireCredential(options.credentials, "clientSecret", "usps"),
    style: "json",
    scope: "tracking",
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
  });
  return {
    batchSize: 1, // GET /tracking/v3/tracking/{trackingNumber}
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = await withBearerToken(
          tokens,
          (token) =>
            carrierRequest({
              url: joinUrl(baseUrl, `/tracking/v3/tracking/${encodeURIComponent(number)}?expand=DETAIL`),
              headers: { authorization: `Bearer ${token}`, accept: "application/json" },
              signal,
              fetch: options.fetch,
              now: options.now,
              timeoutMs: options.timeoutMs,
            }),
          signal,
        );
        payloads.push(toPayload(res, [number]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
