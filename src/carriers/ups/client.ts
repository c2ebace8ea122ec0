/**
 * UPS Track API v1 client: OAuth2 client credentials (Basic auth at /security/v1/oauth/token), one number per
 * request; the same token subscribes numbers to Track Alert pushes (track-alert.ts).
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  createTokenCache,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
  bearerJsonRequest,
} from "../shared/index.js";
import { upsTransactionHeaders } from "./transaction-headers.js";
import { subscribeTrackAlert, TRACK_ALERT_BATCH } from "./track-alert.js";

export const UPS_BASE_URL = "https://onlinetools.ups.com";

/** Credentials: `clientId`, `clientSecret` (UPS developer app); optional `merchantId` (shipper account). */
export function createUpsClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? UPS_BASE_URL;
  const clientId = requireCredential(options.credentials, "clientId", "ups");
  const clientSecret = requireCredential(options.credentials, "clientSecret", "ups");
  const merchantId = options.credentials.merchantId;
  const tokens = createTokenCache({
    tokenUrl: joinUrl(baseUrl, "/security/v1/oauth/token"),
    clientId,
    clientSecret,
    style: "basic",
    extraHeaders: merchantId ? { "x-merchant-id": merchantId } : {},
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
  });
  return {
    batchSize: 1, // the details endpoint takes one inquiry number per call
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const query = new URLSearchParams({
          locale: "en_US",
          returnSignature: "false",
          returnMilestones: "false",
        });
        const res = await bearerJsonRequest(
          tokens,
          options,
          {
            url: joinUrl(baseUrl, `/api/track/v1/details/${encodeURIComponent(number)}?${query.toString()}`),
            headers: upsTransactionHeaders(),
          },
          signal,
        );
        payloads.push(toPayload(res, [number]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
    subscribeBatchSize: TRACK_ALERT_BATCH,
    subscribe: (numbers, destination, signal) =>
      subscribeTrackAlert(tokens, baseUrl, options, numbers, destination, signal),
  };
}
