/**
 * Lane-based journeys for the carrier simulator. A parcel is labelled, picked up in the afternoon, moves through
 * the lane's hubs (and customs when it crosses a border), goes out for delivery on the morning of its delivery day
 * and is delivered along the driver's route — or takes one of the detours real parcels take. Every scan happens
 * at `occurredAt` and becomes visible in the carrier's API only at `visibleAt`, later, as with real carriers
 * (handheld sync, facility batch uploads, customs systems). Deterministic for a given random source.
 */
import { addDeliveryDays, atLocal, localDayHour, nextDeliveryDay } from "../ingest/polling/local-time.js";
import { disruptionDuring, type HubDisruption } from "./disruptions.js";
import { seededRandom } from "./journeys.js";
import type { Lane, SimCarrier, SimPlace } from "./lanes.js";

export type SimStep =
  | "label"
  | "pickup"
  | "departed"
  | "arrived"
  | "customs_started"
  | "customs_held"
  | "customs_cleared"
  | "weather_delay"
  | "damaged"
  | "address_issue"
  | "out_for_delivery"
  | "attempt_failed"
  | "delivered"
  | "return_started"
  | "returned"
  | "lost";

export interface SimEvent {
  step: SimStep;
  occurredAt: number;
  /** When the carrier's API starts showing it. */
  visibleAt: number;
  place: SimPlace;
  /** The carrier's estimated delivery day (local day index at the destination) once this scan is known. */
  etaDay: number | null;
  /**
   * On an out-for-delivery scan, the delivery time window the carrier publishes with it (UPS Track API
   * `deliveryTime` type EDW, FedEx `estimatedDeliveryTimeWindow`): its estimate of the door stop, not the stop.
   */
  window?: DeliveryWindow;
}

export interface DeliveryWindow {
  start: number;
  end: number;
}

/** What the world adds to the lane's own randomness. */
export interface JourneyWorld {
  /** Hub closures; when given, weather delays come from them instead of independently per parcel. */
  disruptions?: readonly HubDisruption[];
  /** Standard deviation of the carrier's door-time estimate behind its window (minutes). Default 35. */
  windowErrorMinutes?: number;
}

/** Carriers whose tracking answer carries a delivery window once the parcel is on the vehicle. */
export const WINDOW_CARRIERS: ReadonlySet<SimCarrier> = new Set(["ups", "fedex"]);
/** Width of the published window: both carriers show four-hour windows on the delivery day. */
const WINDOW_HOURS = 4;

export type SimJourneyKind =
  "smooth" | "delayed" | "failed_attempt" | "address_issue" | "customs_hold" | "damaged" | "return" | "lost";

export interface SimJourney {
  carrier: SimCarrier;
  trackingNumber: string;
  lane: Lane;
  kind: SimJourneyKind;
  labelAt: number;
  /** In the order they happened. */
  events: SimEvent[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** How late each kind of scan shows up, before the carrier's own factor: handhelds sync fast, facilities batch. */
function visibilityLagMs(rand: () => number, step: SimStep, carrier: SimCarrier): number {
  const carrierFactor = carrier === "usps" ? 1.6 : carrier === "dhl_express" ? 1.3 : 1;
  // log-normal around a median, so most scans are prompt and a few are hours late
  const logNormal = (medianMin: number, spread: number) =>
    medianMin * Math.exp(spread * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
  let minutes: number;
  if (step === "label") minutes = 0.5 + rand() * 2;
  else if (step === "out_for_delivery" || step === "delivered" || step === "attempt_failed")
    minutes = logNormal(4, 0.9);
  else if (step.startsWith("customs")) minutes = logNormal(60, 0.8);
  else minutes = logNormal(20, 1);
  return Math.min(minutes * carrierFactor, 12 * 60) * MINUTE;
}

/** Picks a journey kind with realistic odds: most parcels are uneventful. */
export function pickSimJourneyKind(rand: () => number, lane: Lane): SimJourneyKind {
  const r = rand();
  if (lane.international && r < 0.12) return "customs_hold";
  if (r < 0.2) return "delayed";
  if (r < 0.28) return "failed_attempt";
  if (r < 0.31) return "address_issue";
  if (r < 0.34) return "return";
  if (r < 0.355) return "lost";
  if (r < 0.365 && lane.carrier !== "usps") return "damaged";
  return "smooth";
}

/** Plans one parcel's journey on `lane`, labelled at `labelAt`. */
export function planLaneJourney(
  rand: () => number,
  lane: Lane,
  trackingNumber: string,
  labelAt: number,
  kind: SimJourneyKind = pickSimJourneyKind(rand, lane),
  world: JourneyWorld = {},
): SimJourney {
  const { origin, destination: dest, carrier } = lane;
  // Windows and closures draw from a stream of their own, so the fleet-wide stream (and every other parcel's
  // journey) stays the same with or without them.
  const own = seededRandom(hashText(trackingNumber));
  const ownBetween = (a: number, b: number) => a + own() * (b - a);
  const events: SimEvent[] = [];
  let eta: number | null = null;
  let t = labelAt;
  const add = (step: SimStep, at: number, place: SimPlace) => {
    t = Math.max(at, t + MINUTE);
    events.push({
      step,
      occurredAt: t,
      visibleAt: t + visibilityLagMs(rand, step, carrier),
      place,
      etaDay: eta,
    });
  };
  const between = (a: number, b: number) => a + rand() * (b - a);

  add("label", labelAt, origin);
  // Pickup in the afternoon run: the same day when labelled before 14:00 there, else the next pickup day.
  const labelLocal = localDayHour(labelAt, origin.zone);
  const pickupDay = labelLocal.hour < 14 ? labelLocal.day : nextDeliveryDay(labelLocal.day);
  add("pickup", atLocal(origin.zone, pickupDay, between(15, 19)), origin);
  eta = addDeliveryDays(localDayHour(t, dest.zone).day, lane.transitDays);
  events[events.length - 1]!.etaDay = eta;
  add("departed", t + between(2, 4) * HOUR, origin);

  // Arrive at the delivery station the evening before the delivery day; hubs share the time in between.
  const arrival = Math.max(atLocal(dest.zone, eta - 1, between(19, 25)), t + 8 * HOUR);
  const hubsEnd = arrival - (lane.international ? 12 : 4) * HOUR;
  const leg = (hubsEnd - t) / (lane.hubs.length + 1);
  for (const [i, hub] of lane.hubs.entries()) {
    add("arrived", t + leg * between(0.6, 1), hub);
    if (kind === "lost" && i === 0)
      return lostEnding(rand, lane, trackingNumber, labelAt, kind, events, add, t);
    if (kind === "damaged" && i === 0) add("damaged", t + between(1, 3) * HOUR, hub);
    if (kind === "delayed" && i === lane.hubs.length - 1) {
      const at = t + between(1, 4) * HOUR;
      if (!world.disruptions) {
        add("weather_delay", at, hub);
        eta = nextDeliveryDay(eta);
        events[events.length - 1]!.etaDay = eta;
      }
    }
    const arrivedAt = t;
    const plannedDeparture = t + between(1.5, 4) * HOUR;
    const closure =
      world.disruptions && disruptionDuring(world.disruptions, hub.city, arrivedAt, plannedDeparture);
    if (closure) {
      add("weather_delay", Math.max(arrivedAt, closure.start) + ownBetween(0.1, 0.75) * HOUR, hub);
      eta = nextDeliveryDay(eta);
      events[events.length - 1]!.etaDay = eta;
      add("departed", closure.end + ownBetween(0.5, 2) * HOUR, hub);
    } else add("departed", plannedDeparture, hub);
  }
  if (lane.international) {
    add("customs_started", t + between(3, 6) * HOUR, dest);
    if (kind === "customs_hold") {
      add("customs_held", t + between(1, 3) * HOUR, dest);
      eta = addDeliveryDays(eta, 2);
      events[events.length - 1]!.etaDay = eta;
      add("customs_cleared", t + between(30, 50) * HOUR, dest);
    } else add("customs_cleared", t + between(1, 5) * HOUR, dest);
  }
  add("arrived", Math.max(arrival, t + HOUR), dest);

  // The delivery day: the first one whose morning run leaves after the parcel reached the station.
  let day = eta ?? localDayHour(t, dest.zone).day;
  while (atLocal(dest.zone, day, 6) < t + HOUR) day = nextDeliveryDay(day);
  const routeRun = (d: number) => {
    add(
      "out_for_delivery",
      atLocal(dest.zone, d, Math.min(10, Math.max(6.5, 8 + (rand() + rand() - 1) * 1.5))),
      dest,
    );
    const loaded = events[events.length - 1]!;
    // Stops along the route: triangular between half an hour and ten hours, never after 20:30.
    const hours = 0.5 + 9.5 * Math.sqrt(rand() * rand());
    const stop = Math.min(t + hours * HOUR, atLocal(dest.zone, d, 20.5));
    if (WINDOW_CARRIERS.has(carrier)) loaded.window = windowAround(stop, own, world.windowErrorMinutes ?? 35);
    return stop;
  };
  if (kind === "address_issue") {
    add("address_issue", atLocal(dest.zone, day, between(6.5, 9)), dest);
    day = nextDeliveryDay(day);
    eta = day;
    events[events.length - 1]!.etaDay = eta;
  }
  if (kind === "failed_attempt" || kind === "return") {
    add("attempt_failed", routeRun(day), dest);
    day = nextDeliveryDay(day);
    eta = day;
    events[events.length - 1]!.etaDay = eta;
    if (kind === "return") {
      add("attempt_failed", routeRun(day), dest);
      add("return_started", atLocal(dest.zone, nextDeliveryDay(day), between(7, 11)), dest);
      eta = null;
      add("arrived", t + lane.transitDays * between(20, 30) * HOUR, origin);
      add("returned", t + between(12, 30) * HOUR, origin);
      return { carrier, trackingNumber, lane, kind, labelAt, events };
    }
  }
  add("delivered", routeRun(day), dest);
  return { carrier, trackingNumber, lane, kind, labelAt, events };
}

/**
 * The carrier's window for a stop: its estimate of the stop (the true time plus a normal error) placed somewhere in
 * the middle of a four-hour window, on the quarter hour as carriers print it.
 */
function windowAround(stop: number, rand: () => number, errorMinutes: number): DeliveryWindow {
  const gaussian = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const estimate = stop + gaussian * errorMinutes * MINUTE;
  const quarter = 15 * MINUTE;
  const start = Math.round((estimate - (0.15 + 0.7 * rand()) * WINDOW_HOURS * HOUR) / quarter) * quarter;
  return { start, end: start + WINDOW_HOURS * HOUR };
}

/** FNV-1a of a text: a per-parcel seed. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A parcel that goes quiet after its first hub; half the time the carrier declares it lost a week later. */
function lostEnding(
  rand: () => number,
  lane: Lane,
  trackingNumber: string,
  labelAt: number,
  kind: SimJourneyKind,
  events: SimEvent[],
  add: (step: SimStep, at: number, place: SimPlace) => void,
  t: number,
): SimJourney {
  if (rand() < 0.5) add("lost", t + (6 + rand() * 3) * 24 * HOUR, lane.hubs[0]!);
  return { carrier: lane.carrier, trackingNumber, lane, kind, labelAt, events };
}
