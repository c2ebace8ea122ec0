/**
 * The carrier adapter contract. Each carrier is a folder exporting `defineCarrier({...})`:
 * a pure `parse`, a status map kept as data, an optional network `client` and an optional `webhook`.
 */
import type { ParseOutput } from "../core/events.js";
import type { Status } from "../core/status.js";

/** One carrier code and the normalized status it means; `description` says what the carrier means by it. */
export interface StatusMapEntry {
  status: Status;
  substatus: string | null;
  description: string;
}

export type StatusMap = Readonly<Record<string, StatusMapEntry>>;

/** A response body fetched from a carrier, kept verbatim so it can be stored raw before parsing. */
export interface FetchedPayload {
  body: string;
  contentType: string;
  httpStatus: number;
  trackingNumbers: string[];
}

/** What the carrier's rate-limit headers said, so every worker can share the budget. */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
  resetAt: Date | null;
  retryAfterMs: number | null;
}

export interface TrackResponse {
  payloads: FetchedPayload[];
  rateLimit: RateLimitInfo | null;
}

export interface CarrierClientOptions {
  /** Overrides the carrier's production base URL (the emulator in tests and the demo). */
  baseUrl?: string;
  credentials: Readonly<Record<string, string>>;
  fetch?: typeof fetch;
  /** Clock for token expiry; injected in tests. */
  now?: () => number;
  timeoutMs?: number;
}

/** Where a carrier should push a subscribed parcel's scans, and the credential it echoes back with each push. */
export interface PushDestination {
  url: string;
  credential: string;
}

/** A carrier's answer to a push subscription request. */
export interface SubscribeResponse {
  httpStatus: number;
  /** Numbers the carrier now pushes, until `expiresAt`. */
  valid: string[];
  /** Numbers it refused (malformed, unknown to it): they stay polled normally. */
  invalid: string[];
  /** When the accepted subscriptions lapse (UPS: 14 days). */
  expiresAt: Date;
  /** Why the whole request failed (HTTP status and carrier error codes), when it did. */
  error: string | null;
  rateLimit: RateLimitInfo | null;
}

export interface CarrierClient {
  /** How many tracking numbers one request may carry. */
  readonly batchSize: number;
  track(trackingNumbers: string[], signal?: AbortSignal): Promise<TrackResponse>;
  /** Carriers that push scans (UPS Track Alert): numbers one subscription request may carry. */
  readonly subscribeBatchSize?: number;
  /** Asks the carrier to push these parcels' scans to `destination` (one request, at most subscribeBatchSize). */
  subscribe?(
    trackingNumbers: string[],
    destination: PushDestination,
    signal?: AbortSignal,
  ): Promise<SubscribeResponse>;
}

export type WebhookVerification = { ok: true; eventId: string | null } | { ok: false; reason: string };

export interface CarrierWebhook {
  /** Pure: checks the signature (constant-time) and timestamp tolerance against the given clock. */
  verify(
    rawBody: Buffer,
    headers: Readonly<Record<string, string | undefined>>,
    secret: string,
    now: Date,
  ): WebhookVerification;
  /** Parses a pushed payload (often a different envelope from the polling API's). */
  parse(rawBody: Buffer): ParseOutput;
}

/** What the caller knows about a payload beyond its bytes (see `CarrierAdapter.parse`). */
export interface ParseContext {
  /** The tracking numbers the request that produced this body asked for, in request order. */
  trackingNumbers?: readonly string[];
}

/** How a client authenticates; "oauth2_password" is OAuth 2's resource-owner password grant (Hermes HSI). */
export type CarrierAuth =
  "oauth2_client_credentials" | "oauth2_password" | "api_key" | "basic" | "user_password" | "none";

export interface CarrierAdapter {
  /** lower_snake_case id, as DESIGN.md lists them. */
  readonly id: string;
  readonly label: string;
  /** The API this adapter speaks, e.g. "UPS Tracking API v1". */
  readonly api: string;
  readonly auth: CarrierAuth;
  readonly defaultBaseUrl: string;
  /** True for aggregators (tracking for many carriers behind one API). */
  readonly aggregator?: boolean;
  readonly statusMap: StatusMap;
  /**
   * Pure: carrier response body → normalized results and errors. Never throws on bad input.
   * `context` carries what the caller knows but the body may not say: `trackingNumbers` are the numbers the
   * request asked for (the client's `FetchedPayload.trackingNumbers`, kept with the raw payload so a replay
   * passes them again). Adapters whose responses never name the parcel (DPD getTrackingData, Sendle tracking)
   * use them to name their results; every other adapter ignores them and reads the number from the body.
   */
  parse(body: string | Buffer, contentType?: string, context?: ParseContext): ParseOutput;
  createClient?(options: CarrierClientOptions): CarrierClient;
  webhook?: CarrierWebhook;
  /**
   * The carrier's push subscription API, by name ("UPS Track Alert"), when its client can `subscribe` numbers to
   * pushes that `webhook` receives: a carrier account can then turn push on.
   */
  pushApi?: string;
  /** What the seller must set up at the carrier for pushes to arrive, when the subscription request cannot say. */
  pushSetup?: string;
  /** The carrier's public tracking page for a number, for the shopper. */
  trackingUrl?(trackingNumber: string): string;
}

export function defineCarrier(adapter: CarrierAdapter): CarrierAdapter {
  return Object.freeze(adapter);
}
