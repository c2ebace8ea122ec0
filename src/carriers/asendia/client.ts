/**
 * Asendia tracking client, one number per call, for either API (chosen by the credentials):
 * - Asendia Sync (Europe; credentials `username`, `password`, `customerId`): a bearer token from
 *   `POST /api/authenticate`, then `GET /api/customers/{customerId}/tracking/{trackingNumber}`;
 * - Asendia US (credentials `username`, `password`, optional `apiKey`): HTTP Basic auth (+ `X-AsendiaOne-ApiKey`)
 *   on `GET /api/A1/v1.0/Tracking/Milestone?trackingNumberVendor=…`.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const ASENDIA_SYNC_BASE_URL = "https://www.asendia-sync.com";
export const ASENDIA_US_BASE_URL = "https://a1api.asendiausa.com";
const TOKEN_LIFETIME_MS = 50 * 60_000; // Asendia Sync does not state a lifetime; refreshed earlier on a 401.

export function createAsendiaClient(options: CarrierClientOptions): CarrierClient {
  const username = requireCredential(options.credentials, "username", "asendia");
  const password = requireCredential(options.credentials, "password", "asendia");
  const customerId = options.credentials.customerId;
  const now = options.now ?? Date.now;
  const common = { fetch: options.fetch, now: options.now, timeoutMs: options.timeoutMs };
  let token: { value: string; expiresAt: number } | null = null;

  async function syncToken(baseUrl: string, signal?: AbortSignal): Promise<string> {
    if (token && now() < token.expiresAt) return token.value;
    const res = await carrierRequest({
      url: joinUrl(baseUrl, "/api/authenticate"),
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ username, password }),
      signal,
      ...common,
    });
    let idToken: unknown;
    try {
      idToken = (JSON.parse(res.body) as { id_token?: unknown }).id_token;
    } catch {
      idToken = undefined;
    }
    if (res.status >= 400 || typeof idToken !== "string") {
      throw new Error(`asendia: authentication answered HTTP ${res.status}`);
    }
    token = { value: idToken, expiresAt: now() + TOKEN_LIFETIME_MS };
    return idToken;
  }

  async function trackSync(number: string, signal?: AbortSignal) {
    const baseUrl = options.baseUrl ?? ASENDIA_SYNC_BASE_URL;
    const url = joinUrl(
      baseUrl,
      `/api/customers/${encodeURIComponent(customerId ?? "")}/tracking/${encodeURIComponent(number)}`,
    );
    const call = async () =>
      carrierRequest({
        url,
        headers: { authorization: `Bearer ${await syncToken(baseUrl, signal)}`, accept: "application/json" },
        signal,
        ...common,
      });
    const first = await call();
    if (first.status !== 401) return first;
    token = null;
    return call();
  }

  function trackUs(number: string, signal?: AbortSignal) {
    const baseUrl = options.baseUrl ?? ASENDIA_US_BASE_URL;
    const apiKey = options.credentials.apiKey;
    return carrierRequest({
      url: joinUrl(
        baseUrl,
        `/api/A1/v1.0/Tracking/Milestone?trackingNumberVendor=${encodeURIComponent(number)}`,
      ),
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
        accept: "application/json",
        ...(apiKey ? { "x-asendiaone-apikey": apiKey } : {}),
      },
      signal,
      ...common,
    });
  }

  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = customerId ? await trackSync(number, signal) : await trackUs(number, signal);
        payloads.push(toPayload(res, [number]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
