/**
 * SEKO Logistics (OmniParcel) tracking client: `POST /labels/statusv2` with the consignment numbers as a JSON array
 * and the `access_key` header. SEKO documents no batch limit; batches of 10 keep each response small.
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

export const SEKO_BASE_URL = "https://api.omniparcel.com";
const BATCH = 10;

/** Credentials: `accessKey` (OmniParcel access key). */
export function createSekoClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? SEKO_BASE_URL;
  const accessKey = requireCredential(options.credentials, "accessKey", "seko");
  return {
    batchSize: BATCH,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, BATCH)) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, "/labels/statusv2"),
          method: "POST",
          headers: {
            access_key: accessKey,
            "content-type": "application/json; charset=utf-8",
            accept: "application/json",
          },
          body: JSON.stringify(batch),
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
