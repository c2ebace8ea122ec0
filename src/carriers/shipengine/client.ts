/**
 * ShipEngine tracking client: `GET /v1/tracking?carrier_code=…&tracking_number=…` with the `API-Key` header, one
 * number per call. ShipEngine needs the carrier code (ups, fedex, stamps_com, dhl_express...): give numbers as
 * "carrier_code:number" or set the `carrierCode` credential as the default.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const SHIPENGINE_BASE_URL = "https://api.shipengine.com";

/** Credentials: `apiKey`; optional `carrierCode` (default ShipEngine carrier code). */
export function createShipEngineClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? SHIPENGINE_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "shipengine");
  const defaultCarrier = options.credentials.carrierCode;
  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const input of trackingNumbers) {
        const m = /^([a-z][a-z0-9_]*):(.+)$/.exec(input);
        const carrierCode = m?.[1] ?? defaultCarrier;
        const number = m?.[2] ?? input;
        if (!carrierCode) throw new Error(`shipengine: no carrier code for ${input}`);
        const query = new URLSearchParams({ carrier_code: carrierCode, tracking_number: number });
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/v1/tracking?${query.toString()}`),
          headers: { "api-key": apiKey, accept: "application/json" },
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
