/**
 * OAuth2 client-credentials token cache for carrier clients (UPS, FedEx, USPS...): fetches a token from the
 * token endpoint, reuses it until shortly before expiry (skew), shares one in-flight request between
 * concurrent callers, and uses an injected clock so tests control expiry.
 */
import type { CarrierClientOptions } from "../types.js";
import { carrierRequest, type CarrierHttpResponse } from "./http.js";

export interface OAuthClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** "basic": credentials in an Authorization header (UPS); "form": in the form body (FedEx); "json": JSON body (USPS). */
  style?: "basic" | "form" | "json";
  scope?: string;
  extraHeaders?: Record<string, string>;
  /** Refresh this long before the token's expiry. Default 60 s. */
  skewMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

/** Raised when the token endpoint refuses the credentials or answers something unreadable. */
export class OAuthTokenError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly body: string,
  ) {
    super(message);
    this.name = "OAuthTokenError";
  }
}

export interface TokenCache {
  /** A valid access token, fetched when none is cached or the cached one is (nearly) expired. */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token (call after a 401 from the API). */
  invalidate(): void;
}

/** Creates a client-credentials token cache. */
export function createTokenCache(options: OAuthClientCredentialsOptions): TokenCache {
  const now = options.now ?? Date.now;
  const skew = options.skewMs ?? 60_000;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const style = options.style ?? "form";
    const headers: Record<string, string> = { accept: "application/json", ...options.extraHeaders };
    let body: string;
    if (style === "json") {
      headers["content-type"] = "application/json";
      body = JSON.stringify({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: options.clientSecret,
        ...(options.scope ? { scope: options.scope } : {}),
      });
    } else {
      headers["content-type"] = "application/x-www-form-urlencoded";
      const form = new URLSearchParams({ grant_type: "client_credentials" });
      if (options.scope) form.set("scope", options.scope);
      if (style === "basic") {
        headers.authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`;
      } else {
        form.set("client_id", options.clientId);
        form.set("client_secret", options.clientSecret);
      }
      body = form.toString();
    }
    const issuedAt = now();
    const res = await carrierRequest({
      url: options.tokenUrl,
      method: "POST",
      headers,
      body,
      signal,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      now,
    });
    let parsed: { access_token?: unknown; expires_in?: unknown } = {};
    try {
      parsed = JSON.parse(res.body) as typeof parsed;
    } catch {
      // handled below: no token
    }
    if (res.status >= 400 || typeof parsed.access_token !== "string") {
      throw new OAuthTokenError(
        `token endpoint answered HTTP ${res.status}`,
        res.status,
        res.body.slice(0, 2000),
      );
    }
    const expiresIn = Number(parsed.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 300_000;
    cached = { token: parsed.access_token, expiresAt: issuedAt + lifetimeMs };
    return parsed.access_token;
  }

  return {
    getToken(signal) {
      if (cached && now() < cached.expiresAt - skew) return Promise.resolve(cached.token);
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

/** Runs `call` with a bearer token; on HTTP 401 forgets the token and retries once with a fresh one. */
export async function withBearerToken<T extends { status: number }>(
  tokens: TokenCache,
  call: (token: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const first = await call(await tokens.getToken(signal));
  if (first.status !== 401) return first;
  tokens.invalidate();
  return call(await tokens.getToken(signal));
}

/** A JSON call to an OAuth carrier API: where and how; the token and the transport come from the client. */
export interface BearerJsonRequest {
  url: string;
  method?: "GET" | "POST";
  /** Headers beyond Authorization, Accept and Content-Type (a carrier's transaction id, locale...). */
  headers?: Record<string, string>;
  body?: string;
}

/** The client options every request passes on: the injected fetch and clock, and the timeout. */
export type CarrierTransport = Pick<CarrierClientOptions, "fetch" | "now" | "timeoutMs">;

/**
 * One request with the cached bearer token, renewed once on HTTP 401 (withBearerToken): Authorization, Accept
 * `application/json`, Content-Type `application/json` when there is a body, then the carrier's own headers.
 */
export function bearerJsonRequest(
  tokens: TokenCache,
  transport: CarrierTransport,
  req: BearerJsonRequest,
  signal?: AbortSignal,
): Promise<CarrierHttpResponse> {
  return withBearerToken(
    tokens,
    (token) =>
      carrierRequest({
        url: req.url,
        method: req.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(req.body === undefined ? {} : { "content-type": "application/json" }),
          ...req.headers,
        },
        body: req.body,
        signal,
        fetch: transport.fetch,
        now: transport.now,
        timeoutMs: transport.timeoutMs,
      }),
    signal,
  );
}

/** Reads a required credential, throwing a clear configuration error when it is missing. */
export function requireCredential(
  credentials: Readonly<Record<string, string>>,
  name: string,
  carrier: string,
): string {
  const value = credentials[name];
  if (!value) throw new Error(`${carrier}: missing credential "${name}"`);
  return value;
}
