/**
 * The delivery window a shipment shows, and how it changed: the ETA model's prediction (prediction-windows.ts,
 * passed to the tracking routes by app.ts) when the seller has a model, else the carrier's estimate (with the
 * history the database records of it) or the order's promised date. A source whose windows change without a
 * shipment row changing must NOTIFY `shipwatch_tracking` with "shipment:<id>" (src/eta/live/refresh.ts does).
 */
import { localDate, windowFromDay } from "../../core/time.js";
import type { EstimateChange, TrackingPageData } from "../../db/repositories/tracking-page-data.js";

export type WindowSourceKind = "carrier" | "promise" | "prediction";

export interface DeliveryWindow {
  /** Local dates, "YYYY-MM-DD" (a one-day window has earliest = latest). */
  earliest: string;
  latest: string;
  source: WindowSourceKind;
  /** Probability the delivery falls in the window, when the source knows it. */
  confidence?: number | null;
}

export interface DeliveryWindowChange {
  at: Date;
  earliest: string;
  latest: string;
}

export interface DeliveryWindowView {
  current: DeliveryWindow;
  /** Earlier windows, oldest first (empty when it never changed). */
  history: DeliveryWindowChange[];
}

/**
 * The window as a shopper can still read it on `today` (their local date): a parcel not delivered yet will not
 * arrive on a day already past, so a window predicted before its first day began starts today. The history is
 * kept as it was. (Windows are re-predicted at each scan and after the daily retrain; this covers the days in
 * between.) A window wholly in the past is left alone: the page says it has passed.
 */
export function windowFromToday(view: DeliveryWindowView, today: string): DeliveryWindowView {
  const current = windowFromDay(view.current, today);
  return current === view.current ? view : { ...view, current };
}

/** Computes windows for the shipments of one page; keyed by shipment id, missing = no window. */
export interface DeliveryWindowSource {
  windowsFor(data: TrackingPageData, timeZone: string | null): Promise<Map<string, DeliveryWindowView>>;
}

/** "YYYY-MM-DD" of an estimate ("2026-03-04", "2026-03-04T17:00:00-05:00", "2026-03-04T22:00:00Z"). */
export function estimateDate(estimate: string, timeZone: string | null): string | null {
  const trimmed = estimate.trim();
  const dateOnly = /^(\d{4}-\d{2}-\d{2})$/.exec(trimmed);
  if (dateOnly) return dateOnly[1]!;
  // A wall-clock with an offset already is the carrier's local date; only a UTC instant needs the shopper's zone.
  const withOffset = /^(\d{4}-\d{2}-\d{2})T[\d:.]+[+-]\d{2}:?\d{2}$/.exec(trimmed);
  if (withOffset) return withOffset[1]!;
  const instant = new Date(trimmed);
  if (Number.isNaN(instant.getTime())) return null;
  return localDate(instant, timeZone);
}

function carrierHistory(changes: readonly EstimateChange[], timeZone: string | null): DeliveryWindowChange[] {
  const history: DeliveryWindowChange[] = [];
  for (const change of changes) {
    const date = change.estimate ? estimateDate(change.estimate, timeZone) : null;
    if (!date || history.at(-1)?.earliest === date) continue;
    history.push({ at: change.changedAt, earliest: date, latest: date });
  }
  return history;
}

/** The carrier's estimate, else the order's promised date: what the page shows before predictions exist. */
export const carrierOrPromiseWindows: DeliveryWindowSource = {
  async windowsFor(data, timeZone) {
    const windows = new Map<string, DeliveryWindowView>();
    const promised = data.order?.promisedAt ? localDate(data.order.promisedAt, timeZone) : null;
    for (const shipment of data.shipments) {
      const carrierDate = shipment.carrierEstimatedDelivery
        ? estimateDate(shipment.carrierEstimatedDelivery, timeZone)
        : null;
      if (carrierDate) {
        const history = carrierHistory(data.estimateChanges.get(shipment.id) ?? [], timeZone);
        // The last recorded change is the current estimate itself; earlier ones are what changed.
        if (history.at(-1)?.earliest === carrierDate) history.pop();
        windows.set(shipment.id, {
          current: { earliest: carrierDate, latest: carrierDate, source: "carrier" },
          history,
        });
      } else if (promised && shipment.direction === "outbound") {
        windows.set(shipment.id, {
          current: { earliest: promised, latest: promised, source: "promise" },
          history: [],
        });
      }
    }
    return windows;
  },
};

export { localDate };
