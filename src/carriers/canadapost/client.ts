/** Canada Post Tracking client: HTTP Basic auth (API username:password), one PIN per `…/detail` request. */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const CANADA_POST_BASE_URL = "https://soa-gw.canadapost.ca";

/**
 * Credentials: `username`, `password` (the API key pair from the Canada Post developer program); optional
 * `language` ("en-CA" | "fr-CA"). 15-digit numbers are Delivery Notice Card numbers (DNC) and go to the dnc
 * endpoint; everything else is a PIN.
 */
export function createCanadaPostClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? CANADA_POST_BASE_URL;
  const username = requireCredential(options.credentials, "username", "canadapost");
  const password = requireCredential(options.credentials, "password", "canadapost");
  const language = options.credentials.language ?? "en-CA";
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  return {
    batchSize: 1, // one PIN or DNC per request
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const kind = /^[0-9]{15}$/.test(number) ? "dnc" : "pin";
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/vis/track/${kind}/${encodeURIComponent(number)}/detail`),
          headers: {
            authorization,
            accept: "application/vnd.cpc.track-v2+xml",
            "accept-language": language,
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
