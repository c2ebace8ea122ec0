/**
 * FedEx Track API v1 client: OAuth2 client credentials (form body at /oauth/token), up to 30 numbers per request;
 * with a `webhookProjectId` the same token adds numbers to that AIV webhook project (aiv-subscription.ts).
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  batches,
  createTokenCache,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
  bearerJsonRequest,
} from "../shared/index.js";
import { AIV_BATCH, subscribeAiv } from "./aiv-subscription.js";

export const FEDEX_BASE_URL = "https://apis.fedex.com";
export const FEDEX_BATCH_SIZE = 30;

/**
 * Credentials: `clientId` (API key) and `clientSecret` (secret key) of a FedEx developer project; optional
 * `webhookProjectId`, the Advanced Integrated Visibility tracking-number webhook project to subscribe numbers to
 * (its destination URL and security token are set in the FedEx portal). Without it the client cannot subscribe.
 */
export function createFedexClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? FEDEX_BASE_URL;
  const tokens = createTokenCache({
    tokenUrl: joinUrl(baseUrl, "/oauth/token"),
    clientId: requireCredential(options.credentials, "clientId", "fedex"),
    clientSecret: requireCredential(options.credentials, "clientSecret", "fedex"),
    style: "form",
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
  });
  const project = options.credentials.webhookProjectId;
  return {
    batchSize: FEDEX_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, FEDEX_BATCH_SIZE)) {
        const body = JSON.stringify({
          includeDetailedScans: true,
          trackingInfo: batch.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
        });
        const res = await bearerJsonRequest(
          tokens,
          options,
          {
            url: joinUrl(baseUrl, "/track/v1/trackingnumbers"),
            method: "POST",
            headers: { "x-locale": "en_US" },
            body,
          },
          signal,
        );
        payloads.push(toPayload(res, batch));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
    // FedEx pushes to the URL and signs with the token set on the project, so `destination` is not sent: the
    // account's project must point at the seller's inbound FedEx webhook with its secret (docs/polling.md).
    ...(project
      ? {
          subscribeBatchSize: AIV_BATCH,
          subscribe: (numbers: string[], _destination: unknown, signal?: AbortSignal) =>
            subscribeAiv(tokens, baseUrl, project, options, numbers, signal),
        }
      : {}),
  };
}
