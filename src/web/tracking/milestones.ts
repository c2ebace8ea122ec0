/**
 * The progress bar: ordered → shipped → in transit → out for delivery → delivered, with the step where a
 * problem happened marked as such, and returns drawn as their own ending rather than as progress.
 */
import type { Status } from "../../core/status.js";

export const MILESTONES = ["ordered", "shipped", "in_transit", "out_for_delivery", "delivered"] as const;
export type Milestone = (typeof MILESTONES)[number];

export type StepState = "done" | "current" | "problem" | "upcoming";

export interface Step {
  /** A milestone, or a replacement label for the last step (pickup, returning, returned). */
  label: Milestone | "pickup" | "problem" | "returning" | "returned";
  state: StepState;
}

export interface ShipmentProgress {
  status: Status;
  substatus: string | null;
  firstScanAt: Date | null;
  outForDeliveryAt: Date | null;
  returning: boolean;
}

/** The index of the furthest milestone reached from the shipment's timestamps (for problem states). */
function reachedFromTimestamps(s: ShipmentProgress): number {
  if (s.outForDeliveryAt) return 3;
  if (s.firstScanAt) return 2;
  return 0;
}

/** The five steps with their states for a shipment. */
export function progressSteps(s: ShipmentProgress): Step[] {
  let reached: number;
  let tone: StepState = "current";
  let lastLabel: Step["label"] = "delivered";
  switch (s.status) {
    case "pending":
    case "info_received":
      reached = s.firstScanAt ? 1 : 0;
      break;
    case "in_transit":
      reached = s.substatus === "picked_up" ? 1 : 2;
      break;
    case "out_for_delivery":
      reached = 3;
      break;
    case "available_for_pickup":
      reached = 4;
      lastLabel = "pickup";
      break;
    case "attempt_failed":
      reached = 3;
      tone = "problem";
      break;
    case "delivered":
      reached = 4;
      tone = "done";
      break;
    case "exception":
    case "expired":
      reached = reachedFromTimestamps(s);
      tone = "problem";
      break;
    case "return_to_sender":
      reached = 4;
      tone = "problem";
      lastLabel = "returning";
      break;
    case "returned":
      reached = 4;
      tone = "problem";
      lastLabel = "returned";
      break;
    case "cancelled":
      reached = 0;
      tone = "problem";
      break;
  }
  return MILESTONES.map((milestone, index) => {
    const label: Step["label"] = index === 4 ? lastLabel : milestone;
    if (index < reached) return { label, state: "done" as const };
    if (index === reached) return { label, state: tone };
    return { label, state: "upcoming" as const };
  });
}
