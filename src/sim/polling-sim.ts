/**
 * Polling a fleet of simulated journeys on a fake clock, without HTTP or a database: each poll sees what the
 * carrier shows at that instant (the emulator's view: only visible scans, mapped through the real adapters'
 * status maps and folded by the real fold), and a scheduler decides the next poll. Measures carrier calls and
 * freshness — carrier publishes a milestone → our state shows it — so schedulers can be compared on one fleet.
 */
import { getCarrier } from "../carriers/registry.js";
import { foldShipmentState, type FoldableEvent } from "../core/fold.js";
import type { Status } from "../core/status.js";
import { dayToIsoDate } from "../ingest/polling/local-time.js";
import type { ShipmentFacts } from "../ingest/polling/next-poll.js";
import { DIALECTS, SIM_CREDENTIALS } from "./emulator/handler.js";
import type { SimEvent, SimJourney } from "./lane-journeys.js";

/** The milestones whose freshness is measured. */
export const MEASURED: readonly Status[] = ["out_for_delivery", "delivered", "exception"];

/** Decides the next poll of one shipment after a poll at `now`; null stops polling it. */
export type Scheduler = (facts: ShipmentFacts, carrier: string, now: number) => number | null;

export interface FleetRunResult {
  /** Carrier requests: the polls due at the same instant for one carrier share requests of its batch size. */
  calls: number;
  /** Shipment lookups (one per shipment per poll), whatever the batching. */
  lookups: number;
  delivered: number;
  callsPerDelivered: number;
  lookupsPerDelivered: number;
  /** Minutes from publication to our state, per measured milestone. */
  freshness: Record<string, number[]>;
  /** Milestones published before the end but never seen by a poll (counted in freshness as seen at the end). */
  missed: number;
}

/** The Shipwatch status each scan of a journey maps to, through the carrier's real status map. */
function statusesOf(journey: SimJourney): (Status | null)[] {
  const adapter = getCarrier(journey.carrier)!;
  const dialect = DIALECTS[journey.carrier]!;
  return journey.events.map((e) => adapter.statusMap[dialect.stepCode(e.step, e, journey)]?.status ?? null);
}

/**
 * How many tracking numbers one request of each carrier's real client takes (FedEx 30, the others 1): the poller
 * (poll-round.ts) sends the shipments of one account due in the same round in requests of that size.
 */
function batchSizeOf(carrier: string): number {
  const adapter = getCarrier(carrier);
  const credentials = SIM_CREDENTIALS[carrier as keyof typeof SIM_CREDENTIALS];
  const client = adapter?.createClient?.({ baseUrl: "http://127.0.0.1:9", credentials: { ...credentials } });
  return client?.batchSize ?? 1;
}

/** Runs one scheduler over the fleet from each label time until `endMs`. */
export function runFleet(
  journeys: readonly SimJourney[],
  scheduler: Scheduler,
  endMs: number,
): FleetRunResult {
  const freshness: Record<string, number[]> = Object.fromEntries(MEASURED.map((s) => [s, []]));
  // Polls per carrier and instant: one round of the poller takes everything due at that instant.
  const dueTogether = new Map<string, number>();
  let lookups = 0;
  let delivered = 0;
  let missed = 0;
  for (const journey of journeys) {
    const statuses = statusesOf(journey);
    const seenAt = new Array<number | null>(journey.events.length).fill(null);
    const zone = journey.lane.destination.zone;
    let lastChangeAt: number | null = null;
    let state = foldShipmentState([]);
    let visibleCount = -1;
    let t: number | null = journey.labelAt;
    while (t !== null && t <= endMs) {
      lookups += 1;
      const slot = `${journey.carrier}\u0000${t}`;
      dueTogether.set(slot, (dueTogether.get(slot) ?? 0) + 1);
      const visible: SimEvent[] = [];
      const foldable: FoldableEvent[] = [];
      journey.events.forEach((e, i) => {
        if (e.visibleAt > t!) return;
        visible.push(e);
        seenAt[i] ??= t;
        foldable.push({
          fingerprint: String(i),
          occurredAt: new Date(e.occurredAt),
          status: statuses[i]!,
          substatus: null,
        });
      });
      if (visible.length !== visibleCount) {
        if (visibleCount >= 0 || visible.length > 0) lastChangeAt = t;
        visibleCount = visible.length;
        state = foldShipmentState(foldable);
      }
      const eta = visible.at(-1)?.etaDay ?? null; // the carrier's ETA as of its latest scan
      t = scheduler(
        {
          status: state.status,
          createdAt: new Date(journey.labelAt),
          lastChangeAt: lastChangeAt === null ? null : new Date(lastChangeAt),
          statusChangedAt: state.statusChangedAt,
          estimatedDelivery: eta === null ? null : dayToIsoDate(eta),
          destinationZone: zone,
        },
        journey.carrier,
        t,
      );
    }
    if (
      journey.events.some(
        (e, i) => statuses[i] === "delivered" && e.step === "delivered" && e.visibleAt <= endMs,
      )
    )
      delivered += 1;
    journey.events.forEach((e, i) => {
      const status = statuses[i];
      if (!status || !MEASURED.includes(status) || e.step === "returned" || e.visibleAt > endMs) return;
      const seen = seenAt[i] ?? endMs;
      if (seenAt[i] === null) missed += 1;
      freshness[status]!.push((seen - e.visibleAt) / 60_000);
    });
  }
  const batch = new Map<string, number>();
  let calls = 0;
  for (const [slot, n] of dueTogether) {
    const carrier = slot.slice(0, slot.indexOf("\u0000"));
    if (!batch.has(carrier)) batch.set(carrier, batchSizeOf(carrier));
    calls += Math.ceil(n / batch.get(carrier)!);
  }
  return {
    calls,
    lookups,
    delivered,
    callsPerDelivered: delivered ? calls / delivered : 0,
    lookupsPerDelivered: delivered ? lookups / delivered : 0,
    freshness,
    missed,
  };
}

/** The p-th percentile (0–100) of a list, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
