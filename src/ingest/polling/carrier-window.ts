/**
 * Which carrier delivery window a polled shipment keeps — pure. The window is the carrier's word on when the
 * driver stops (UPS EDW, FedEx estimatedDeliveryTimeWindow), so the latest answer decides: its window replaces the
 * stored one (a new day's window after a failed attempt), an answer without one clears it, and no answer (an
 * error, an adapter that reads no windows) keeps it. It is kept only while the parcel is on the vehicle: the
 * scheduler uses it nowhere else, and one left behind after a delivery or a failed attempt would be a stale day's.
 */
import type { DeliveryWindow } from "../../core/events.js";
import type { Status } from "../../core/status.js";

export interface StoredWindow {
  start: Date;
  end: Date;
}

/** The window to store after an answer; `answered` undefined means the round brought no window reading. */
export function windowToKeep(
  status: Status,
  answered: DeliveryWindow | null | undefined,
  stored: StoredWindow | null,
): StoredWindow | null {
  if (status !== "out_for_delivery") return null;
  if (answered === undefined) return stored;
  if (answered === null) return null;
  const start = new Date(answered.start);
  const end = new Date(answered.end);
  return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start ? null : { start, end };
}

/** Same window (or both none): the stored row need not be written. */
export function sameWindow(a: StoredWindow | null, b: StoredWindow | null): boolean {
  if (!a || !b) return a === b;
  return a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
}
