/**
 * An order's stage, derived from its outbound shipments: what the seller and the shopper see for the order
 * as a whole when it ships in several parcels.
 */
import type { Status } from "./status.js";

export const ORDER_STAGES = [
  "unfulfilled",
  "label_created",
  "partially_shipped",
  "shipped",
  "partially_delivered",
  "delivered",
  "returning",
  "returned",
  "cancelled",
] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

export interface ShipmentForStage {
  status: Status;
  direction: "outbound" | "return";
  firstScanAt: Date | null;
}

const RETURNING: ReadonlySet<Status> = new Set(["return_to_sender", "returned"]);

/** An outbound parcel the shopper waits for: any but a cancelled label. */
const isLiveParcel = (s: { direction: string; status: string }) =>
  s.direction === "outbound" && s.status !== "cancelled";

/**
 * The shipments to tell a shopper about: a cancelled parcel beside parcels that go (a label voided and made again)
 * is left out, as the order's stage leaves it out; alone, it is kept, to be shown cancelled. Returns stay.
 */
export function withoutCancelledBesideLive<T extends { direction: string; status: string }>(
  shipments: readonly T[],
): readonly T[] {
  return shipments.some(isLiveParcel)
    ? shipments.filter((s) => s.direction !== "outbound" || isLiveParcel(s))
    : shipments;
}

/** The stage of an order whose shipments are `shipments`. Return shipments (shopper returns) don't count. */
export function foldOrderStage(shipments: readonly ShipmentForStage[]): OrderStage {
  const live = shipments.filter(isLiveParcel);
  if (live.length === 0) {
    return shipments.some((s) => s.direction === "outbound") ? "cancelled" : "unfulfilled";
  }
  if (live.every((s) => s.status === "returned")) return "returned";
  if (live.every((s) => RETURNING.has(s.status))) return "returning";
  const delivered = live.filter((s) => s.status === "delivered").length;
  if (delivered === live.length) return "delivered";
  if (delivered > 0) return "partially_delivered";
  const shipped = live.filter((s) => s.firstScanAt !== null).length;
  if (shipped === live.length) return "shipped";
  if (shipped > 0) return "partially_shipped";
  return "label_created";
}

/** True when any outbound shipment needs someone's attention. */
export function orderNeedsAttention(shipments: readonly { status: Status; direction: string }[]): boolean {
  return shipments.some(
    (s) => s.direction === "outbound" && (s.status === "exception" || s.status === "attempt_failed"),
  );
}
