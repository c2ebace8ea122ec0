/**
 * Amazon Shipping API v2 client (Selling Partner API): `GET /shipping/v2/tracking?trackingId=…&carrierId=…`, one
 * number per call, with an LWA access token (`x-amz-access-token`, refresh-token grant at api.amazon.com, cached
 * until shortly before expiry and refreshed once after a 401) and `x-amzn-shipping-business-id`.
 * SP-API reports its rate as `x-amzn-RateLimit-Limit` (requests per second).
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
  type CarrierHttpResponse,
} from "../shared/index.js";

export const AMAZON_SHIPPING_BASE_URL = "https://sellingpartnerapi-na.amazon.com";
export const LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token";
const SKEW_MS = 60_000;

function rateLimitOf(res: CarrierHttpResponse): RateLimitInfo | null {
  const perSecond = Number(res.headers.get("x-amzn-ratelimit-limit"));
  if (res.rateLimit || !Number.isFinite(perSecond) || perSecond <= 0) return res.rateLimit;
  return { limit: perSecond, remaining: null, resetAt: null, retryAfterMs: null };
}

/**
 * Credentials: `clientId`, `clientSecret`, `refreshToken` (LWA app + seller authorization); optional `carrierId`
 * (default "AMZN_US") and `businessId` (default "AmazonShipping_US"; AmazonShipping_UK, _IT, _ES, _FR, _IN).
 */
export function createAmazonShippingClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? AMAZON_SHIPPING_BASE_URL;
  const tokenUrl = options.baseUrl ? joinUrl(options.baseUrl, "/auth/o2/token") : LWA_TOKEN_URL;
  const clientId = requireCredential(options.credentials, "clientId", "amazon_shipping");
  const clientSecret = requireCredential(options.credentials, "clientSecret", "amazon_shipping");
  const refreshToken = requireCredential(options.credentials, "refreshToken", "amazon_shipping");
  const carrierId = options.credentials.carrierId ?? "AMZN_US";
  const businessId = options.credentials.businessId ?? "AmazonShipping_US";
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const issuedAt = now();
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: clientId,
      client_secret: clientSecret,
    });
    const res = await carrierRequest({
      url: tokenUrl,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      signal,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });
    let parsed: { access_token?: unknown; expires_in?: unknown } = {};
    try {
      parsed = JSON.parse(res.body) as typeof parsed;
    } catch {
      // no token: handled below
    }
    if (res.status >= 400 || typeof parsed.access_token !== "string") {
      throw new Error(`amazon_shipping: LWA token endpoint answered HTTP ${res.status}`);
    }
    const expiresIn = Number(parsed.expires_in);
    cached = {
      token: parsed.access_token,
      expiresAt: issuedAt + (expiresIn > 0 ? expiresIn * 1000 : 3_600_000),
    };
    return parsed.access_token;
  }

  const getToken = (signal?: AbortSignal): Promise<string> => {
    if (cached && now() < cached.expiresAt - SKEW_MS) return Promise.resolve(cached.token);
    inFlight ??= fetchToken(signal).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const get = async (number: string, signal?: AbortSignal) => {
    const query = new URLSearchParams({ trackingId: number, carrierId });
    const call = async () =>
      carrierRequest({
        url: joinUrl(baseUrl, `/shipping/v2/tracking?${query.toString()}`),
        headers: {
          "x-amz-access-token": await getToken(signal),
          "x-amzn-shipping-business-id": businessId,
          accept: "application/json",
        },
        signal,
        fetch: options.fetch,
        now: options.now,
        timeoutMs: options.timeoutMs,
      });
    const first = await call();
    if (first.status !== 401 && first.status !== 403) return first;
    cached = null;
    return call();
  };

  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = await get(number, signal);
        payloads.push(toPayload(res, [number]));
        limits.push(rateLimitOf(res));
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
