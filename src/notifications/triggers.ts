/**
 * Which shopper milestones a state change reaches. Pure: it compares the shipment's state before and after a
 * batch of events, so intermediate scans (another facility, another sort) never notify, and the milestone
 * string makes each message unique: the same milestone decided twice is one message.
 */
import type { ShipmentState } from "../core/fold.js";
import type { Trigger } from "./policy.js";
import { windowMovedLater, type DeliveryWindow } from "./window.js";

export interface ShipmentTransition {
  shipmentId: string;
  before: ShipmentState;
  after: ShipmentState;
  /** The delivery window before and after this batch (carrier estimate, promised date...). */
  windowBefore?: DeliveryWindow | null;
  windowAfter?: DeliveryWindow | null;
  /** A return parcel (the shopper sending items back) reaches only the return milestones. */
  direction?: "outbound" | "return";
}

export interface DecidedTrigger {
  trigger: Trigger;
  milestone: string;
  /** Journey order: when several are decided at once, the highest is the one that matters now. */
  rank: number;
  /** The carrier time of the milestone (null: it is about now, like a moved window). */
  at: Date | null;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "unknown");

export const TRIGGER_RANK: Readonly<Record<Trigger, number>> = {
  shipped: 1,
  delay: 2,
  exception: 3,
  out_for_delivery: 4,
  delivery_attempted: 5,
  ready_for_pickup: 6,
  delivered: 7,
  returned: 8,
  return_in_transit: 9,
  return_received: 10,
};

/** The milestones this transition reaches, in journey order. */
export function decideTriggers(t: ShipmentTransition): DecidedTrigger[] {
  const { before, after } = t;
  const out: DecidedTrigger[] = [];
  const add = (trigger: Trigger, milestone: string, at: Date | null = after.statusChangedAt) =>
    out.push({ trigger, milestone, rank: TRIGGER_RANK[trigger], at });

  if (t.direction === "return") {
    // The shopper's own parcel going back: its first carrier scan, then its delivery to the seller.
    if (after.deliveredAt && !before.deliveredAt)
      add("return_received", "return_delivered", after.deliveredAt);
    else if (after.firstScanAt && !before.firstScanAt)
      add("return_in_transit", "return_first_scan", after.firstScanAt);
    return out;
  }

  // "Shipped" is the first physical carrier scan, never label creation.
  if (!before.firstScanAt && after.firstScanAt && !after.returning)
    add("shipped", "first_scan", after.firstScanAt);
  if (after.returning) {
    if (!before.returning) add("returned", "return");
    return out;
  }
  if (after.status === "delivered" && !before.deliveredAt && after.deliveredAt) {
    add("delivered", "delivered", after.deliveredAt);
    return out; // a delivered parcel needs no news about the steps that led there
  }
  if (
    after.status === "out_for_delivery" &&
    after.outForDeliveryAt &&
    before.outForDeliveryAt?.getTime() !== after.outForDeliveryAt.getTime()
  ) {
    // One a day: a second vehicle the day after a failed attempt is news, a duplicate scan is not.
    const milestone = `ofd:${day(after.outForDeliveryAt)}`;
    if (!(before.outForDeliveryAt && day(before.outForDeliveryAt) === day(after.outForDeliveryAt)))
      add("out_for_delivery", milestone, after.outForDeliveryAt);
  }
  if (after.attemptCount > before.attemptCount && after.status === "attempt_failed")
    add("delivery_attempted", `attempt:${after.attemptCount}`);
  if (after.status === "available_for_pickup" && before.status !== "available_for_pickup")
    add("ready_for_pickup", "pickup");
  if (
    after.status === "exception" &&
    (before.status !== "exception" || before.substatus !== after.substatus)
  ) {
    add("exception", `exception:${after.substatus ?? "unspecified"}`);
  }
  if (t.windowBefore && t.windowAfter && windowMovedLater(t.windowBefore, t.windowAfter))
    add("delay", `delay:${t.windowAfter.latest}`, null);
  return out.sort((a, b) => a.rank - b.rank);
}
