/**
 * Royal Mail Tracking API v2 client: IBM API Connect client id/secret headers and the terms-acceptance header,
 * one mail piece per `GET /mailpieces/v2/{id}/events` (the full history; `/summary` only carries the last event).
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const ROYAL_MAIL_BASE_URL = "https://api.royalmail.net";

/** Credentials: `clientId`, `clientSecret` (Royal Mail developer portal application). */
export function createRoyalMailClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? ROYAL_MAIL_BASE_URL;
  const clientId = requireCredential(options.credentials, "clientId", "royalmail");
  const clientSecret = requireCredential(options.credentials, "clientSecret", "royalmail");
  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/mailpieces/v2/${encodeURIComponent(number)}/events`),
          headers: {
            "x-ibm-client-id": clientId,
            "x-ibm-client-secret": clientSecret,
            "x-accept-rmg-terms": "yes",
            accept: "application/json",
          },
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, [number]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
