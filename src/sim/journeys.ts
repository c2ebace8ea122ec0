/**
 * A small journey generator for the demo: parcels that go from a label through hubs to the door, with the
 * detours real parcels take (failed attempts, address problems, customs, returns, parcels that go quiet).
 * Deterministic for a given seed, so a restarted demo replays the same journeys and dedupe absorbs repeats.
 */
import type { EventInput } from "../ingest/normalized-json.js";
import type { Status } from "../core/status.js";

export interface Place {
  city: string;
  region: string;
  postalCode: string;
  country: string;
  /** UTC offset in hours, for the carrier wall-clock (demo places avoid DST ambiguity by using fixed offsets). */
  utcOffset: number;
}

export type JourneyKind =
  "smooth" | "failed_attempt" | "address_issue" | "customs" | "return" | "lost" | "damaged";

export interface PlannedJourney {
  kind: JourneyKind;
  events: EventInput[];
}

/** A seeded PRNG (mulberry32): the same seed gives the same journeys. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function wallClock(ms: number, offsetHours: number): string {
  const local = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
  const sign = offsetHours >= 0 ? "+" : "-";
  const abs = Math.abs(offsetHours);
  return `${local}${sign}${String(Math.floor(abs)).padStart(2, "0")}:${String(Math.round((abs % 1) * 60)).padStart(2, "0")}`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Moves an instant forward into the place's local working window [from, to) hours, spread at random inside it:
 * carriers pick up in the afternoon and go out for delivery in the morning; nobody delivers at 3 a.m.
 */
export function intoLocalHours(
  ms: number,
  place: Place,
  from: number,
  to: number,
  rand: () => number,
): number {
  const offset = place.utcOffset * HOUR;
  const local = ms + offset;
  const hour = (local % DAY) / HOUR;
  if (hour >= from && hour < to) return ms;
  const dayStart = local - (local % DAY) + (hour >= to ? DAY : 0);
  return dayStart + (from + rand() * (to - from) * 0.5) * HOUR - offset;
}

/** Local hours in which these scans happen (carrier practice). */
const PICKUP_HOURS = [14, 19] as const;
const MORNING = [7, 10] as const;
const DELIVERY_HOURS = [9, 20] as const;

/** Plans a journey from `origin` to `destination` starting at `labelAt`, with `transitDays` of normal travel. */
export function planJourney(
  rand: () => number,
  kind: JourneyKind,
  labelAt: number,
  origin: Place,
  hub: Place,
  destination: Place,
  transitDays: number,
): PlannedJourney {
  const events: EventInput[] = [];
  let t = labelAt;
  const add = (
    hoursLater: number,
    place: Place,
    status: Status,
    substatus: string | null,
    code: string,
    description: string,
    localHours?: readonly [number, number],
  ) => {
    t += hoursLater * HOUR * (0.8 + rand() * 0.4);
    if (localHours) t = intoLocalHours(t, place, localHours[0], localHours[1], rand);
    events.push({
      occurredAt: wallClock(t, place.utcOffset),
      code,
      description,
      location: {
        city: place.city,
        region: place.region,
        postalCode: place.postalCode,
        country: place.country,
      },
      status,
      substatus,
    });
  };
  add(0, origin, "info_received", "label_created", "MP", "Shipment information received");
  add(6 + rand() * 20, origin, "in_transit", "picked_up", "PU", "Picked up by carrier", PICKUP_HOURS);
  add(3, origin, "in_transit", "departed_facility", "DP", "Departed facility");
  const legHours = Math.max(6, (transitDays * 24) / 3);
  add(legHours, hub, "in_transit", "arrived_at_facility", "AR", "Arrived at sort facility");
  if (kind === "lost") {
    add(4, hub, "in_transit", "departed_facility", "DP", "Departed sort facility");
    return { kind, events }; // and then nothing: the parcel goes quiet
  }
  add(5, hub, "in_transit", "departed_facility", "DP", "Departed sort facility");
  if (kind === "customs") {
    add(legHours, destination, "in_transit", "customs_started", "CC", "Held for customs clearance");
    add(30, destination, "in_transit", "customs_cleared", "CR", "Cleared customs");
  }
  add(legHours, destination, "in_transit", "arrived_at_facility", "AR", "Arrived at delivery facility");
  if (kind === "damaged") {
    add(
      8,
      destination,
      "exception",
      "damaged",
      "DM",
      "Package damaged in transit; carrier is contacting the sender",
    );
    return { kind, events };
  }
  if (kind === "address_issue") {
    add(
      6,
      destination,
      "exception",
      "address_issue",
      "AD",
      "Address information incomplete; carrier attempting to contact receiver",
    );
    add(26, destination, "in_transit", "arrived_at_facility", "AR", "Address corrected; back in network");
  }
  add(10, destination, "out_for_delivery", null, "OD", "Out for delivery", MORNING);
  if (kind === "failed_attempt" || kind === "return") {
    add(
      5,
      destination,
      "attempt_failed",
      "recipient_unavailable",
      "NA",
      "Delivery attempted; nobody available to receive",
      DELIVERY_HOURS,
    );
    if (kind === "return") {
      add(48, destination, "return_to_sender", null, "RS", "Not collected; returning to sender");
      add(legHours * 2, origin, "return_to_sender", null, "AR", "Arrived at origin facility");
      add(24, origin, "returned", null, "RD", "Returned to sender");
      return { kind, events };
    }
    add(19, destination, "out_for_delivery", null, "OD", "Out for delivery (second attempt)", MORNING);
  }
  add(
    4,
    destination,
    "delivered",
    rand() < 0.5 ? "left_at_door" : "signed",
    "DL",
    "Delivered",
    DELIVERY_HOURS,
  );
  return { kind, events };
}

/** Picks a journey kind with realistic odds: most parcels are uneventful. */
export function pickJourneyKind(rand: () => number, international: boolean): JourneyKind {
  const r = rand();
  if (international && r < 0.5) return "customs";
  if (r < 0.74) return "smooth";
  if (r < 0.84) return "failed_attempt";
  if (r < 0.9) return "address_issue";
  if (r < 0.94) return "return";
  if (r < 0.97) return "lost";
  return "damaged";
}
