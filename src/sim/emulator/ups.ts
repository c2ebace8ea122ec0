/**
 * UPS Track API v1 as the emulator speaks it: OAuth client credentials with HTTP Basic at
 * /security/v1/oauth/token, GET /api/track/v1/details/{inquiryNumber}, answers shaped like UPS's (trackResponse,
 * activity with date/time/gmtOffset, 3-digit statusCode, warnings TW0001 for unknown numbers, response.errors),
 * and Track Alert: POST /api/track/v1/subscription/standard/package (validTrackingNumbers / invalidTrackingNumbers,
 * VSS error codes) and the one-event pushes it sends to the subscription's URL with the `credential` header.
 */
import type { SimStep } from "../lane-journeys.js";
import type { SimEvent } from "../lane-journeys.js";
import {
  json,
  wallClock,
  type CarrierDialect,
  type EmulatorResponse,
  type SubscribeRequest,
  type VisibleParcel,
} from "./dialect.js";
import { dayToIsoDate } from "../../ingest/polling/local-time.js";

/** step → [statusCode (the status-map key), type, activity code, description]. */
const STEPS: Record<SimStep, [string, string, string, string]> = {
  label: ["003", "M", "MP", "Shipper created a label, UPS has not received the package yet."],
  pickup: ["038", "I", "PU", "Pickup Scan"],
  departed: ["005", "I", "DP", "Departed from Facility"],
  arrived: ["005", "I", "AR", "Arrived at Facility"],
  customs_started: ["012", "I", "CS", "Your package is in the clearance process"],
  customs_held: ["058", "X", "CH", "Clearance information required: the receiver must provide documents"],
  customs_cleared: ["014", "I", "CC", "Import Clearance Completed"],
  weather_delay: ["052", "X", "WX", "Severe weather conditions have delayed delivery"],
  damaged: ["059", "X", "DM", "The package was damaged and the contents are being evaluated"],
  address_issue: ["050", "X", "AI", "The address is incomplete; we are trying to obtain the correct address"],
  out_for_delivery: ["021", "I", "OT", "Out For Delivery Today"],
  attempt_failed: [
    "022",
    "X",
    "48",
    "The receiver was not available for delivery. We'll make a second attempt.",
  ],
  delivered: ["011", "D", "FS", "DELIVERED"],
  return_started: ["035", "I", "RS", "Returning to Sender: In Transit to UPS Facility"],
  returned: ["034", "D", "RD", "Returned to Sender"],
  lost: ["068", "X", "LF", "The package has been sent to the UPS Lost and Found department"],
};

function compactDate(isoDate: string): string {
  return isoDate.replace(/-/g, "");
}

function renderPackage(number: string, parcel: VisibleParcel): object {
  const newestFirst = [...parcel.events].reverse();
  const latest = newestFirst[0]!;
  const [statusCode, type, , description] = STEPS[latest.step];
  const activity = newestFirst.map((e) => {
    const [sc, ty, code, desc] = STEPS[e.step];
    const local = wallClock(e.occurredAt, e.place.zone);
    const gmt = new Date(e.occurredAt).toISOString();
    return {
      location: {
        address: {
          city: e.place.city,
          stateProvince: e.place.region,
          postalCode: e.place.postalCode,
          country: e.place.country,
          countryCode: e.place.country,
        },
      },
      status: { type: ty, description: desc, code, statusCode: sc },
      date: compactDate(local.date),
      time: local.time.replace(/:/g, ""),
      gmtDate: compactDate(gmt.slice(0, 10)),
      gmtOffset: local.offset,
      gmtTime: gmt.slice(11, 19),
    };
  });
  const delivered = latest.step === "delivered" || latest.step === "returned";
  const deliveryDate = delivered
    ? [{ type: "DEL", date: compactDate(wallClock(latest.occurredAt, latest.place.zone).date) }]
    : latest.etaDay !== null
      ? [{ type: "SDD", date: compactDate(dayToIsoDate(latest.etaDay)) }]
      : [];
  // On the vehicle UPS adds its estimated delivery window (deliveryTime type EDW, local HHMMSS); delivered, the time.
  const zone = parcel.journey.lane.destination.zone;
  const hhmmss = (ms: number) => wallClock(ms, zone).time.replace(/:/g, "");
  const deliveryTime = delivered
    ? { type: "DEL", endTime: hhmmss(latest.occurredAt) }
    : latest.step === "out_for_delivery" && latest.window
      ? { type: "EDW", startTime: hhmmss(latest.window.start), endTime: hhmmss(latest.window.end) }
      : undefined;
  return {
    trackingNumber: number,
    deliveryDate,
    ...(deliveryTime ? { deliveryTime } : {}),
    ...(delivered ? { deliveryInformation: { location: "Front Door", receivedBy: "" } } : {}),
    activity,
    currentStatus: {
      description,
      code: statusCode,
      simplifiedTextDescription: description,
      statusCode,
      type,
    },
    packageCount: 1,
    service: { code: "003", levelCode: "GND", description: "UPS Ground" },
  };
}

const vss = (code: string, message: string) => json(400, { response: { errors: [{ code, message }] } });

/** Reads a Track Alert subscription request the way UPS validates it (VSS codes of the API's error table). */
function readSubscribeRequest(req: {
  method: string;
  path: string;
  body: string;
}): SubscribeRequest | EmulatorResponse | null {
  if (req.path.split("?")[0] !== "/api/track/v1/subscription/standard/package" || req.method !== "POST")
    return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body) as Record<string, unknown>;
  } catch {
    return vss("VSS000", "Invalid request and The Subscription request has been rejected.");
  }
  if (!body || typeof body !== "object")
    return vss("VSS110", "Subscription request is empty or not present.");
  if (typeof body.locale !== "string") return vss("VSS300", "Locale is required.");
  const list = body.trackingNumberList;
  if (!Array.isArray(list) || list.length === 0) return vss("VSS200", "Tracking Number List is required.");
  if (list.length > 100) return vss("VSS220", "You have submitted over 100 1Z numbers which is not allowed.");
  const destination = body.destination as Record<string, unknown> | undefined;
  if (!destination || typeof destination !== "object") return vss("VSS500", "Destination is required.");
  if (typeof destination.url !== "string" || !destination.url)
    return vss("VSS600", "URL is empty or not present.");
  if (typeof destination.credential !== "string" || !destination.credential)
    return vss("VSS700", "Credential is empty or not present.");
  if (typeof destination.credentialType !== "string" || !destination.credentialType)
    return vss("VSS800", "CredentialType is empty or not present.");
  return {
    numbers: list.map((n) => String(n)),
    url: destination.url,
    credential: destination.credential,
  };
}

/** One scan as Track Alert pushes it (TrackingEventRequest): local and GMT stamps, status type/code/descriptionCode. */
function renderPush(number: string, e: SimEvent, parcel: VisibleParcel, credential: string) {
  const [statusCode, type, code, description] = STEPS[e.step];
  const local = wallClock(e.occurredAt, e.place.zone);
  const gmt = new Date(e.occurredAt).toISOString();
  const delivered = e.step === "delivered";
  const zone = parcel.journey.lane.destination.zone;
  const window = e.step === "out_for_delivery" ? e.window : null;
  const hhmmss = (ms: number) => wallClock(ms, zone).time.replace(/:/g, "");
  const body = {
    trackingNumber: number,
    localActivityDate: compactDate(local.date),
    localActivityTime: local.time.replace(/:/g, ""),
    activityLocation: {
      city: e.place.city,
      stateProvince: e.place.region ?? "",
      postalCode: delivered ? (e.place.postalCode ?? "") : "",
      country: e.place.country,
    },
    activityStatus: { type, code, description, descriptionCode: statusCode },
    scheduledDeliveryDate: e.etaDay !== null && !delivered ? compactDate(dayToIsoDate(e.etaDay)) : "",
    actualDeliveryDate: delivered ? compactDate(local.date) : "",
    actualDeliveryTime: delivered ? local.time.replace(/:/g, "") : "",
    gmtActivityDate: compactDate(gmt.slice(0, 10)),
    gmtActivityTime: gmt.slice(11, 19).replace(/:/g, ""),
    deliveryStartTime: window ? hhmmss(window.start) : "",
    deliveryEndTime: window ? hhmmss(window.end) : "",
    deliveryTimeDescription: window ? "estimated delivery window" : "",
  };
  return {
    // Track Alert echoes the subscription's credential as it was given: UPS signs nothing.
    headers: { "content-type": "application/json", "user-agent": "UPSPubSubTrackingService", credential },
    body: JSON.stringify(body),
  };
}

export const upsDialect: CarrierDialect = {
  carrier: "ups",
  auth: "oauth",
  tokenPath: "/security/v1/oauth/token",
  readTokenRequest(req) {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const form = new URLSearchParams(req.body);
    if (!basic || form.get("grant_type") !== "client_credentials") return null;
    const [clientId = "", clientSecret = ""] = Buffer.from(basic, "base64").toString("utf8").split(":");
    return { clientId, clientSecret };
  },
  tokenResponse: (token, clientId, lifetime, now) => ({
    token_type: "Bearer",
    issued_at: String(now),
    client_id: clientId,
    access_token: token,
    scope: "",
    expires_in: String(lifetime),
    refresh_count: "0",
    status: "approved",
  }),
  readTrackRequest(req) {
    const m = /^\/api\/track\/v1\/details\/([^/?]+)/.exec(req.path);
    return req.method === "GET" && m ? [decodeURIComponent(m[1]!)] : null;
  },
  renderTrack(requested) {
    const shipment = requested.map(({ number, parcel }) =>
      parcel
        ? { inquiryNumber: number, package: [renderPackage(number, parcel)], userRelation: [] }
        : {
            inquiryNumber: number,
            package: [],
            warnings: [{ code: "TW0001", message: "Tracking Information Not Found" }],
          },
    );
    return json(200, { trackResponse: { shipment } });
  },
  renderError(kind) {
    if (kind === "unauthorized")
      return json(401, {
        response: { errors: [{ code: "250002", message: "Invalid Authentication Information." }] },
      });
    if (kind === "rate_limited")
      return json(429, { response: { errors: [{ code: "429", message: "Too Many Requests" }] } });
    return json(503, {
      response: { errors: [{ code: "190001", message: "The service is temporarily unavailable" }] },
    });
  },
  stepCode: (step) => STEPS[step][0],
  readSubscribeRequest,
  acceptsForPush: (number) => /^1Z[0-9A-Z]{16}$/.test(number),
  renderSubscribe: (valid, invalid) =>
    json(
      200,
      invalid.length
        ? { validTrackingNumbers: valid, invalidTrackingNumbers: invalid }
        : { validTrackingNumbers: valid },
    ),
  renderPush,
};
