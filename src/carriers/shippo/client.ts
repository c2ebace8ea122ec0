/**
 * Shippo Tracking API client: `GET /tracks/{carrier}/{tracking_number}` with `Authorization: ShippoToken <key>`,
 * one number per call. Shippo needs the carrier token (usps, ups, fedex, dhl_express...): give numbers as
 * "carrier:number" or set the `carrier` credential as the default.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const SHIPPO_BASE_URL = "https://api.goshippo.com";

/** "usps:9205…" → ["usps", "9205…"]; a bare number takes the default carrier. */
export function splitCarrierPrefix(
  input: string,
  fallback: string | undefined,
): [string | undefined, string] {
  const m = /^([a-z][a-z0-9_]*):(.+)$/.exec(input);
  return m ? [m[1], m[2] as string] : [fallback, input];
}

/** Credentials: `apiKey` (live or test token); optional `carrier` (default Shippo carrier token). */
export function createShippoClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? SHIPPO_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "shippo");
  const defaultCarrier = options.credentials.carrier;
  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const input of trackingNumbers) {
        const [carrier, number] = splitCarrierPrefix(input, defaultCarrier);
        if (!carrier)
          throw new Error(`shippo: no carrier for ${input} (use "carrier:number" or the carrier credential)`);
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/tracks/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}`),
          headers: { authorization: `ShippoToken ${apiKey}`, accept: "application/json" },
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
