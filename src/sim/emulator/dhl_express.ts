/**
 * MyDHL API (DHL Express) tracking as the emulator speaks it: HTTP Basic with the API key and secret,
 * GET /shipments/{shipmentTrackingNumber}/tracking and GET /tracking?shipmentTrackingNumber=…(up to 200), answers
 * shaped like DHL's (shipments[].events with date,
 * time, GMTOffset, 2-letter typeCode and "City-CC" service areas; RFC 7807 problem details for errors).
 */
import type { SimStep } from "../lane-journeys.js";
import { json, wallClock, type CarrierDialect, type EmulatorRequest, type VisibleParcel } from "./dialect.js";
import { dayToIsoDate } from "../../ingest/polling/local-time.js";

/** step → [typeCode (the status-map key), description]. */
const STEPS: Record<SimStep, [string, string]> = {
  label: ["SA", "Shipment information received"],
  pickup: ["PU", "Shipment picked up"],
  departed: ["DF", "Departed Facility"],
  arrived: ["AF", "Arrived at DHL Sort Facility"],
  customs_started: ["IC", "Customs clearance status updated"],
  customs_held: ["CD", "Clearance delay - Importer documentation required"],
  customs_cleared: ["CR", "Clearance processing complete"],
  weather_delay: ["OH", "Shipment on hold: adverse weather conditions"],
  damaged: ["OH", "Shipment on hold: the package was damaged in transit"],
  address_issue: ["BA", "Incorrect or incomplete address; awaiting correct address"],
  out_for_delivery: ["WC", "Shipment is out with courier for delivery"],
  attempt_failed: ["NH", "Delivery attempted; recipient not home"],
  delivered: ["OK", "Delivered"],
  return_started: ["RT", "Returned to shipper"],
  returned: ["OK", "Delivered to shipper"],
  lost: ["OH", "Shipment on hold: the shipment cannot be located"],
};

const area = (p: { city: string; region: string; country: string }) =>
  p.country === "US" || p.country === "CA" ? `${p.city}-${p.region}-${p.country}` : `${p.city}-${p.country}`;

function renderShipment(number: string, parcel: VisibleParcel): object {
  const newestFirst = [...parcel.events].reverse();
  const latest = newestFirst[0]!;
  const { lane } = parcel.journey;
  return {
    shipmentTrackingNumber: number,
    status: "Success",
    productCode: "P",
    description: "EXPRESS WORLDWIDE",
    shipperDetails: {
      postalAddress: { cityName: lane.origin.city.toUpperCase(), countryCode: lane.origin.country },
    },
    receiverDetails: {
      postalAddress: { cityName: lane.destination.city.toUpperCase(), countryCode: lane.destination.country },
    },
    ...(latest.etaDay !== null ? { estimatedDeliveryDate: dayToIsoDate(latest.etaDay) } : {}),
    events: newestFirst.map((e) => {
      const w = wallClock(e.occurredAt, e.place.zone);
      return {
        date: w.date,
        time: w.time,
        GMTOffset: w.offset,
        typeCode: STEPS[e.step][0],
        description: STEPS[e.step][1],
        serviceArea: [{ code: e.place.city.slice(0, 3).toUpperCase(), description: area(e.place) }],
      };
    }),
  };
}

const problem = (status: number, title: string, detail: string, req: EmulatorRequest) => ({
  instance: `/expressapi${req.path.split("?")[0] ?? ""}`,
  detail,
  title,
  status,
});

export const dhlExpressDialect: CarrierDialect = {
  carrier: "dhl_express",
  auth: "basic",
  tokenPath: null,
  readTrackRequest(req) {
    if (req.method !== "GET") return null;
    const m = /^\/shipments\/([^/?]+)\/tracking/.exec(req.path);
    if (m) return [decodeURIComponent(m[1]!)];
    if (!/^\/tracking(\?|$)/.test(req.path)) return null;
    return new URLSearchParams(req.path.split("?")[1] ?? "").getAll("shipmentTrackingNumber").slice(0, 200);
  },
  renderTrack(requested) {
    const found = requested.flatMap(({ number, parcel }) => (parcel ? [renderShipment(number, parcel)] : []));
    if (found.length === 0) {
      const numbers = requested.map((r) => r.number).join(",");
      return json(404, {
        instance: `/expressapi/tracking?shipmentTrackingNumber=${numbers}`,
        detail: `No shipment with tracking number ${numbers} found`,
        title: "Not Found",
        status: 404,
      });
    }
    return json(200, { shipments: found });
  },
  renderError(kind, req) {
    if (kind === "unauthorized") return json(401, problem(401, "Unauthorized", "Invalid credentials", req));
    if (kind === "rate_limited")
      return json(429, problem(429, "Too Many Requests", "Rate limit exceeded", req));
    return json(500, problem(500, "Internal Server Error", "An unexpected error occurred", req));
  },
  stepCode: (step) => STEPS[step][0],
};
