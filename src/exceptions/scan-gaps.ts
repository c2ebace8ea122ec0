/**
 * Learning what "normal" silence is: for each carrier, lane (origin → destination country) and status, the
 * gaps between consecutive scans of the seller's recent shipments, in business hours, and a high percentile of
 * them. The stalled rule uses it once there are enough samples, else its fallback (24 business hours).
 */
import type { Database } from "../db/client.js";
import { businessHoursBetween } from "./business-hours.js";
import { loadRules } from "./rules.js";

export interface GapKey {
  carrier: string;
  lane: string;
  status: string;
}

/** The lane of a shipment: origin and destination countries ("US-US", "DE-FR", "?-US" when unknown). */
export function laneOf(origin: string | null, destination: string | null): string {
  return `${origin ?? "?"}-${destination ?? "?"}`;
}

/** The p-th percentile (0..1) of values, by the nearest-rank method. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Recomputes scan_gap_stats for a seller from the last `days` of events (at most `maxGaps` gaps, newest
 * first). Returns how many carrier/lane/status groups were stored.
 */
export async function learnScanGaps(
  db: Database,
  sellerId: string,
  options: { now?: Date; days?: number; percentile?: number; timeZone?: string; maxGaps?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.days ?? 90) * 86_400_000);
  const rows = await db.query<{ carrier: string; lane: string; status: string; start: Date; finish: Date }>(
    `SELECT carrier, lane, status, start, finish FROM (
       SELECT s.carrier, COALESCE(s.origin_country, '?') || '-' || COALESCE(s.destination_country, '?') AS lane,
         e.status, e.occurred_at AS start,
         lead(e.occurred_at) OVER (PARTITION BY e.shipment_id ORDER BY e.occurred_at, e.id) AS finish
       FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id
       WHERE e.seller_id = $1 AND e.occurred_at >= $2
     ) g
     WHERE finish IS NOT NULL AND status IS NOT NULL AND finish > start
     ORDER BY start DESC LIMIT $3`,
    [sellerId, since.toISOString(), options.maxGaps ?? 200_000],
  );
  const groups = new Map<string, { key: GapKey; hours: number[] }>();
  for (const r of rows) {
    const id = `${r.carrier}|${r.lane}|${r.status}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: { carrier: r.carrier, lane: r.lane, status: r.status }, hours: [] }));
    // The lane's destination country's holidays (as the stalled rule measures silence): "DE-FR" → FR.
    const [origin, destination] = r.lane.split("-");
    const country = destination && destination !== "?" ? destination : origin !== "?" ? origin : null;
    g.hours.push(
      businessHoursBetween(new Date(r.start), new Date(r.finish), options.timeZone ?? "UTC", country ?? null),
    );
  }
  const stats = [...groups.values()].map((g) => ({
    ...g.key,
    p95_hours: percentile(g.hours, options.percentile ?? 0.95),
    samples: g.hours.length,
  }));
  await db.session(async (s) => {
    await s.query("DELETE FROM scan_gap_stats WHERE seller_id = $1", [sellerId]);
    if (stats.length === 0) return;
    await s.query(
      `INSERT INTO scan_gap_stats (seller_id, carrier, lane, status, p95_hours, samples, computed_at)
       SELECT $1, x.carrier, x.lane, x.status, x.p95_hours, x.samples, $3
       FROM jsonb_to_recordset($2::jsonb) AS x(carrier text, lane text, status text, p95_hours float8, samples int)`,
      [sellerId, JSON.stringify(stats), now.toISOString()],
    );
  });
  return stats.length;
}

/** Relearns every seller's scan gaps with its stalled rule's percentile and its time zone. */
export async function relearnAllScanGaps(db: Database, now: Date = new Date()): Promise<void> {
  const sellers = await db.query<{ id: string; zone: string | null }>(
    "SELECT id, settings->>'timeZone' AS zone FROM sellers",
  );
  for (const seller of sellers) {
    const rules = await loadRules(db, seller.id);
    if (!rules.stalled.enabled) continue;
    await learnScanGaps(db, seller.id, {
      now,
      percentile: rules.stalled.params.percentile,
      timeZone: seller.zone ?? "UTC",
    });
  }
}
