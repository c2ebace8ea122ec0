/**
 * Australia Post Shipping & Tracking API client: `GET /shipping/v1/track?tracking_ids=…` with HTTP Basic auth
 * (API key : password) and the `account-number` header, up to 10 ids per request.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  batches,
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
} from "../shared/index.js";

export const AUSTRALIA_POST_BASE_URL = "https://digitalapi.auspost.com.au";

/** "The request must contain 10 or less AP article ids, consignment ids, or barcode ids." (error 51101) */
export const AUSTRALIA_POST_BATCH_SIZE = 10;

/** Credentials: `apiKey`, `password` and `accountNumber` (the Australia Post contract account). */
export function createAustraliaPostClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? AUSTRALIA_POST_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "australiapost");
  const password = requireCredential(options.credentials, "password", "australiapost");
  const accountNumber = requireCredential(options.credentials, "accountNumber", "australiapost");
  const authorization = `Basic ${Buffer.from(`${apiKey}:${password}`).toString("base64")}`;
  return {
    batchSize: AUSTRALIA_POST_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, AUSTRALIA_POST_BATCH_SIZE)) {
        const query = new URLSearchParams({ tracking_ids: batch.join(",") });
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/shipping/v1/track?${query.toString()}`),
          headers: { authorization, "account-number": accountNumber, accept: "application/json" },
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, batch));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
