/**
 * GLS Track And Trace API v1 client: OAuth2 client credentials (Authentication API v2, Basic auth at
 * /oauth2/v2/token, tokens valid up to 4 h), up to 10 parcel numbers per request, comma-separated in the path.
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

export const GLS_BASE_URL = "https://api.gls-group.net";
/** "maximum limit of 10 parcel IDs per request" (Track And Trace V1 OpenAPI). */
export const GLS_BATCH_SIZE = 10;

/** Credentials: `clientId`, `clientSecret` (app API key and secret from the GLS Developer Portal); optional `language` (EN, DE…). */
export function createGlsClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? GLS_BASE_URL;
  const tokens = createTokenCache({
    tokenUrl: joinUrl(baseUrl, "/oauth2/v2/token"),
    clientId: requireCredential(options.credentials, "clientId", "gls"),
    clientSecret: requireCredential(options.credentials, "clientSecret", "gls"),
    style: "basic",
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
  });
  const language = options.credentials.language ?? "EN";
  return {
    batchSize: GLS_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, GLS_BATCH_SIZE)) {
        const ids = batch.map(encodeURIComponent).join(",");
        const res = await bearerJsonRequest(
          tokens,
          options,
          {
            url: joinUrl(baseUrl, `/track-and-trace-v1/tracking/simple/trackids/${ids}?showEvents=true`),
            headers: { "accept-language": language },
          },
          signal,
        );
        payloads.push(toPayload(res, batch));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
