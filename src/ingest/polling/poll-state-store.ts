/** Writing poll outcomes back: each shipment's next poll (or why it stopped), and the carrier cadence learned. */
import type { Database } from "../../db/client.js";
import type { Status } from "../../core/status.js";
import type { CarrierCadence, StopReason } from "./next-poll.js";

export interface PollStateUpdate {
  shipmentId: string;
  nextPollAt: Date | null;
  stoppedReason: StopReason | null;
  /** True when a request reached the carrier for this shipment (counts as a poll). */
  polled: boolean;
  changed: boolean;
  consecutiveErrors: number;
  lastError: string | null;
  /** The carrier window to keep (null clears it); absent leaves the stored one as it is. */
  carrierWindow?: { start: Date; end: Date } | null;
}

/** Stores the outcomes of one round of polls in one statement. */
export async function writePollStates(
  db: Pick<Database, "query">,
  updates: readonly PollStateUpdate[],
  now: Date,
): Promise<void> {
  if (updates.length === 0) return;
  await db.query(
    `UPDATE shipment_poll_state p SET
       next_poll_at = x.next_poll_at,
       stopped_reason = x.stopped_reason,
       last_polled_at = CASE WHEN x.polled THEN $2::timestamptz ELSE p.last_polled_at END,
       last_change_at = CASE WHEN x.changed THEN $2::timestamptz ELSE p.last_change_at END,
       poll_count = p.poll_count + CASE WHEN x.polled THEN 1 ELSE 0 END,
       consecutive_errors = x.consecutive_errors,
       last_error = x.last_error,
       refresh_requested_at = CASE WHEN x.polled THEN NULL ELSE p.refresh_requested_at END,
       carrier_window_start = CASE WHEN x.window_set THEN x.window_start ELSE p.carrier_window_start END,
       carrier_window_end = CASE WHEN x.window_set THEN x.window_end ELSE p.carrier_window_end END,
       updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(shipment_id uuid, next_poll_at timestamptz, stopped_reason text,
       polled boolean, changed boolean, consecutive_errors integer, last_error text, window_set boolean,
       window_start timestamptz, window_end timestamptz)
     WHERE p.shipment_id = x.shipment_id`,
    [
      JSON.stringify(
        updates.map((u) => ({
          shipment_id: u.shipmentId,
          next_poll_at: u.nextPollAt?.toISOString() ?? null,
          stopped_reason: u.stoppedReason,
          polled: u.polled,
          changed: u.changed,
          consecutive_errors: u.consecutiveErrors,
          last_error: u.lastError?.slice(0, 500) ?? null,
          window_set: u.carrierWindow !== undefined,
          window_start: u.carrierWindow?.start.toISOString() ?? null,
          window_end: u.carrierWindow?.end.toISOString() ?? null,
        })),
      ),
      now,
    ],
  );
}

/** The cadence learned so far for these carriers. */
export async function loadCadence(
  db: Pick<Database, "query">,
  carriers: readonly string[],
): Promise<Map<string, CarrierCadence>> {
  const out = new Map<string, CarrierCadence>(carriers.map((c) => [c, { dwellHours: {} }]));
  if (carriers.length === 0) return out;
  const rows = await db.query<{ carrier: string; status: string; mean_dwell_hours: number }>(
    `SELECT carrier, status, mean_dwell_hours FROM carrier_cadence
     WHERE carrier IN (SELECT value FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(carriers)],
  );
  for (const r of rows) out.get(r.carrier)!.dwellHours[r.status as Status] = Number(r.mean_dwell_hours);
  return out;
}

export interface DwellSample {
  carrier: string;
  status: Status;
  hours: number;
}

/**
 * Folds dwell samples into the carrier's moving average (weight 1/n for the first 20 samples, then 5%: it
 * settles fast and then follows seasons, not single parcels).
 */
export async function recordDwellSamples(
  db: Pick<Database, "query">,
  samples: readonly DwellSample[],
): Promise<void> {
  const valid = samples.filter((s) => Number.isFinite(s.hours) && s.hours >= 0 && s.hours < 24 * 60);
  if (valid.length === 0) return;
  // One row per (carrier, status) per statement: average the round's samples first.
  const grouped = new Map<string, { carrier: string; status: string; sum: number; n: number }>();
  for (const s of valid) {
    const key = `${s.carrier}\u0000${s.status}`;
    const g = grouped.get(key) ?? { carrier: s.carrier, status: s.status, sum: 0, n: 0 };
    g.sum += s.hours;
    g.n += 1;
    grouped.set(key, g);
  }
  await db.query(
    `INSERT INTO carrier_cadence AS c (carrier, status, mean_dwell_hours, samples)
     SELECT x.carrier, x.status, x.mean, x.n FROM jsonb_to_recordset($1::jsonb) AS x(carrier text, status text, mean double precision, n integer)
     ON CONFLICT (carrier, status) DO UPDATE SET
       mean_dwell_hours = c.mean_dwell_hours + (EXCLUDED.mean_dwell_hours - c.mean_dwell_hours)
         * GREATEST(0.05, EXCLUDED.samples::double precision / (c.samples + EXCLUDED.samples)),
       samples = c.samples + EXCLUDED.samples, updated_at = now()`,
    [
      JSON.stringify(
        [...grouped.values()].map((g) => ({
          carrier: g.carrier,
          status: g.status,
          mean: g.sum / g.n,
          n: g.n,
        })),
      ),
    ],
  );
}

/**
 * Records a carrier's answers to push subscription requests: accepted shipments are pushed until `until`;
 * refused ones are marked so they are polled normally and not asked again.
 */
export async function recordPushSubscriptions(
  db: Pick<Database, "query">,
  accepted: readonly { shipmentId: string; until: Date }[],
  refused: readonly string[],
  now: Date,
): Promise<void> {
  if (accepted.length > 0)
    await db.query(
      `UPDATE shipment_poll_state p SET push_subscribed_until = x.until, push_refused_at = NULL, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(shipment_id uuid, until timestamptz)
       WHERE p.shipment_id = x.shipment_id`,
      [JSON.stringify(accepted.map((a) => ({ shipment_id: a.shipmentId, until: a.until.toISOString() })))],
    );
  if (refused.length > 0)
    await db.query(
      `UPDATE shipment_poll_state SET push_refused_at = $2, updated_at = now()
       WHERE shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(refused), now],
    );
}
