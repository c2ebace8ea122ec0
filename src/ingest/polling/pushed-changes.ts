/**
 * Scans a carrier pushed to /hooks are changes the poller did not see: they move the shipment's "last change"
 * (how long it has been quiet) and, for a shipment the carrier pushes (a live subscription), its safety-net poll,
 * which counts a quiet day from the last change — a pushed delivery stops polling at once. Runs in the webhook
 * batch's transaction, right after the ingest that found the changes: one read and one write per batch.
 */
import { zoneForLocation } from "../../carriers/shared/zones.js";
import { isStatus } from "../../core/status.js";
import type { SqlSession } from "../../db/client.js";
import { windowToKeep } from "./carrier-window.js";
import { nextPollAt, DEFAULT_POLL_POLICY, type PollPolicy } from "./next-poll.js";

interface PolledRow {
  shipment_id: string;
  status: string;
  substatus: string | null;
  created_at: Date;
  status_changed_at: Date | null;
  carrier_estimated_delivery: string | null;
  destination_country: string | null;
  destination_region: string | null;
  push_subscribed_until: Date | null;
  last_change_at: Date | null;
  refresh_requested_at: Date | null;
  carrier_window_start: Date | null;
  carrier_window_end: Date | null;
}

/** Records pushed changes of these shipments (those with new events), received at `receivedAt`. */
export async function recordPushedChanges(
  s: SqlSession,
  shipmentIds: readonly string[],
  receivedAt: Date,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): Promise<void> {
  if (shipmentIds.length === 0) return;
  // Stopped shipments stay stopped; a waiting "refresh now" keeps its due time.
  const rows = await s.query<PolledRow>(
    `SELECT p.shipment_id, s.status, s.substatus, s.created_at, s.status_changed_at, s.carrier_estimated_delivery,
       s.destination_country, s.destination_region, p.push_subscribed_until, p.last_change_at, p.refresh_requested_at,
       p.carrier_window_start, p.carrier_window_end
     FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id
     WHERE p.shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))
       AND p.stopped_reason IS NULL`,
    [JSON.stringify(shipmentIds)],
  );
  if (rows.length === 0) return;
  const updates = rows.map((r) => {
    const status = isStatus(r.status) ? r.status : "pending";
    const stored =
      r.carrier_window_start && r.carrier_window_end
        ? { start: new Date(r.carrier_window_start), end: new Date(r.carrier_window_end) }
        : null;
    const window = windowToKeep(status, undefined, stored);
    const pushed = r.push_subscribed_until !== null && new Date(r.push_subscribed_until) > receivedAt;
    if (!pushed || r.refresh_requested_at !== null)
      return {
        shipment_id: r.shipment_id,
        reschedule: false,
        window_start: window?.start,
        window_end: window?.end,
      };
    // Batches ingest concurrently: one with older pushes may commit after a newer one, which must still count.
    const storedChange = r.last_change_at ? new Date(r.last_change_at).getTime() : 0;
    const lastChangeAt = new Date(Math.max(storedChange, receivedAt.getTime()));
    const decision = nextPollAt(
      {
        status,
        createdAt: new Date(r.created_at),
        lastChangeAt,
        statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at) : null,
        estimatedDelivery: r.carrier_estimated_delivery,
        destinationZone: zoneForLocation({ country: r.destination_country, region: r.destination_region }),
        substatus: r.substatus,
        deliveryWindow: window,
        pushSubscribed: true,
      },
      { dwellHours: {} }, // a pushed shipment's schedule does not depend on the carrier's cadence
      receivedAt,
      Math.random,
      policy,
    );
    return {
      shipment_id: r.shipment_id,
      reschedule: true,
      counted_from: lastChangeAt.toISOString(),
      next_poll_at: decision.kind === "poll" ? decision.at.toISOString() : null,
      stopped_reason: decision.kind === "stop" ? decision.reason : null,
      window_start: window?.start,
      window_end: window?.end,
    };
  });
  // GREATEST: a batch retried or delivered late never moves the last change back. Nor the safety-net poll: a batch
  // that read the row before a newer one committed reschedules only if it counted from a change at least as new
  // as the stored one (on PostgreSQL the UPDATE sees the row as the newer batch left it).
  await s.query(
    `UPDATE shipment_poll_state p SET
       last_change_at = GREATEST(p.last_change_at, $2::timestamptz),
       next_poll_at = CASE WHEN x.reschedule AND x.counted_from >= COALESCE(p.last_change_at, '-infinity')
         THEN x.next_poll_at ELSE p.next_poll_at END,
       stopped_reason = CASE WHEN x.reschedule AND x.counted_from >= COALESCE(p.last_change_at, '-infinity')
         THEN x.stopped_reason ELSE p.stopped_reason END,
       carrier_window_start = x.window_start, carrier_window_end = x.window_end, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(shipment_id uuid, reschedule boolean, counted_from timestamptz,
       next_poll_at timestamptz, stopped_reason text, window_start timestamptz, window_end timestamptz)
     WHERE p.shipment_id = x.shipment_id`,
    [JSON.stringify(updates), receivedAt],
  );
}
