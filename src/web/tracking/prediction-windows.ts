/**
 * The tracking page's windows from the ETA model (src/eta/live): a shipment's current predicted window with its
 * confidence and the earlier windows it replaced; shipments without a prediction (no model yet, a return) keep
 * the carrier's estimate or the promised date. Cached pages stay fresh: the ingest path writes predictions in
 * the transaction that updates the shipment row (whose trigger notifies), and predictions made without a
 * shipment change (creation, a retrain) NOTIFY "shipment:<id>" themselves (src/eta/live/refresh.ts).
 */
import type { Database } from "../../db/client.js";
import { pageWindowsOf } from "../../db/repositories/shipment-predictions.js";
import {
  carrierOrPromiseWindows,
  type DeliveryWindowChange,
  type DeliveryWindowSource,
} from "./delivery-window.js";

/** Windows from predictions, falling back to `fallback` (carrier estimate or promise) per shipment. */
export function predictionWindows(
  db: Database,
  fallback: DeliveryWindowSource = carrierOrPromiseWindows,
): DeliveryWindowSource {
  return {
    async windowsFor(data, timeZone) {
      const windows = await fallback.windowsFor(data, timeZone);
      const ids = data.shipments.filter((s) => s.direction === "outbound").map((s) => s.id);
      if (ids.length === 0) return windows;
      const current = await pageWindowsOf(db, ids);
      for (const [id, p] of current) {
        const history: DeliveryWindowChange[] = [...p.history];
        // The last recorded window is the current one; the ones before it are what changed.
        const last = history.at(-1);
        if (last && last.earliest === p.earliest && last.latest === p.latest) history.pop();
        windows.set(id, {
          current: { earliest: p.earliest, latest: p.latest, source: "prediction", confidence: p.confidence },
          history,
        });
      }
      return windows;
    },
  };
}
