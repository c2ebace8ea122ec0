/**
 * Exception rules that a state change decides by itself, in the ingest transaction: a failed attempt, a carrier
 * exception (address issue, damage, customs hold, held for payment, refused...), a return starting or ending.
 * The same pass auto-resolves open alerts the shipment has moved on from.
 */
import type { ShipmentState } from "../core/fold.js";
import type { SqlSession } from "../db/client.js";
import type { AlertSubject } from "./actions.js";
import { autoResolveAlerts, openAlerts, type AlertRecord, type AlertRequest } from "./lifecycle.js";
import { loadRules, type AlertKind } from "./rules.js";

export interface AlertTransition {
  shipmentId: string;
  before: ShipmentState;
  after: ShipmentState;
}

/** The kinds a transition raises. */
export function eventAlertKinds(t: AlertTransition): AlertKind[] {
  const { before, after } = t;
  const kinds: AlertKind[] = [];
  if (after.attemptCount > before.attemptCount && after.status === "attempt_failed")
    kinds.push("failed_attempt");
  if (after.status === "exception" && (before.status !== "exception" || before.substatus !== after.substatus))
    kinds.push("carrier_exception");
  if (after.status === "return_to_sender" && before.status !== "return_to_sender") kinds.push("returning");
  if (after.status === "returned" && before.status !== "returned") kinds.push("returned");
  return kinds;
}

/**
 * Why an open alert no longer applies after this transition, or null when it still does. Time rules clear on
 * any new scan (stalled, lost) or on the first scan (not picked up); event rules when the status moves on.
 */
export function movedOnReason(
  alert: Pick<AlertRecord, "kind" | "opened_in_status">,
  t: AlertTransition,
): string | null {
  const { before, after } = t;
  const newScan = after.eventCount > before.eventCount;
  switch (alert.kind) {
    case "stalled":
    case "presumed_lost":
      return newScan && after.lastEventAt?.getTime() !== before.lastEventAt?.getTime()
        ? "new carrier scan"
        : null;
    case "not_picked_up":
      return after.firstScanAt ? "picked up by the carrier" : null;
    case "late":
      return after.status === "delivered" || after.status === "returned" ? `shipment ${after.status}` : null;
    case "returned":
      return null;
    case "returning":
      return after.status === "returned" ? "return completed" : null;
    default:
      return after.status !== alert.opened_in_status ? `status is now ${after.status}` : null;
  }
}

/** Opens event alerts and auto-resolves stale ones for a batch of transitions. */
export async function applyEventAlerts(
  s: SqlSession,
  sellerId: string,
  transitions: readonly AlertTransition[],
  now: Date = new Date(),
): Promise<void> {
  if (transitions.length === 0) return;
  const byId = new Map(transitions.map((t) => [t.shipmentId, t]));
  await autoResolveAlerts(
    s,
    sellerId,
    [...byId.keys()],
    (a) => movedOnReason(a, byId.get(a.shipment_id)!),
    now,
  );
  const raising = transitions
    .map((t) => ({ t, kinds: eventAlertKinds(t) }))
    .filter((x) => x.kinds.length > 0);
  if (raising.length === 0) return;
  const rules = await loadRules(s, sellerId);
  const subjects = await loadAlertSubjects(
    s,
    sellerId,
    raising.map((r) => r.t.shipmentId),
  );
  const requests: AlertRequest[] = [];
  for (const { t, kinds } of raising) {
    const subject = subjects.get(t.shipmentId);
    if (!subject) continue;
    const current = { ...subject, status: t.after.status, substatus: t.after.substatus };
    const details = { substatus: t.after.substatus, attempt: t.after.attemptCount };
    for (const kind of kinds)
      if (rules[kind].enabled) requests.push({ subject: current, rule: rules[kind], details });
  }
  await openAlerts(s, requests, now);
}

/** Shipment, order and contact facts alerts need, keyed by shipment id. */
export async function loadAlertSubjects(
  s: Pick<SqlSession, "query">,
  sellerId: string,
  shipmentIds: readonly string[],
): Promise<Map<string, AlertSubject>> {
  const rows = await s.query<{
    id: string;
    order_id: string | null;
    order_number: string | null;
    carrier: string;
    tracking_number: string;
    status: string;
    substatus: string | null;
    email: string | null;
    locale: string | null;
    time_zone: string | null;
    seller_zone: string | null;
    origin_country: string | null;
  }>(
    `SELECT s.id, s.order_id, o.order_number, s.carrier, s.tracking_number, s.status, s.substatus, o.email, o.locale,
       o.time_zone, se.settings->>'timeZone' AS seller_zone, s.origin_country
     FROM shipments s LEFT JOIN orders o ON o.id = s.order_id JOIN sellers se ON se.id = s.seller_id
     WHERE s.seller_id = $1 AND s.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [sellerId, JSON.stringify(shipmentIds)],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        sellerId,
        shipmentId: r.id,
        orderId: r.order_id,
        orderNumber: r.order_number,
        carrier: r.carrier,
        trackingNumber: r.tracking_number,
        status: r.status,
        substatus: r.substatus,
        email: r.email,
        locale: r.locale,
        timeZone: r.time_zone,
        sellerTimeZone: r.seller_zone ?? "UTC",
        originCountry: r.origin_country,
      },
    ]),
  );
}
