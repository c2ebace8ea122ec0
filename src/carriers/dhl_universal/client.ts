/** DHL Shipment Tracking – Unified API client: `DHL-API-Key` header, one tracking number per request. */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const DHL_UNIVERSAL_BASE_URL = "https://api-eu.dhl.com";

/**
 * Credentials: `apiKey` (developer.dhl.com app key). Optional `service` (express, parcel-de, ecommerce, …) narrows
 * the search to one business unit, and `language` (ISO 639-1) the event texts.
 */
export function createDhlUniversalClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? DHL_UNIVERSAL_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "dhl_universal");
  const { service, language } = options.credentials;
  return {
    batchSize: 1, // `trackingNumber` takes a single number
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const query = new URLSearchParams({ trackingNumber: number });
        if (service) query.set("service", service);
        if (language) query.set("language", language);
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/track/shipments?${query.toString()}`),
          headers: { "DHL-API-Key": apiKey, accept: "application/json" },
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
