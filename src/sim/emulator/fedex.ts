/**
 * FedEx Track API v1 as the emulator speaks it: OAuth client credentials in the form body at /oauth/token,
 * POST /track/v1/trackingnumbers with up to 30 numbers, answers shaped like FedEx's (output.completeTrackResults,
 * scanEvents with offset ISO dates, 2-letter event types, per-number errors TRACKING.TRACKINGNUMBER.NOTFOUND).
 * Pushes: the AIV tracking-number subscription (fedex-aiv.ts).
 */
import { randomUUID } from "node:crypto";
import type { SimStep } from "../lane-journeys.js";
import { json, wallClock, type CarrierDialect, type VisibleParcel } from "./dialect.js";
import { fedexAivDialect } from "./fedex-aiv.js";
import { dayToIsoDate } from "../../ingest/polling/local-time.js";
import type { SimEvent } from "../lane-journeys.js";

/** step → [eventType (the status-map key), description, exception description]. */
const STEPS: Record<SimStep, [string, string, string]> = {
  label: ["OC", "Shipment information sent to FedEx", ""],
  pickup: ["PU", "Picked up", ""],
  departed: ["DP", "Departed FedEx location", ""],
  arrived: ["AR", "Arrived at FedEx location", ""],
  customs_started: ["CP", "Clearance in progress", ""],
  customs_held: ["CD", "Clearance delay", "Import documentation required from the recipient"],
  customs_cleared: ["CC", "International shipment release - Import", ""],
  weather_delay: ["SE", "Shipment exception", "Local weather conditions have delayed the shipment"],
  damaged: ["SE", "Shipment exception", "Package damaged during transit"],
  address_issue: ["SE", "Shipment exception", "Incorrect address - recipient's address is incomplete"],
  out_for_delivery: ["OD", "On FedEx vehicle for delivery", ""],
  attempt_failed: ["DE", "Delivery exception", "Customer not available or business closed"],
  delivered: ["DL", "Delivered", ""],
  return_started: ["RS", "Return to shipper", ""],
  returned: ["DL", "Delivered", ""],
  lost: ["SE", "Shipment exception", "Package could not be located"],
};

const iso = (e: SimEvent) => {
  const w = wallClock(e.occurredAt, e.place.zone);
  return `${w.date}T${w.time}${w.offset}`;
};

/** One track result (trackResults[i]) as the Track API answers it; AIV pushes reuse it. */
export function renderTrackResult(number: string, parcel: VisibleParcel): object {
  const newestFirst = [...parcel.events].reverse();
  const latest = newestFirst[0]!;
  const [latestCode, latestDescription] = STEPS[latest.step];
  const dateAndTimes: { type: string; dateTime: string }[] = [];
  if (latestCode === "DL") dateAndTimes.push({ type: "ACTUAL_DELIVERY", dateTime: iso(latest) });
  else if (latest.etaDay !== null)
    dateAndTimes.push({ type: "ESTIMATED_DELIVERY", dateTime: `${dayToIsoDate(latest.etaDay)}T00:00:00` });
  const pickup = parcel.events.find((e) => e.step === "pickup");
  // On the vehicle FedEx publishes its estimated delivery time window (local time with offset).
  const zone = parcel.journey.lane.destination.zone;
  const local = (ms: number) => {
    const w = wallClock(ms, zone);
    return `${w.date}T${w.time}${w.offset}`;
  };
  const window =
    latest.step === "out_for_delivery" && latest.window
      ? { window: { begins: local(latest.window.start), ends: local(latest.window.end) } }
      : undefined;
  if (pickup) dateAndTimes.push({ type: "ACTUAL_PICKUP", dateTime: iso(pickup) });
  return {
    trackingNumberInfo: {
      trackingNumber: number,
      trackingNumberUniqueId: `12025~${number}~FDEG`,
      carrierCode: "FDXG",
    },
    latestStatusDetail: {
      code: latestCode,
      derivedCode: latestCode,
      statusByLocale: latestDescription,
      description: latestDescription,
      scanLocation: {
        city: latest.place.city,
        stateOrProvinceCode: latest.place.region,
        countryCode: latest.place.country,
      },
    },
    dateAndTimes,
    ...(window ? { estimatedDeliveryTimeWindow: window } : {}),
    serviceDetail: { type: "FEDEX_GROUND", description: "FedEx Ground", shortDescription: "FG" },
    ...(latestCode === "DL" ? { deliveryDetails: { receivedByName: "", deliveryAttempts: "0" } } : {}),
    scanEvents: newestFirst.map((e) => {
      const [eventType, eventDescription, exceptionDescription] = STEPS[e.step];
      return {
        date: iso(e),
        eventType,
        eventDescription,
        exceptionCode: exceptionDescription ? "08" : "",
        exceptionDescription,
        scanLocation: {
          streetLines: [""],
          city: e.place.city,
          stateOrProvinceCode: e.place.region,
          postalCode: e.place.postalCode,
          countryCode: e.place.country,
        },
        derivedStatusCode: eventType,
        derivedStatus: eventDescription,
      };
    }),
  };
}

export const fedexDialect: CarrierDialect = {
  carrier: "fedex",
  auth: "oauth",
  tokenPath: "/oauth/token",
  readTokenRequest(req) {
    const form = new URLSearchParams(req.body);
    const clientId = form.get("client_id");
    const clientSecret = form.get("client_secret");
    if (form.get("grant_type") !== "client_credentials" || !clientId || !clientSecret) return null;
    return { clientId, clientSecret };
  },
  tokenResponse: (token, _clientId, lifetime) => ({
    access_token: token,
    token_type: "bearer",
    expires_in: lifetime,
    scope: "CXS",
  }),
  readTrackRequest(req) {
    if (req.method !== "POST" || !req.path.startsWith("/track/v1/trackingnumbers")) return null;
    try {
      const body = JSON.parse(req.body) as {
        trackingInfo?: { trackingNumberInfo?: { trackingNumber?: string } }[];
      };
      return (body.trackingInfo ?? []).flatMap((t) => t.trackingNumberInfo?.trackingNumber ?? []);
    } catch {
      return [];
    }
  },
  renderTrack(requested) {
    const completeTrackResults = requested.map(({ number, parcel }) => ({
      trackingNumber: number,
      trackResults: [
        parcel
          ? renderTrackResult(number, parcel)
          : {
              trackingNumberInfo: { trackingNumber: number, trackingNumberUniqueId: "", carrierCode: "" },
              error: {
                code: "TRACKING.TRACKINGNUMBER.NOTFOUND",
                message: "Tracking number cannot be found. Please correct the tracking number and try again.",
              },
            },
      ],
    }));
    return json(200, { transactionId: randomUUID(), output: { completeTrackResults } });
  },
  renderError(kind) {
    const transactionId = randomUUID();
    if (kind === "unauthorized")
      return json(401, {
        transactionId,
        errors: [
          {
            code: "NOT.AUTHORIZED.ERROR",
            message: "Access token expired. Please modify your request and try again.",
          },
        ],
      });
    if (kind === "rate_limited")
      return json(429, {
        transactionId,
        errors: [
          {
            code: "TOO.MANY.REQUESTS",
            message:
              "We have received too many requests in a short duration. Please wait a while to try again.",
          },
        ],
      });
    return json(500, {
      transactionId,
      errors: [
        {
          code: "INTERNAL.SERVER.ERROR",
          message: "We encountered an unexpected error and are working to resolve the issue.",
        },
      ],
    });
  },
  stepCode: (step) => STEPS[step][0],
  ...fedexAivDialect(renderTrackResult),
};
