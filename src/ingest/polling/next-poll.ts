/**
 * When to poll a shipment next — pure. The interval follows what can happen next: nothing moves fast before
 * pickup; in transit only the delivery date matters until the delivery day; on the delivery morning and while
 * the parcel is on the vehicle, polls are dense but only in the hours drivers work at the destination; problems
 * are watched closely; a quiet parcel is polled less and less, and expires after 30 days. Delivered parcels get
 * one late look (corrections, returns) at the end of a grace period; returned and cancelled ones stop at once.
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
}

/** What polls taught us about a carrier: mean hours a shipment stays in each status before it changes. */
export interface CarrierCadence {
  dwellHours: Partial<Record<Status, number>>;
}

export type StopReason = "delivered" | "returned" | "cancelled" | "expired";

export type PollDecision = { kind: "poll"; at: Date; reason: string } | { kind: "stop"; reason: StopReason };

export interface PollPolicy {
  /** Label created, waiting for the pickup scan. */
  preTransitHours: number;
  /** Moving, before the delivery day (the ETA and surprises are all that matter). */
  transitHours: number;
  /** On the delivery day before the out-for-delivery scan, inside the morning loading window. */
  deliveryMorningMinutes: number;
  /** On the vehicle. */
  outForDeliveryMinutes: number;
  /** Exception, failed attempt, waiting at a pickup point. */
  problemHours: number;
  returningHours: number;
  deliveredGraceHours: number;
  expireAfterDays: number;
  /** Local hours drivers deliver in (door scans outside them are rare). */
  doorHours: readonly [number, number];
  /** Local hours trucks are loaded (out-for-delivery scans). */
  loadingHours: readonly [number, number];
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  preTransitHours: 12,
  transitHours: 10,
  deliveryMorningMinutes: 30,
  outForDeliveryMinutes: 30,
  problemHours: 2,
  returningHours: 24,
  deliveredGraceHours: 24,
  expireAfterDays: 30,
  doorHours: [6.5, 21] as const,
  loadingHours: [6.5, 10.5] as const,
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

  switch (facts.status) {
    case "pending":
    case "info_received":
      return poll(
        t + jitter(Math.min(24, policy.preTransitHours * quietFactor) * HOUR),
        "waiting for pickup",
      );
    case "out_for_delivery": {
      if (local.hour >= doorStart && local.hour < doorEnd)
        return poll(t + jitter(policy.outForDeliveryMinutes * MINUTE), "on the vehicle");
      return poll(morningAfter(zone, local, doorStart), "on the vehicle: drivers start at dawn");
    }
    case "return_to_sender":
      return poll(t + jitter(policy.returningHours * HOUR), "returning to sender");
    default: {
      const etaDay = isoDateToDay(facts.estimatedDelivery) ?? guessDeliveryDay(facts, dwell, zone);
      // The delivery day (or a day or two later: a late parcel, a new attempt after a failed one, an address
      // fixed) goes out on a morning run: dense polls while trucks load, sparse ones for the rest of the day.
      // Longer overdue and still quiet, it is more likely stuck than loading: the quiet backoff applies.
      if (etaDay !== null && local.day >= etaDay && local.day <= etaDay + OVERDUE_DAYS) {
        if (local.hour < loadStart)
          return poll(atLocal(zone, local.day, loadStart), "delivery day: loading starts");
        if (local.hour < loadEnd)
          return poll(t + jitter(policy.deliveryMorningMinutes * MINUTE), "delivery day: loading window");
        if (local.hour < doorEnd)
          return poll(t + jitter(policy.problemHours * HOUR), `delivery day: ${facts.status}`);
        return poll(morningAfter(zone, local, loadStart), "delivery day over: next morning");
      }
      if (facts.status !== "in_transit") {
        // What follows a problem (a new attempt, a collection, a resolution) happens in working hours there.
        const next = t + jitter(policy.problemHours * HOUR);
        const at = localDayHour(next, zone);
        if (at.hour >= doorStart && at.hour < doorEnd) return poll(next, `watching ${facts.status}`);
        return poll(morningAfter(zone, at, doorStart), `watching ${facts.status}: from the next morning`);
      }
      const regular = t + jitter(Math.min(24, policy.transitHours * quietFactor) * HOUR);
      if (etaDay === null) return poll(regular, "in transit");
      const morning = atLocal(zone, etaDay, loadStart);
      return morning > t && morning <= regular
        ? poll(morning, "in transit: the delivery morning")
        : poll(regular, "in transit");
    }
  }
}

function poll(atMs: number, reason: string): PollDecision {
  return { kind: "poll", at: new Date(atMs), reason };
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
