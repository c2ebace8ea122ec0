/** MyDHL API (DHL Express) tracking client: HTTP Basic auth with the API key/secret, one shipment per request. */
import { randomUUID } from "node:crypto";
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const DHL_EXPRESS_BASE_URL = "https://express.api.dhl.com/mydhlapi";

/** Credentials: `apiKey` and `apiSecret` of a MyDHL API account (test base URL: https://express.api.dhl.com/mydhlapi/test). */
export function createDhlExpressClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? DHL_EXPRESS_BASE_URL;
  const key = requireCredential(options.credentials, "apiKey", "dhl_express");
  const secret = requireCredential(options.credentials, "apiSecret", "dhl_express");
  const authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
  return {
    batchSize: 1, // GET /shipments/{shipmentTrackingNumber}/tracking
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const query = new URLSearchParams({ trackingView: "all-checkpoints", levelOfDetail: "all" });
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/shipments/${encodeURIComponent(number)}/tracking?${query.toString()}`),
          headers: {
            authorization,
            accept: "application/json",
            "message-reference": randomUUID(),
            "message-reference-date": new Date((options.now ?? Date.now)()).toUTCString(),
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
