/**
 * USPS Tracking API v3 as the emulator speaks it: OAuth client credentials as JSON at /oauth2/v3/token,
 * GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL, answers shaped like USPS's (trackingEvents with
 * eventTimestamp wall-clock + GMTOffset, 2-character event codes, error objects with a status), and
 * Subscriptions - Tracking: POST /subscriptions-tracking/v3/subscriptions by tracking number, then one signed
 * notification per new scan (envelope with the payload as a string, X-HMAC over timestamp + payload).
 */
import { createHash, createHmac } from "node:crypto";
import type { SimEvent, SimStep } from "../lane-journeys.js";
import {
  json,
  wallClock,
  type CarrierDialect,
  type EmulatorRequest,
  type EmulatorResponse,
  type SubscribeRequest,
  type VisibleParcel,
} from "./dialect.js";
import { dayToIsoDate } from "../../ingest/polling/local-time.js";

/** step → [eventCode (the status-map key), eventType text]. USPS has no customs steps on these domestic lanes. */
const STEPS: Record<SimStep, [string, string]> = {
  label: ["GX", "Shipping Label Created, USPS Awaiting Item"],
  pickup: ["03", "USPS in possession of item"],
  departed: ["T1", "Departed USPS Regional Facility"],
  arrived: ["10", "Arrived at USPS Regional Facility"],
  customs_started: ["10", "Processed Through Facility (customs)"],
  customs_held: ["05", "Held in Customs"],
  customs_cleared: ["10", "Customs Clearance Processing Complete"],
  weather_delay: ["71", "Rescheduled to Next Delivery Day (weather)"],
  damaged: ["11", "Damaged item; contents under review"],
  address_issue: ["05", "Undeliverable as Addressed"],
  out_for_delivery: ["OF", "Out for Delivery"],
  attempt_failed: ["02", "Notice Left (No Authorized Recipient Available)"],
  delivered: ["01", "Delivered, In/At Mailbox"],
  return_started: ["09", "Return to Sender"],
  returned: ["01", "Delivered, To Original Sender"],
  lost: ["11", "Missing Mail Search: item could not be located"],
};

const CATEGORY: Partial<Record<SimStep, string>> = {
  label: "Pre-Shipment",
  out_for_delivery: "Out for Delivery",
  delivered: "Delivered",
  returned: "Delivered",
  attempt_failed: "Delivery Attempt",
  address_issue: "Alert",
  return_started: "Return to Sender",
};

function renderEvent(e: SimEvent): object {
  const w = wallClock(e.occurredAt, e.place.zone);
  return {
    eventType: STEPS[e.step][1],
    eventTimestamp: `${w.date}T${w.time}`,
    GMTTimestamp: `${new Date(e.occurredAt).toISOString().slice(0, 19)}Z`,
    GMTOffset: w.offset,
    eventCountry: e.place.country === "US" ? null : e.place.country,
    eventCity: e.place.city.toUpperCase(),
    eventState: e.place.region,
    eventZIP: e.place.postalCode,
    firm: null,
    name: null,
    authorizedAgent: "false",
    eventCode: STEPS[e.step][0],
  };
}

/** The parcel's summary with the given events (newest first), as the tracking API and notifications carry it. */
function renderTracking(number: string, parcel: VisibleParcel, events?: readonly SimEvent[]): object {
  const newestFirst = [...parcel.events].reverse();
  const latest = newestFirst[0]!;
  const { lane } = parcel.journey;
  return {
    trackingNumber: number,
    mailClass: "Priority Mail<SUP>&reg;</SUP>",
    mailType: "DM",
    originCity: lane.origin.city.toUpperCase(),
    originState: lane.origin.region,
    originZIP: lane.origin.postalCode,
    destinationCity: lane.destination.city.toUpperCase(),
    destinationState: lane.destination.region,
    destinationZIP: lane.destination.postalCode,
    statusCategory: CATEGORY[latest.step] ?? "In Transit",
    status: STEPS[latest.step][1],
    ...(latest.etaDay !== null ? { expectedDeliveryDate: dayToIsoDate(latest.etaDay) } : {}),
    trackingEvents: (events ?? newestFirst).map(renderEvent),
  };
}

const problem = (status: number, title: string, detail: string) => ({
  apiVersion: "/tracking/v3",
  error: {
    code: String(status),
    message: detail,
    errors: [{ status: String(status), code: String(status), title, detail }],
  },
});

const SUBSCRIPTIONS_PATH = "/subscriptions-tracking/v3/subscriptions";

const subscriptionProblem = (parameter: string, detail: string) =>
  json(400, {
    apiVersion: "/subscriptions-tracking/v3",
    error: {
      code: "400",
      message: detail,
      errors: [{ status: "400", code: "400", title: "Bad Request", detail, source: { parameter } }],
    },
  });

/** Reads a subscription request the way the emulator validates it (one tracking number, a 32-character secret). */
function readSubscribeRequest(req: EmulatorRequest): SubscribeRequest | EmulatorResponse | null {
  if (req.path.split("?")[0] !== SUBSCRIPTIONS_PATH || req.method !== "POST") return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body) as Record<string, unknown>;
  } catch {
    return subscriptionProblem("body", "The request body is not valid JSON.");
  }
  if (typeof body.listenerURL !== "string" || !body.listenerURL)
    return subscriptionProblem("listenerURL", "listenerURL is required.");
  if (typeof body.secret !== "string" || body.secret.length !== 32)
    return subscriptionProblem("secret", "secret must be 32 characters.");
  const filter = body.filterProperties as Record<string, unknown> | undefined;
  const number = filter?.trackingNumber;
  if (typeof number !== "string" || !number)
    return subscriptionProblem(
      "filterProperties",
      "filterProperties needs a trackingNumber (Mailer ID subscriptions are not emulated).",
    );
  return { numbers: [number], url: body.listenerURL, credential: body.secret };
}

/** A stable UUID-shaped subscription id for a number. */
function subscriptionIdOf(number: string): string {
  const h = createHash("sha256").update(`usps-subscription:${number}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** One notification for a new scan, signed as USPS signs: base64 HMAC-SHA256(secret, timestamp + payload). */
function renderPush(number: string, e: SimEvent, parcel: VisibleParcel, secret: string) {
  const timestamp = new Date(e.visibleAt).toISOString();
  const upToHere = parcel.events.filter((x) => x.occurredAt <= e.occurredAt);
  const payload = JSON.stringify(renderTracking(number, { ...parcel, events: upToHere }, [e]));
  const subscriptionId = subscriptionIdOf(number);
  const body = {
    subscriptionId,
    subscriptionType: "TRACKING",
    timestamp,
    payload,
    links: [{ rel: "self", href: `https://apis.usps.com${SUBSCRIPTIONS_PATH}/${subscriptionId}` }],
  };
  const signature = createHmac("sha256", secret)
    .update(timestamp + payload)
    .digest("base64");
  return { headers: { "content-type": "application/json", "x-hmac": signature }, body: JSON.stringify(body) };
}

export const uspsDialect: CarrierDialect = {
  carrier: "usps",
  auth: "oauth",
  tokenPath: "/oauth2/v3/token",
  readTokenRequest(req: EmulatorRequest) {
    try {
      const body = JSON.parse(req.body) as Record<string, unknown>;
      if (body.grant_type !== "client_credentials") return null;
      if (typeof body.client_id !== "string" || typeof body.client_secret !== "string") return null;
      return { clientId: body.client_id, clientSecret: body.client_secret };
    } catch {
      return null;
    }
  },
  tokenResponse: (token, clientId, lifetime, now) => ({
    access_token: token,
    token_type: "Bearer",
    issued_at: now,
    expires_in: lifetime,
    status: "approved",
    scope: "tracking",
    issuer: "api.usps.com",
    client_id: clientId,
  }),
  readTrackRequest(req) {
    const m = /^\/tracking\/v3\/tracking\/([^/?]+)/.exec(req.path);
    return req.method === "GET" && m ? [decodeURIComponent(m[1]!)] : null;
  },
  renderTrack(requested) {
    const { number, parcel } = requested[0]!;
    if (!parcel) return json(404, problem(404, "Not Found", `Tracking number ${number} not found.`));
    return json(200, renderTracking(number, parcel));
  },
  renderError(kind) {
    if (kind === "unauthorized")
      return json(401, problem(401, "Unauthorized", "Invalid or expired access token."));
    if (kind === "rate_limited")
      return json(429, problem(429, "Too Many Requests", "Quota exceeded; retry later."));
    return json(503, problem(503, "Service Unavailable", "The service is temporarily unavailable."));
  },
  stepCode: (step) => STEPS[step][0],
  readSubscribeRequest,
  // Domestic IMpb numbers (20–34 digits) and S10 numbers ending in US.
  acceptsForPush: (number) => /^(\d{20,34}|[A-Z]{2}\d{9}US)$/.test(number),
  renderSubscribe: (valid, invalid) =>
    invalid.length
      ? subscriptionProblem("filterProperties.trackingNumber", `Invalid tracking number ${invalid[0]}.`)
      : json(201, {
          subscriptionId: subscriptionIdOf(valid[0]!),
          subscriptionType: "TRACKING",
          status: "ENABLED",
          filterProperties: { trackingNumber: valid[0] },
        }),
  // No fixed expiry: USPS deletes a subscription after 30 days without a notification (not emulated).
  subscriptionDays: 30,
  renderPush,
};
