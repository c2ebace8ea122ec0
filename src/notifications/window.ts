/**
 * The delivery window the "late" and "delay" rules read. Until the ETA model (src/eta) stores predictions on
 * shipments, the window is the carrier's estimate, else the order's promised date; a prediction source can be
 * put in front of these through `WindowFacts.predicted` without changing the rules.
 */

/** A delivery window as local calendar dates (YYYY-MM-DD), inclusive. */
export interface DeliveryWindow {
  earliest: string;
  latest: string;
  source: "prediction" | "carrier" | "promised";
}

export interface WindowFacts {
  /** A prediction from the ETA model, when one exists. */
  predicted?: { earliest: string; latest: string } | null;
  /** The carrier's estimate as the adapter gave it ("2025-05-08" or an ISO instant). */
  carrierEstimate: string | null;
  promisedAt: Date | string | null;
}

import { localDate } from "../core/time.js";

const DATE = /^(\d{4}-\d{2}-\d{2})/;

function dateOf(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  return DATE.exec(value.trim())?.[1] ?? null;
}

/** The best window known: prediction, then the carrier's estimate, then the promised date. */
export function deliveryWindow(facts: WindowFacts): DeliveryWindow | null {
  if (facts.predicted) return { ...facts.predicted, source: "prediction" };
  const carrier = dateOf(facts.carrierEstimate);
  if (carrier) return { earliest: carrier, latest: carrier, source: "carrier" };
  const promised = dateOf(facts.promisedAt);
  if (promised) return { earliest: promised, latest: promised, source: "promised" };
  return null;
}

const DAY_MS = 86_400_000;

/** Whole days between two YYYY-MM-DD dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** True when the window's end moved later by a day or more (the "delay" trigger). */
export function windowMovedLater(before: DeliveryWindow, after: DeliveryWindow): boolean {
  return daysBetween(before.latest, after.latest) >= 1;
}

/**
 * True when `now` is past the window: the day after its last date has begun in the shopper's time zone (so a
 * parcel due "today" is not late until today is over where it is delivered).
 */
export function isPastWindow(window: DeliveryWindow, now: Date, timeZone: string): boolean {
  return localDate(now, timeZone) > window.latest;
}

export { localDate } from "../core/time.js";
