/**
 * When to poll a shipment next — pure. The interval follows what can happen next: nothing moves fast before
 * pickup; in transit only the delivery date matters until the delivery day; on the delivery morning and while
 * the parcel is on the vehicle, polls are dense but only in the hours drivers work at the destination; problems
 * are watched closely; a quiet parcel is polled less and less, and expires after 30 days. Delivered parcels get
 * one late look (corrections, returns) at the end of a grace period; returned and cancelled ones stop at once.
 *
 * Dense polls fall on a grid of the destination's local time (every `milestoneGridMinutes`, on the hour and the
 * half hour by default) rather than at "last poll + interval": a milestone published between two grid points is
 * seen at the next one, so freshness is bounded by the grid step, and every shipment of a zone due at the same
 * grid point is polled in the same round — for a carrier that takes many numbers per request, in one request.
 */
import type { Status } from "../../core/status.js";
import { atLocal, isoDateToDay, localDayHour, nextDeliveryDay } from "./local-time.js";

export interface ShipmentFacts {
  status: Status;
  createdAt: Date;
  /** When a poll last brought something new (our clock); null before the first change. */
  lastChangeAt: Date | null;
  /** Carrier time of the last status change. */
  statusChangedAt: Date | null;
  /** The carrier's estimated delivery ("YYYY-MM-DD" or an ISO instant), if it gave one. */
  estimatedDelivery: string | null;
  /** IANA zone of the destination (drivers' working hours), null when unknown. */
  destinationZone: string | null;
  /** Sub-status of the current status (customs_started, weather_delay, …), when known. */
  substatus?: string | null;
  /**
   * The delivery window the carrier's latest answer gave while the parcel is on the vehicle (UPS `deliveryTime`
   * EDW/CDW/IDW, FedEx `estimatedDeliveryTimeWindow`); null or absent when it gave none.
   */
  deliveryWindow?: { start: Date; end: Date } | null;
  /** The carrier pushes this shipment's scans to us (a live subscription): polls are only a safety net. */
  pushSubscribed?: boolean;
}

/** What polls taught us about a carrier: mean hours a shipment stays in each status before it changes. */
export interface CarrierCadence {
  dwellHours: Partial<Record<Status, number>>;
  /** Tracking numbers one request of this carrier's client takes (FedEx 30, DHL Express 200); 1 when absent. */
  batchSize?: number;
}

export type StopReason = "delivered" | "returned" | "cancelled" | "expired";

export type PollDecision = { kind: "poll"; at: Date; reason: string } | { kind: "stop"; reason: StopReason };

export interface PollPolicy {
  /** Label created, waiting for the pickup scan. */
  preTransitHours: number;
  /** Moving, before the delivery day (the ETA and surprises are all that matter). */
  transitHours: number;
  /** Exception, failed attempt, waiting at a pickup point. */
  problemHours: number;
  returningHours: number;
  deliveredGraceHours: number;
  expireAfterDays: number;
  /** Local hours drivers deliver in (door scans outside them are rare). */
  doorHours: readonly [number, number];
  /** Local hours trucks are loaded (out-for-delivery scans). */
  loadingHours: readonly [number, number];
  /** Spacing of the local-time grid dense polls fall on (delivery morning, on the vehicle). */
  milestoneGridMinutes: number;
  /** Door scans rarely come sooner than this after the out-for-delivery scan: the first look is then. */
  firstDoorCheckMinutes: number;
  /**
   * With a carrier delivery window: the dense grid only inside it (from its start to its end plus this grace);
   * before it, a look every `outsideWindowHours` for a driver ahead of the estimate. Null ignores windows.
   */
  windowGraceMinutes: number | null;
  outsideWindowHours: number;
  /**
   * A carrier window longer than this is a range of days (FedEx's documentation sample spans two weeks), not the
   * time of a stop: ignored, or the grid would run through the nights inside it.
   */
  maxWindowHours: number;
  /**
   * After the carrier shows customs clearance started, a hold (documents, duties) comes within hours at any time
   * of day: polls on this grid until clearance ends. Null treats customs like the rest of transit.
   */
  customsGridMinutes: number | null;
  /** A shipment whose scans the carrier pushes: one safety-net poll after this many quiet hours. */
  pushSafetyNetHours: number;
  /**
   * Carriers whose requests take at least this many numbers: every moving parcel is polled on the milestone grid
   * (a UTC grid, so all of them share each request) — a look costs a fraction of a call. Null: never.
   */
  denseMinBatch: number | null;
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  // The pickup comes on an afternoon run: a label seen now is picked up within the day.
  preTransitHours: 18,
  // In transit the delivery morning is known (the carrier's ETA); these looks are for what changes it — a delay, a
  // customs hold, damage. Three a day: bench:polling measures fewer calls AND fresher exceptions than the
  // earlier 10-hour jittered interval, because the looks land on full hours and batch where the carrier can.
  transitHours: 8,
  problemHours: 2,
  returningHours: 24,
  deliveredGraceHours: 24,
  expireAfterDays: 30,
  doorHours: [6.5, 21] as const,
  loadingHours: [6.5, 10] as const,
  milestoneGridMinutes: 30,
  firstDoorCheckMinutes: 60,
  windowGraceMinutes: 30,
  outsideWindowHours: 2,
  maxWindowHours: 12,
  customsGridMinutes: 30,
  pushSafetyNetHours: 24,
  denseMinBatch: 30,
});

/** The session-2 policy (no windows, no customs watch): kept so bench:polling shows what each lever adds. */
export const PLAIN_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  ...DEFAULT_POLL_POLICY,
  windowGraceMinutes: null,
  customsGridMinutes: null,
  denseMinBatch: null,
});

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Days past the ETA during which the delivery-morning polls continue. */
const OVERDUE_DAYS = 2;

/** The next poll for a shipment, or why polling stops. `rand` spreads polls (±10%) so workers do not stampede. */
export function nextPollAt(
  facts: ShipmentFacts,
  cadence: CarrierCadence,
  now: Date,
  rand: () => number,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): PollDecision {
  const t = now.getTime();
  const quietSince = (facts.lastChangeAt ?? facts.createdAt).getTime();
  if (facts.status === "returned" || facts.status === "cancelled" || facts.status === "expired")
    return { kind: "stop", reason: facts.status };
  if (facts.status === "delivered" && facts.pushSubscribed) return { kind: "stop", reason: "delivered" };
  if (facts.status === "delivered") {
    const lookAt = quietSince + policy.deliveredGraceHours * HOUR;
    return t >= lookAt
      ? { kind: "stop", reason: "delivered" }
      : poll(lookAt, "delivered: one look after the grace period");
  }
  if (t - quietSince >= policy.expireAfterDays * 24 * HOUR) return { kind: "stop", reason: "expired" };

  const jitter = (ms: number) => ms * (0.9 + 0.2 * rand());
  const zone = facts.destinationZone;
  const local = localDayHour(t, zone);
  const [doorStart, doorEnd] = policy.doorHours;
  const [loadStart, loadEnd] = policy.loadingHours;
  // Quiet for longer than this status usually lasts: back off, up to a day between polls.
  const dwell = cadence.dwellHours[facts.status];
  const quietFactor = dwell ? Math.min(4, Math.max(1, (t - quietSince) / HOUR / (2 * dwell))) : 1;

  if (facts.pushSubscribed) {
    // Pushes bring every scan within minutes; a poll only when the carrier has been quiet for a day (a lost
    // push, an expired subscription, a parcel that stopped moving).
    const quietDay = policy.pushSafetyNetHours * HOUR;
    const safety = quietSince + quietDay > t ? quietSince + quietDay : t + quietDay;
    return poll(onTheHour(zone, safety), "pushed: safety net after a quiet day");
  }

  // Where a request takes many numbers, a look costs a share of a call: every parcel not yet on the vehicle
  // (before pickup too — a one-day lane can be picked up, sorted and delayed between two sparse looks).
  const dense = policy.denseMinBatch !== null && (cadence.batchSize ?? 1) >= policy.denseMinBatch;
  if (dense && facts.status !== "out_for_delivery")
    return poll(gridAfter(null, t, policy.milestoneGridMinutes), `${facts.status}: batched with the others`);

  switch (facts.status) {
    case "pending":
    case "info_received":
      return poll(
        onTheHour(zone, t + jitter(Math.min(24, policy.preTransitHours * quietFactor) * HOUR)),
        "waiting for pickup",
      );
    case "out_for_delivery": {
      const grace = policy.windowGraceMinutes;
      const given = grace === null ? null : (facts.deliveryWindow ?? null);
      const window =
        given && given.end.getTime() - given.start.getTime() <= policy.maxWindowHours * HOUR ? given : null;
      if (window && grace !== null && t < window.end.getTime() + grace * MINUTE)
        return insideWindow(facts, window, t, policy);
      // The door scan comes along the route, half an hour to ten hours after loading: the grid from the first
      // door check after the out-for-delivery scan until drivers stop.
      const loadedAt = facts.statusChangedAt?.getTime() ?? t;
      const from = Math.max(t, loadedAt + (policy.firstDoorCheckMinutes - 1) * MINUTE);
      const next = gridAfter(zone, from, policy.milestoneGridMinutes);
      const at = localDayHour(next, zone);
      if (at.hour >= doorStart && at.hour <= doorEnd) return poll(next, "on the vehicle");
      return poll(
        gridAfter(zone, morningAfter(zone, at, doorStart), policy.milestoneGridMinutes),
        "on the vehicle: drivers start at dawn",
      );
    }
    case "return_to_sender":
      return poll(t + jitter(policy.returningHours * HOUR), "returning to sender");
    default: {
      const etaDay = isoDateToDay(facts.estimatedDelivery) ?? guessDeliveryDay(facts, dwell, zone);
      // The delivery day (or a day or two later: a late parcel, a new attempt after a failed one, an address
      // fixed) goes out on a morning run: dense polls while trucks load, sparse ones for the rest of the day.
      // Longer overdue and still quiet, it is more likely stuck than loading: the quiet backoff applies.
      if (etaDay !== null && local.day >= etaDay && local.day <= etaDay + OVERDUE_DAYS) {
        const grid = policy.milestoneGridMinutes;
        if (local.hour < loadStart)
          return poll(
            gridAfter(zone, atLocal(zone, local.day, loadStart), grid),
            "delivery day: loading starts",
          );
        if (local.hour < loadEnd) return poll(gridAfter(zone, t, grid), "delivery day: loading window");
        if (local.hour < doorEnd)
          return poll(t + jitter(policy.problemHours * HOUR), `delivery day: ${facts.status}`);
        return poll(morningAfter(zone, local, loadStart), "delivery day over: next morning");
      }
      if (
        policy.customsGridMinutes !== null &&
        facts.status === "in_transit" &&
        facts.substatus === "customs_started"
      )
        return poll(gridAfter(zone, t, policy.customsGridMinutes), "in customs: holds come within hours");
      if (facts.status !== "in_transit") {
        // What follows a problem (a new attempt, a collection, a resolution) happens in working hours there.
        const next = t + jitter(policy.problemHours * HOUR);
        const at = localDayHour(next, zone);
        if (at.hour >= doorStart && at.hour < doorEnd) return poll(next, `watching ${facts.status}`);
        return poll(morningAfter(zone, at, doorStart), `watching ${facts.status}: from the next morning`);
      }
      const interval = Math.min(Math.max(24, policy.transitHours), policy.transitHours * quietFactor);
      const regular = onTheHour(zone, t + jitter(interval * HOUR));
      if (etaDay === null) return poll(regular, "in transit");
      const morning = gridAfter(zone, atLocal(zone, etaDay, loadStart), policy.milestoneGridMinutes);
      return morning > t && morning <= regular
        ? poll(morning, "in transit: the delivery morning")
        : poll(regular, "in transit");
    }
  }
}

/**
 * On the vehicle with a carrier window: the door scan is due inside it, so the grid runs from its start to its end
 * (plus a grace); before it, sparse looks catch a driver ahead of the estimate. Past the grace the caller falls
 * back to the grid until drivers stop.
 */
function insideWindow(
  facts: ShipmentFacts,
  window: { start: Date; end: Date },
  t: number,
  policy: PollPolicy,
): PollDecision {
  const zone = facts.destinationZone;
  const grid = policy.milestoneGridMinutes;
  const start = window.start.getTime();
  // A minute before, so a window opening on a grid point gets that point (gridAfter is strictly after).
  const firstInside = gridAfter(zone, Math.max(t, start - MINUTE), grid);
  if (t >= start) return poll(firstInside, "on the vehicle: inside the carrier's window");
  const early = gridAfter(zone, t + policy.outsideWindowHours * HOUR - MINUTE, grid);
  return early < start
    ? poll(early, "on the vehicle: before the carrier's window")
    : poll(firstInside, "on the vehicle: the carrier's window opens");
}

function poll(atMs: number, reason: string): PollDecision {
  return { kind: "poll", at: new Date(atMs), reason };
}

/**
 * Sparse polls (before pickup, in transit) go to the next full hour after their jittered time: the jitter still
 * spreads them over hours, and the shipments landing on one hour share a round (and a request, where the
 * carrier takes batches).
 */
function onTheHour(zone: string | null, ms: number): number {
  return gridAfter(zone, ms - 60_000, 60);
}

/** The first point of the local `minutes` grid strictly after `ms` (on the hour, the half hour… there). */
export function gridAfter(zone: string | null, ms: number, minutes: number): number {
  const local = localDayHour(ms, zone);
  const step = minutes / 60;
  // Strictly after, with a tolerance for floating point: a poll made at 07:00 goes to 07:30, not to 07:00 again.
  const next = (Math.floor(local.hour / step + 1e-6) + 1) * step;
  return atLocal(zone, local.day, next);
}

function morningAfter(zone: string | null, local: { day: number; hour: number }, hour: number): number {
  return atLocal(zone, local.hour < hour ? local.day : nextDeliveryDay(local.day), hour);
}

/** Without a carrier ETA: the day the status usually ends for this carrier, counted from the last status change. */
function guessDeliveryDay(
  facts: ShipmentFacts,
  dwell: number | undefined,
  zone: string | null,
): number | null {
  if (!dwell || !facts.statusChangedAt) return null;
  return localDayHour(facts.statusChangedAt.getTime() + dwell * HOUR, zone).day;
}
