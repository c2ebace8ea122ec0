/**
 * USPS Subscriptions - Tracking 3.x: `POST /subscriptions-tracking/v3/subscriptions` registers a listener URL and a
 * secret for a filter — a Mailer ID (every parcel shipped under it) or one tracking number. Shipwatch subscribes
 * by tracking number, one per request: the generic push flow records subscriptions per shipment, and a small
 * seller often ships on labels bought through a reseller, under a Mailer ID that is not theirs (see
 * docs/polling.md). USPS then POSTs a signed notification (webhook.ts) for every update of the parcel.
 *
 * What USPS documents and what is assumed (developers.usps.com/subscriptions-trackingv3r2 renders as a script; the
 * shapes below come from its published summaries and from integrations that call it):
 * - body `{ listenerURL, secret, filterProperties: { trackingNumber } }` (a `{ MID }` filter is the alternative);
 *   `adminNotification: [{ email }]` is sent when the account has `adminEmail` (assumed optional otherwise);
 * - the OAuth scope is `subscriptions-tracking`, separate from `tracking` (assumed: each gets its own token);
 * - a 2xx answer with `subscriptionId` accepts the number; errors use the USPS v3 error object, and an error whose
 *   `source.parameter` names the tracking number refuses that number (assumed); an error saying the subscription
 *   already exists means it is live (assumed; USPS refuses duplicates);
 * - the secret is 32 characters (USPS's limit); a seller's endpoint secret of another length is turned into 32
 *   hex characters by `uspsListenerSecret`, which the webhook applies too, so rotation keeps working;
 * - no expiry date: a subscription is deleted after 30 days without notifications (warned at 25). We record it
 *   as lasting 25 days (assumed), so a parcel still open then is subscribed again (or found live: duplicate).
 */
import { createHmac } from "node:crypto";
import type { CarrierClientOptions, PushDestination, SubscribeResponse } from "../types.js";
import { joinUrl, parseJsonSafe, type TokenCache, bearerJsonRequest } from "../shared/index.js";

export const USPS_SUBSCRIPTIONS_PATH = "/subscriptions-tracking/v3/subscriptions";
/** One tracking number per subscription (filterProperties.trackingNumber is a single number). */
export const USPS_SUBSCRIBE_BATCH = 1;
/** How long we count on a subscription: USPS deletes it after 30 days without a notification (assumed 25). */
export const USPS_SUBSCRIPTION_DAYS = 25;
/** USPS takes a 32-character secret. */
export const USPS_SECRET_LENGTH = 32;

/**
 * The secret USPS signs notifications with for a seller's endpoint secret: the secret itself when it is 32
 * characters (one the seller registered with USPS before), else 32 hex characters derived from it.
 */
export function uspsListenerSecret(endpointSecret: string): string {
  if (endpointSecret.length === USPS_SECRET_LENGTH) return endpointSecret;
  return createHmac("sha256", endpointSecret)
    .update("shipwatch:usps-subscriptions-tracking")
    .digest("hex")
    .slice(0, USPS_SECRET_LENGTH);
}

/** The subscription request body for one tracking number. */
export function uspsSubscriptionBody(
  trackingNumber: string,
  destination: PushDestination,
  adminEmail?: string,
): object {
  return {
    listenerURL: destination.url,
    secret: uspsListenerSecret(destination.credential),
    filterProperties: { trackingNumber },
    ...(adminEmail ? { adminNotification: [{ email: adminEmail }] } : {}),
  };
}

interface UspsErrorDetail {
  detail?: string;
  title?: string;
  code?: string;
  source?: { parameter?: string };
}

/** Reads USPS's answer to one subscription request. */
export function readUspsSubscriptionAnswer(
  trackingNumber: string,
  httpStatus: number,
  body: string,
): Pick<SubscribeResponse, "valid" | "invalid" | "error"> {
  const json = parseJsonSafe(body);
  const obj =
    json.ok && json.value && typeof json.value === "object" ? (json.value as Record<string, unknown>) : {};
  if (httpStatus >= 200 && httpStatus < 300) {
    return typeof obj.subscriptionId === "string" || httpStatus === 201
      ? { valid: [trackingNumber], invalid: [], error: null }
      : { valid: [], invalid: [], error: `USPS subscription HTTP ${httpStatus} without a subscriptionId` };
  }
  const error = (obj.error ?? {}) as { message?: string; errors?: UspsErrorDetail[] };
  const details = Array.isArray(error.errors) ? error.errors : [];
  const text = [error.message, ...details.map((d) => d.detail)].filter(Boolean).join("; ");
  if (httpStatus === 400 || httpStatus === 409) {
    if (/duplicate|already (exists|subscribed)/i.test(text))
      return { valid: [trackingNumber], invalid: [], error: null };
    if (details.some((d) => /trackingNumber/i.test(d.source?.parameter ?? "")))
      return { valid: [], invalid: [trackingNumber], error: null };
  }
  return {
    valid: [],
    invalid: [],
    error: `USPS Subscriptions - Tracking HTTP ${httpStatus}${text ? ` (${text})` : ""}`,
  };
}

/** One subscription request (a single tracking number). */
export async function subscribeUspsTracking(
  tokens: TokenCache,
  baseUrl: string,
  options: CarrierClientOptions,
  numbers: readonly string[],
  destination: PushDestination,
  signal?: AbortSignal,
): Promise<SubscribeResponse> {
  if (numbers.length !== USPS_SUBSCRIBE_BATCH)
    throw new Error(`USPS subscribes ${USPS_SUBSCRIBE_BATCH} tracking number per request`);
  const number = numbers[0]!;
  const now = (options.now ?? Date.now)();
  const res = await bearerJsonRequest(
    tokens,
    options,
    {
      url: joinUrl(baseUrl, USPS_SUBSCRIPTIONS_PATH),
      method: "POST",
      body: JSON.stringify(uspsSubscriptionBody(number, destination, options.credentials.adminEmail)),
    },
    signal,
  );
  return {
    httpStatus: res.status,
    ...readUspsSubscriptionAnswer(number, res.status, res.body),
    expiresAt: new Date(now + USPS_SUBSCRIPTION_DAYS * 86_400_000),
    rateLimit: res.rateLimit,
  };
}
