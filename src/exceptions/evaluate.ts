/**
 * The periodic pass over time rules: stalled (no scan for longer than is normal on that carrier, lane and
 * status), not picked up (label created, no carrier scan after N business days), late (past the window or the
 * promised date), presumed lost (no scan for 7 days in transit). Each opens at most one alert per shipment and
 * kind (the database enforces it), so running it every minute on many workers is safe.
 */
import type { Database } from "../db/client.js";
import { deliveryWindow, localDate } from "../notifications/window.js";
import { businessDaysBetween, businessHoursBetween } from "./business-hours.js";
import { openAlerts, type AlertRequest } from "./lifecycle.js";
import { loadRules, type AlertKind, type AlertRule } from "./rules.js";
import { laneOf } from "./scan-gaps.js";

interface Candidate {
  id: string;
  order_id: string | null;
  order_number: string | null;
  carrier: string;
  tracking_number: string;
  status: string;
  substatus: string | null;
  origin_country: string | null;
  destination_country: string | null;
  created_at: Date;
  status_changed_at: Date | null;
  last_event_at: Date | null;
  first_scan_at: Date | null;
  carrier_estimated_delivery: string | null;
  promised_at: Date | null;
  /** The ETA model's current window (src/eta/live), when the seller has a model. */
  predicted_earliest?: string | null;
  predicted_latest?: string | null;
  email: string | null;
  locale: string | null;
  time_zone: string | null;
}

const MOVING = new Set(["in_transit", "out_for_delivery", "attempt_failed", "return_to_sender", "exception"]);
const DONE = ["delivered", "returned", "cancelled", "expired"];
/**
 * Shipments silent for longer than this are history, not exceptions: an import of last year's unfinished
 * shipments must not open alerts (or message shoppers) today.
 */
const FORGOTTEN_AFTER_DAYS = 30;

/** A finding of one time rule for one shipment: the kind and the facts that justify it. */
export interface Finding {
  kind: AlertKind;
  details: Record<string, unknown>;
}

/** Which time rules a shipment breaks at `now` (pure; thresholds from the rules and the learned gaps). */
export function timeRuleFindings(
  c: Candidate,
  rules: Record<AlertKind, AlertRule>,
  gapHours: (carrier: string, lane: string, status: string) => { hours: number; samples: number } | undefined,
  now: Date,
  sellerZone: string,
): Finding[] {
  const found: Finding[] = [];
  const lastScan = c.last_event_at ? new Date(c.last_event_at) : null;
  if (
    rules.not_picked_up.enabled &&
    !c.first_scan_at &&
    (c.status === "info_received" || c.status === "pending") &&
    lastScan
  ) {
    // Picked up where it was labelled: the origin country's holidays.
    const days = businessDaysBetween(lastScan, now, sellerZone, c.origin_country);
    if (days > rules.not_picked_up.params.businessDays)
      found.push({
        kind: "not_picked_up",
        details: { labelAt: lastScan.toISOString(), businessDays: round(days) },
      });
  }
  if (lastScan && MOVING.has(c.status)) {
    const silentDays = (now.getTime() - lastScan.getTime()) / 86_400_000;
    const lost = rules.presumed_lost;
    const inTransit = c.status === "in_transit" || c.status === "return_to_sender";
    if (lost.enabled && inTransit && silentDays > lost.params.days) {
      found.push({
        kind: "presumed_lost",
        details: { lastScanAt: lastScan.toISOString(), daysWithoutScan: round(silentDays) },
      });
    } else if (rules.stalled.enabled && c.status !== "exception") {
      const p = rules.stalled.params;
      const learned = gapHours(c.carrier, laneOf(c.origin_country, c.destination_country), c.status);
      const threshold =
        learned && learned.samples >= p.minSamples ? Math.max(learned.hours, 1) : p.fallbackBusinessHours;
      // Measured in the same business time as the learned gaps: the destination's holidays (origin's if unknown).
      const silent = businessHoursBetween(
        lastScan,
        now,
        sellerZone,
        c.destination_country ?? c.origin_country,
      );
      if (silent > threshold)
        found.push({
          kind: "stalled",
          details: {
            lastScanAt: lastScan.toISOString(),
            businessHoursWithoutScan: round(silent),
            thresholdHours: round(threshold),
            thresholdSource: learned && learned.samples >= p.minSamples ? "history" : "default",
          },
        });
    }
  }
  const window = deliveryWindow({
    predicted:
      c.predicted_earliest && c.predicted_latest
        ? { earliest: c.predicted_earliest, latest: c.predicted_latest }
        : null,
    carrierEstimate: c.carrier_estimated_delivery,
    promisedAt: c.promised_at,
  });
  if (rules.late.enabled && window && !DONE.includes(c.status)) {
    const today = localDate(now, c.time_zone ?? sellerZone);
    const grace = rules.late.params.graceDays;
    const dueBy = new Date(Date.parse(`${window.latest}T00:00:00Z`) + grace * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (today > dueBy) found.push({ kind: "late", details: { window, windowSource: window.source, today } });
  }
  return found;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Evaluates every seller's time rules (or one seller's); returns the number of alerts opened. */
export async function evaluateExceptionRules(
  db: Database,
  now: Date = new Date(),
  options: { sellerId?: string; pageSize?: number } = {},
): Promise<number> {
  const sellers = await db.query<{ id: string; zone: string | null }>(
    `SELECT id, settings->>'timeZone' AS zone FROM sellers ${options.sellerId ? "WHERE id = $1" : ""}`,
    options.sellerId ? [options.sellerId] : [],
  );
  let opened = 0;
  for (const seller of sellers)
    opened += await evaluateSeller(db, seller.id, seller.zone ?? "UTC", now, options.pageSize ?? 2_000);
  return opened;
}

async function evaluateSeller(
  db: Database,
  sellerId: string,
  zone: string,
  now: Date,
  pageSize: number,
): Promise<number> {
  const rules = await loadRules(db, sellerId);
  const stats = await db.query<{
    carrier: string;
    lane: string;
    status: string;
    p95_hours: number;
    samples: number;
  }>("SELECT carrier, lane, status, p95_hours, samples FROM scan_gap_stats WHERE seller_id = $1", [sellerId]);
  const learned = new Map(
    stats.map((s) => [`${s.carrier}|${s.lane}|${s.status}`, { hours: s.p95_hours, samples: s.samples }]),
  );
  const gapHours = (carrier: string, lane: string, status: string) =>
    learned.get(`${carrier}|${lane}|${status}`);
  let opened = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await db.query<Candidate>(
      `SELECT s.id, s.order_id, o.order_number, s.carrier, s.tracking_number, s.status, s.substatus, s.origin_country,
         s.destination_country, s.created_at, s.status_changed_at, s.last_event_at, s.first_scan_at,
         s.carrier_estimated_delivery, o.promised_at, o.email, o.locale, o.time_zone,
         p.earliest::text AS predicted_earliest, p.latest::text AS predicted_latest
       FROM shipments s LEFT JOIN orders o ON o.id = s.order_id
         LEFT JOIN shipment_predictions p ON p.shipment_id = s.id
       WHERE s.seller_id = $1 AND s.id > $2 AND s.status <> ALL($3::text[])
         AND (s.last_event_at IS NULL OR s.last_event_at > $5)
       ORDER BY s.id LIMIT $4`,
      [
        sellerId,
        after,
        DONE,
        pageSize,
        new Date(now.getTime() - FORGOTTEN_AFTER_DAYS * 86_400_000).toISOString(),
      ],
    );
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const requests: AlertRequest[] = [];
    for (const c of page) {
      const subject = {
        sellerId,
        shipmentId: c.id,
        orderId: c.order_id,
        orderNumber: c.order_number,
        carrier: c.carrier,
        trackingNumber: c.tracking_number,
        status: c.status,
        substatus: c.substatus,
        email: c.email,
        locale: c.locale,
        timeZone: c.time_zone,
        sellerTimeZone: zone,
        originCountry: c.origin_country,
      };
      for (const f of timeRuleFindings(c, rules, gapHours, now, zone))
        requests.push({ subject, rule: rules[f.kind], details: f.details });
    }
    if (requests.length > 0) opened += (await db.session((s) => openAlerts(s, requests, now))).length;
    if (page.length < pageSize) break;
  }
  return opened;
}
