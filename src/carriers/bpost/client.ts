/**
 * bpost track & trace client: `GET {base}/services/trackedmail/item/{itemCode}/trackingInfo` with HTTP Basic
 * auth (the Shipping Manager account id and its API passphrase), one item per call; the XML body is returned
 * verbatim, error bodies included.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const BPOST_BASE_URL = "https://api.parcel.bpost.cloud";

/** Credentials: `accountId`, `passphrase` (bpost Shipping Manager → Admin → API passphrase). */
export function createBpostClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? BPOST_BASE_URL;
  const accountId = requireCredential(options.credentials, "accountId", "bpost");
  const passphrase = requireCredential(options.credentials, "passphrase", "bpost");
  const authorization = `Basic ${Buffer.from(`${accountId}:${passphrase}`).toString("base64")}`;
  return {
    batchSize: 1, // trackingInfo answers for one item code
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const itemCode of trackingNumbers) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/services/trackedmail/item/${encodeURIComponent(itemCode)}/trackingInfo`),
          headers: { authorization, accept: "application/xml" },
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, [itemCode]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
