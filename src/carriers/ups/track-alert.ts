/**
 * UPS Track Alert subscriptions: POST /api/track/v1/subscription/standard/package with up to 100 1Z numbers, the
 * URL UPS pushes each new scan to and the credential it echoes in a `credential` header (webhook.ts checks it).
 * UPS answers which numbers it subscribed (validTrackingNumbers) and which it refused (invalidTrackingNumbers);
 * a subscription lasts 14 days and has no history: scans before it come from the Track API.
 */
import type { CarrierClientOptions, PushDestination, SubscribeResponse } from "../types.js";
import { joinUrl, parseJsonSafe, type TokenCache, bearerJsonRequest } from "../shared/index.js";
import { upsTransactionHeaders } from "./transaction-headers.js";

export const TRACK_ALERT_PATH = "/api/track/v1/subscription/standard/package";
/** UPS rejects a whole request of more than 100 numbers (VSS220). */
export const TRACK_ALERT_BATCH = 100;
/** "Each 1Z subscription is valid for 14 days." */
export const TRACK_ALERT_DAYS = 14;

/** The request body UPS expects (TrackSubsServiceRequest). */
export function trackAlertRequestBody(numbers: readonly string[], destination: PushDestination): object {
  return {
    locale: "en_US",
    countryCode: "US",
    trackingNumberList: numbers,
    destination: { url: destination.url, credentialType: "Bearer", credential: destination.credential },
  };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").map((v) => v.trim()) : [];

/** Reads UPS's answer; numbers it names in neither list are counted invalid (not subscribed: keep polling). */
export function readTrackAlertAnswer(
  numbers: readonly string[],
  httpStatus: number,
  body: string,
): Pick<SubscribeResponse, "valid" | "invalid" | "error"> {
  const json = parseJsonSafe(body);
  const obj =
    json.ok && json.value && typeof json.value === "object" ? (json.value as Record<string, unknown>) : {};
  if (httpStatus !== 200) {
    const errors = (obj.response as { errors?: { code?: string; message?: string }[] } | undefined)?.errors;
    const codes = (errors ?? (obj.errors as typeof errors) ?? []).map((e) => `${e.code}: ${e.message}`);
    return {
      valid: [],
      invalid: [...numbers],
      error: `UPS Track Alert HTTP ${httpStatus}${codes.length ? ` (${codes.join("; ")})` : ""}`,
    };
  }
  const valid = new Set(strings(obj.validTrackingNumbers));
  return {
    valid: numbers.filter((n) => valid.has(n)),
    invalid: numbers.filter((n) => !valid.has(n)),
    error: null,
  };
}

/** One subscription request (numbers.length ≤ TRACK_ALERT_BATCH). */
export async function subscribeTrackAlert(
  tokens: TokenCache,
  baseUrl: string,
  options: CarrierClientOptions,
  numbers: readonly string[],
  destination: PushDestination,
  signal?: AbortSignal,
): Promise<SubscribeResponse> {
  if (numbers.length > TRACK_ALERT_BATCH)
    throw new Error(`UPS Track Alert takes at most ${TRACK_ALERT_BATCH} numbers per request`);
  const now = (options.now ?? Date.now)();
  const res = await bearerJsonRequest(
    tokens,
    options,
    {
      url: joinUrl(baseUrl, TRACK_ALERT_PATH),
      method: "POST",
      headers: upsTransactionHeaders(),
      body: JSON.stringify(trackAlertRequestBody(numbers, destination)),
    },
    signal,
  );
  return {
    httpStatus: res.status,
    ...readTrackAlertAnswer(numbers, res.status, res.body),
    expiresAt: new Date(now + TRACK_ALERT_DAYS * 86_400_000),
    rateLimit: res.rateLimit,
  };
}
