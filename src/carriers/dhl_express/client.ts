/**
 * MyDHL API (DHL Express) tracking client: HTTP Basic auth with the API key/secret; GET /tracking ("Track a single or
 * multiple DHL Express Shipments") with up to 200 `shipmentTrackingNumber` values per request, as the MyDHL API
 * reference documents.
 */
import { randomUUID } from "node:crypto";
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  batches,
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
} from "../shared/index.js";

export const DHL_EXPRESS_BASE_URL = "https://express.api.dhl.com/mydhlapi";
/** Numbers per GET /tracking request (MyDHL API: "Supports up to 200 tracking numbers"). */
export const DHL_EXPRESS_BATCH_SIZE = 200;

/** Credentials: `apiKey` and `apiSecret` of a MyDHL API account (test base URL: https://express.api.dhl.com/mydhlapi/test). */
export function createDhlExpressClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? DHL_EXPRESS_BASE_URL;
  const key = requireCredential(options.credentials, "apiKey", "dhl_express");
  const secret = requireCredential(options.credentials, "apiSecret", "dhl_express");
  const authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
  return {
    batchSize: DHL_EXPRESS_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const chunk of batches(trackingNumbers, DHL_EXPRESS_BATCH_SIZE)) {
        const query = new URLSearchParams(chunk.map((n): [string, string] => ["shipmentTrackingNumber", n]));
        query.set("trackingView", "all-checkpoints");
        query.set("levelOfDetail", "all");
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/tracking?${query.toString()}`),
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
        payloads.push(toPayload(res, chunk));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
