/**
 * Hermes Germany HSI client: OAuth 2.0 resource-owner password grant at authme.myhermes.de (client id/secret
 * plus the HSI user's name and password; tokens live one hour and are cached), then the Shipment Info API
 * `GET /services/hsi/shipmentinfo?shipmentID=…&shipmentID=…`, up to 100 shipment ids per call. An expired or
 * invalid token (HTTP 401, or HSI's 400 with e902/e903) is refreshed once.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  batches,
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  OAuthTokenError,
  parseJsonSafe,
  requireCredential,
  str,
  toPayload,
  type TokenCache,
} from "../shared/index.js";

export const HERMES_BASE_URL = "https://de-api.hermesworld.com";
export const HERMES_AUTH_URL = "https://authme.myhermes.de";
const TOKEN_PATH = "/authorization-facade/oauth2/access_token";
const SHIPMENT_INFO_PATH = "/services/hsi/shipmentinfo";
/** The Shipment Info API accepts at most 100 shipmentID parameters. */
export const HERMES_BATCH_SIZE = 100;
const SKEW_MS = 60_000;

/** A password-grant token cache with the same contract as the shared client-credentials one. */
function passwordTokenCache(options: CarrierClientOptions, tokenUrl: string): TokenCache {
  const now = options.now ?? Date.now;
  const form = new URLSearchParams({
    grant_type: "password",
    client_id: requireCredential(options.credentials, "clientId", "hermes"),
    client_secret: requireCredential(options.credentials, "clientSecret", "hermes"),
    username: requireCredential(options.credentials, "username", "hermes"),
    password: requireCredential(options.credentials, "password", "hermes"),
  }).toString();
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const issuedAt = now();
    const res = await carrierRequest({
      url: tokenUrl,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form,
      signal,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });
    const json = parseJsonSafe(res.body);
    const token = json.ok ? str(json.value, "access_token") : undefined;
    if (res.status !== 200 || !token) {
      const reason = (json.ok && str(json.value, "error_description")) || `HTTP ${res.status}`;
      throw new OAuthTokenError(`hermes: token request refused: ${reason}`, res.status, res.body);
    }
    // expires_in is documented as a string of seconds ("3599"); one hour when absent or unreadable.
    const seconds = Number(json.ok ? (json.value as Record<string, unknown>).expires_in : NaN);
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000;
    cached = { token, expiresAt: issuedAt + lifetime };
    return token;
  }

  return {
    getToken(signal) {
      if (cached && now() < cached.expiresAt - SKEW_MS) return Promise.resolve(cached.token);
      inFlight ??= fetchToken(signal).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
}

/** True when HSI refused the token itself (401, or 400 with e902 invalid / e903 expired). */
function tokenRejected(status: number, body: string): boolean {
  return status === 401 || (status === 400 && /"e90[23]"/.test(body));
}

/**
 * Credentials: `clientId`, `clientSecret` (HSI API client), `username`, `password` (the HSI user); optional
 * `language` ("EN" default, or "DE") for the status texts. With `baseUrl` set (an emulator), the token endpoint
 * is served from the same base.
 */
export function createHermesClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? HERMES_BASE_URL;
  const tokens = passwordTokenCache(options, joinUrl(options.baseUrl ?? HERMES_AUTH_URL, TOKEN_PATH));
  const language = options.credentials.language === "DE" ? "DE" : "EN";

  const fetchBatch = (ids: string[], token: string, signal?: AbortSignal) => {
    const query = new URLSearchParams(ids.map((id): [string, string] => ["shipmentID", id]));
    return carrierRequest({
      url: joinUrl(baseUrl, `${SHIPMENT_INFO_PATH}?${query.toString()}`),
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        "accept-language": language,
        "user-agent": "Shipwatch",
      },
      signal,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });
  };

  return {
    batchSize: HERMES_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const ids of batches(trackingNumbers, HERMES_BATCH_SIZE)) {
        let res = await fetchBatch(ids, await tokens.getToken(signal), signal);
        if (tokenRejected(res.status, res.body)) {
          tokens.invalidate();
          res = await fetchBatch(ids, await tokens.getToken(signal), signal);
        }
        payloads.push(toPayload(res, ids));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
