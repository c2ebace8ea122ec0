/**
 * A tracked shipment as the model's input: its lane, the order time and first scan in the seller's zone, and
 * where the parcel is now (its status, and whether the last scan was at the destination's facility) with
 * "today" in the shopper's zone. Pure.
 */
import type { ShipmentState } from "../../core/fold.js";
import type { PredictInput } from "../predict.js";
import { wallClock } from "./wall-clock.js";

export interface ScanPlace {
  city: string | null;
  region: string | null;
  postal: string | null;
  country: string | null;
}

export interface ShipmentFactsRow {
  carrier: string;
  service: string | null;
  origin: ScanPlace;
  destination: ScanPlace;
  /** The order's time, else when the shipment was registered. */
  orderedAt: Date;
  sellerZone: string;
  /** The shopper's zone (the order's), else the seller's. */
  shopperZone: string;
}

const norm = (s: string | null | undefined) => (s ?? "").trim().toUpperCase();
const postal = (s: string | null | undefined) => norm(s).replace(/[^0-9A-Z]/g, "");

/**
 * True when a scan happened where the parcel is delivered: the same city or the same 3-character postcode
 * prefix in the same country (the facility that serves the address). A region alone is too coarse: a parcel
 * sent within one state would count as arrived at its first scan.
 */
export function atDestination(scan: ScanPlace | null, destination: ScanPlace): boolean {
  if (!scan) return false;
  if (norm(scan.country) && norm(destination.country) && norm(scan.country) !== norm(destination.country))
    return false;
  if (norm(scan.city) && norm(scan.city) === norm(destination.city)) return true;
  const a = postal(scan.postal);
  const b = postal(destination.postal);
  return a.length >= 3 && b.length >= 3 && a.slice(0, 3) === b.slice(0, 3);
}

/** The model input for a shipment in `state`, its last scan at `lastScan` (when known), at `now`. */
export function predictionInput(
  facts: ShipmentFactsRow,
  state: ShipmentState,
  lastScan: ScanPlace | null,
  now: Date,
): PredictInput {
  const input: PredictInput = {
    facts: {
      carrier: facts.carrier,
      service: facts.service ?? "",
      origin: { postal: facts.origin.postal, region: facts.origin.region, country: facts.origin.country },
      destination: {
        postal: facts.destination.postal,
        region: facts.destination.region,
        country: facts.destination.country,
      },
    },
    orderedAt: wallClock(facts.orderedAt, facts.sellerZone),
    shippedAt: state.firstScanAt ? wallClock(state.firstScanAt, facts.sellerZone) : null,
    now: wallClock(now, facts.shopperZone),
  };
  const status = state.returning && state.status !== "returned" ? "return_to_sender" : state.status;
  // Before the first carrier scan the parcel has not started: the order-time (or label) distribution applies.
  if (status === "pending" || status === "info_received") return input;
  const at =
    status === "out_for_delivery" ? (state.outForDeliveryAt ?? state.lastEventAt) : state.lastEventAt;
  input.status = {
    status,
    substatus: state.substatus,
    at: at ? wallClock(at, facts.shopperZone) : null,
    atDestinationFacility: status === "in_transit" && atDestination(lastScan, facts.destination),
  };
  return input;
}
