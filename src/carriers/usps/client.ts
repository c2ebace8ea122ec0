/**
 * USPS Tracking API v3 client: OAuth2 client credentials (JSON at /oauth2/v3/token), one number per request; a
 * second token (scope subscriptions-tracking) subscribes numbers to pushes (subscriptions.ts).
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  createTokenCache,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
  bearerJsonRequest,
} from "../shared/index.js";
import { subscribeUspsTracking, USPS_SUBSCRIBE_BATCH } from "./subscriptions.js";

export const USPS_BASE_URL = "https://apis.usps.com";

/**
 * Credentials: `clientId` (consumer key) and `clientSecret` (consumer secret) of a USPS developer app; optional
 * `adminEmail`, where USPS writes about a subscription's trouble (suspended listener, inactivity).
 */
export function createUspsClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? USPS_BASE_URL;
  const tokenCache = (scope: string) =>
    createTokenCache({
      tokenUrl: joinUrl(baseUrl, "/oauth2/v3/token"),
      clientId: requireCredential(options.credentials, "clientId", "usps"),
      clientSecret: requireCredential(options.credentials, "clientSecret", "usps"),
      style: "json",
      scope,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });
  const tokens = tokenCache("tracking");
  let subscriptionTokens: ReturnType<typeof tokenCache> | undefined;
  return {
    batchSize: 1, // GET /tracking/v3/tracking/{trackingNumber}
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = await bearerJsonRequest(
          tokens,
          options,
          { url: joinUrl(baseUrl, `/tracking/v3/tracking/${encodeURIComponent(number)}?expand=DETAIL`) },
          signal,
        );
        payloads.push(toPayload(res, [number]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
    subscribeBatchSize: USPS_SUBSCRIBE_BATCH,
    subscribe(numbers, destination, signal) {
      subscriptionTokens ??= tokenCache("subscriptions-tracking");
      return subscribeUspsTracking(subscriptionTokens, baseUrl, options, numbers, destination, signal);
    },
  };
}
