/**
 * Polling a fleet of simulated journeys on a fake clock, without HTTP or a database: each poll sees what the
 * carrier shows at that instant (the emulator's view: only visible scans, mapped through the real adapters'
 * status maps and folded by the real fold), and a scheduler decides the next poll. The fleet runs in time order,
 * so what one poll reveals can move other shipments' polls (`FleetWatch`), and carriers that push (`PushModel`)
 * deliver scans without a poll. Measures carrier calls and freshness — carrier publishes a milestone → our state
 * shows it — so schedulers can be compared on one fleet.
 */
import { getCarrier } from "../carriers/registry.js";
import { foldShipmentState, type FoldableEvent, type ShipmentState } from "../core/fold.js";
import type { Status } from "../core/status.js";
import { dayToIsoDate } from "../ingest/polling/local-time.js";
import type { ShipmentFacts } from "../ingest/polling/next-poll.js";
import { DIALECTS, SIM_CREDENTIALS } from "./emulator/handler.js";
import { seededRandom } from "./journeys.js";
import type { SimEvent, SimJourney } from "./lane-journeys.js";
import type { SimPlace } from "./lanes.js";
import { MinHeap } from "./min-heap.js";

/** The milestones whose freshness is measured. */
export const MEASURED: readonly Status[] = ["out_for_delivery", "delivered", "exception"];

/** Decides the next poll of one shipment after a poll (or a push) at `now`; null stops polling it. */
export type Scheduler = (facts: ShipmentFacts, carrier: string, now: number) => number | null;

/** A scan as the carrier shows it (mapped status, place, carrier time): all a watcher may use. */
export interface RevealedScan {
  status: Status | null;
  substatus: string | null;
  place: SimPlace;
  occurredAt: number;
}

/** What the poller knows of a shipment without asking the carrier: the seller's own record. */
export interface ShipmentRecord {
  id: number;
  carrier: string;
  origin: SimPlace;
  destination: SimPlace;
}

/** An extra look at a shipment, earlier than its own schedule. */
export interface ExtraLook {
  id: number;
  at: number;
  reason: string;
}

/** Fleet-level reactions: what one shipment's answer says about others (a hub closure, a route). */
export interface FleetWatch {
  /** After a look at `record` revealed `revealed` (scans seen for the first time; may be empty). */
  afterLook(
    record: ShipmentRecord,
    revealed: readonly RevealedScan[],
    state: ShipmentState,
    now: number,
  ): ExtraLook[];
  /** Called every `tickMs` of simulated time; returns looks the watcher wants (sentinels). */
  tick?(now: number): ExtraLook[];
  readonly tickMs?: number;
}

/** Carriers that push scans to a subscribed endpoint (UPS Track Alert, FedEx AIV, USPS subscriptions). */
export interface PushModel {
  /** Per carrier: how many numbers one subscription request takes; null when one account-level subscription covers all. */
  subscribe: Partial<Record<string, number | null>>;
  /** Subscriptions are sent in rounds of this period (new shipments since the last round). */
  roundMs: number;
  /** Delay from the scan becoming visible to the push reaching us. */
  delayMs(rand: () => number): number;
  /** Share of pushes that never arrive (the safety-net polls find those). */
  lossRate: number;
}

export interface FleetRunOptions {
  watch?: FleetWatch;
  push?: PushModel;
  /** Numbers per request by carrier, instead of the real clients' (to show what a batch endpoint is worth). */
  batchSizes?: Partial<Record<string, number>>;
}

export interface FleetRunResult {
  /** Carrier requests: polls of one carrier at the same instant share requests of its batch size, plus subscriptions. */
  calls: number;
  /** Of which push subscription requests. */
  subscriptionCalls: number;
  /** Shipment lookups (one per shipment per poll), whatever the batching. */
  lookups: number;
  /** Of which extra looks asked for by the fleet watch. */
  watchLookups: number;
  lookupsByCarrier: Record<string, number>;
  pushes: number;
  delivered: number;
  callsPerDelivered: number;
  lookupsPerDelivered: number;
  /** Minutes from publication to our state, per measured milestone. */
  freshness: Record<string, number[]>;
  /** Milestones published before the end but never seen (counted in freshness as seen at the end). */
  missed: number;
  /** Every measured milestone: which carrier, which step of the journey, how many minutes late. */
  samples: { carrier: string; step: string; status: Status; minutes: number }[];
}

interface Mapped {
  status: Status | null;
  substatus: string | null;
}

/** The Shipwatch status each scan of a journey maps to, through the carrier's real status map. */
export function mappedScans(journey: SimJourney): Mapped[] {
  const adapter = getCarrier(journey.carrier)!;
  const dialect = DIALECTS[journey.carrier]!;
  return journey.events.map((e) => {
    const row = adapter.statusMap[dialect.stepCode(e.step, e, journey)];
    return { status: row?.status ?? null, substatus: row?.substatus ?? null };
  });
}

/**
 * How many tracking numbers one request of each carrier's real client takes: the poller (poll-round.ts) sends the
 * shipments of one account due in the same round in requests of that size.
 */
export function batchSizeOf(carrier: string): number {
  const adapter = getCarrier(carrier);
  const credentials = SIM_CREDENTIALS[carrier as keyof typeof SIM_CREDENTIALS];
  const client = adapter?.createClient?.({ baseUrl: "http://127.0.0.1:9", credentials: { ...credentials } });
  return client?.batchSize ?? 1;
}

interface Tracked {
  journey: SimJourney;
  record: ShipmentRecord;
  mapped: Mapped[];
  seenAt: (number | null)[];
  known: number;
  state: ShipmentState;
  lastChangeAt: number | null;
  nextPollAt: number | null;
  pushed: boolean;
}

type Due =
  { at: number; id: number; kind: "poll" | "watch" } | { at: number; id: number; kind: "push"; scan: number };

/** Runs one scheduler over the fleet, in time order, from each label time until `endMs`. */
export function runFleet(
  journeys: readonly SimJourney[],
  scheduler: Scheduler,
  endMs: number,
  options: FleetRunOptions = {},
): FleetRunResult {
  const { watch, push } = options;
  const rand = seededRandom(11);
  const queue = new MinHeap<Due>((a, b) => a.at - b.at || a.id - b.id);
  const pollSlots = new Map<string, number>();
  const subscribeSlots = new Map<string, number>();
  let lookups = 0;
  let watchLookups = 0;
  let pushes = 0;
  const lookupsByCarrier: Record<string, number> = {};

  const fleet: Tracked[] = journeys.map((journey, id) => {
    const pushed = push !== undefined && journey.carrier in push.subscribe;
    const t: Tracked = {
      journey,
      record: {
        id,
        carrier: journey.carrier,
        origin: journey.lane.origin,
        destination: journey.lane.destination,
      },
      mapped: mappedScans(journey),
      seenAt: new Array<number | null>(journey.events.length).fill(null),
      known: 0,
      state: foldShipmentState([]),
      lastChangeAt: null,
      nextPollAt: journey.labelAt,
      pushed,
    };
    queue.push({ at: journey.labelAt, id, kind: "poll" });
    if (pushed) {
      const perRequest = push.subscribe[journey.carrier];
      if (perRequest) {
        const slot = `${journey.carrier}\u0000${Math.ceil(journey.labelAt / push.roundMs)}`;
        subscribeSlots.set(slot, (subscribeSlots.get(slot) ?? 0) + 1);
      }
      journey.events.forEach((e, scan) => {
        if (rand() < push.lossRate) return;
        queue.push({ at: e.visibleAt + push.delayMs(rand), id, kind: "push", scan });
      });
    }
    return t;
  });
  if (watch?.tick && watch.tickMs) {
    const first = Math.min(...journeys.map((j) => j.labelAt));
    for (let at = Math.ceil(first / watch.tickMs) * watch.tickMs; at <= endMs; at += watch.tickMs)
      queue.push({ at, id: -1, kind: "watch" });
  }

  const facts = (t: Tracked): ShipmentFacts => {
    const newest = newestKnown(t);
    const window = t.state.status === "out_for_delivery" ? newestWindow(t) : undefined;
    return {
      status: t.state.status,
      substatus: t.state.substatus,
      createdAt: new Date(t.journey.labelAt),
      lastChangeAt: t.lastChangeAt === null ? null : new Date(t.lastChangeAt),
      statusChangedAt: t.state.statusChangedAt,
      estimatedDelivery: newest?.etaDay == null ? null : dayToIsoDate(newest.etaDay),
      destinationZone: t.journey.lane.destination.zone,
      deliveryWindow: window ? { start: new Date(window.start), end: new Date(window.end) } : null,
      pushSubscribed: t.pushed,
    };
  };

  /** Marks scans seen at `now`, refolds on news, and returns what was new. */
  const learn = (t: Tracked, scans: readonly number[], now: number): RevealedScan[] => {
    const revealed: RevealedScan[] = [];
    for (const i of scans) {
      if (t.seenAt[i] !== null) continue;
      t.seenAt[i] = now;
      const e = t.journey.events[i]!;
      revealed.push({ ...t.mapped[i]!, place: e.place, occurredAt: e.occurredAt });
    }
    if (revealed.length > 0) {
      t.known += revealed.length;
      t.lastChangeAt = now;
      const foldable: FoldableEvent[] = [];
      t.seenAt.forEach((seen, i) => {
        if (seen === null) return;
        const m = t.mapped[i]!;
        foldable.push({
          fingerprint: String(i),
          occurredAt: new Date(t.journey.events[i]!.occurredAt),
          status: m.status,
          substatus: m.substatus,
        });
      });
      t.state = foldShipmentState(foldable);
    }
    return revealed;
  };

  const schedule = (t: Tracked, at: number | null) => {
    t.nextPollAt = at;
    if (at !== null && at <= endMs) queue.push({ at, id: t.record.id, kind: "poll" });
  };

  const applyWatch = (looks: readonly ExtraLook[], now: number) => {
    for (const look of looks) {
      const other = fleet[look.id];
      if (!other || other.nextPollAt === null) continue;
      const at = Math.max(look.at, now);
      if (at >= other.nextPollAt) continue;
      watchLookups += 1;
      schedule(other, at);
    }
  };

  for (let due = queue.pop(); due && due.at <= endMs; due = queue.pop()) {
    const now = due.at;
    if (due.kind === "watch") {
      applyWatch(watch!.tick!(now), now);
      continue;
    }
    const t = fleet[due.id]!;
    let revealed: RevealedScan[];
    if (due.kind === "push") {
      pushes += 1;
      revealed = learn(t, [due.scan], now);
      if (revealed.length === 0) continue;
    } else {
      if (t.nextPollAt !== now) continue; // superseded by an earlier look
      lookups += 1;
      lookupsByCarrier[t.journey.carrier] = (lookupsByCarrier[t.journey.carrier] ?? 0) + 1;
      const slot = `${t.journey.carrier}\u0000${now}`;
      pollSlots.set(slot, (pollSlots.get(slot) ?? 0) + 1);
      const visible: number[] = [];
      t.journey.events.forEach((e, i) => {
        if (e.visibleAt <= now) visible.push(i);
      });
      revealed = learn(t, visible, now);
    }
    if (due.kind === "poll" || t.nextPollAt !== null)
      schedule(t, scheduler(facts(t), t.journey.carrier, now));
    if (watch) applyWatch(watch.afterLook(t.record, revealed, t.state, now), now);
  }

  const freshness: Record<string, number[]> = Object.fromEntries(MEASURED.map((s) => [s, []]));
  let delivered = 0;
  let missed = 0;
  const samples: FleetRunResult["samples"] = [];
  for (const t of fleet) {
    const { events } = t.journey;
    if (
      events.some(
        (e, i) => t.mapped[i]!.status === "delivered" && e.step === "delivered" && e.visibleAt <= endMs,
      )
    )
      delivered += 1;
    events.forEach((e, i) => {
      const status = t.mapped[i]!.status;
      if (!status || !MEASURED.includes(status) || e.step === "returned" || e.visibleAt > endMs) return;
      const seen = t.seenAt[i] ?? endMs;
      if (t.seenAt[i] === null) missed += 1;
      const minutes = (seen - e.visibleAt) / 60_000;
      freshness[status]!.push(minutes);
      samples.push({ carrier: t.journey.carrier, step: e.step, status, minutes });
    });
  }
  const pollCalls = batchedCalls(pollSlots, (c) => options.batchSizes?.[c] ?? batchSizeOf(c));
  const subscriptionCalls = batchedCalls(subscribeSlots, (carrier) => push?.subscribe[carrier] ?? 1);
  const calls = pollCalls + subscriptionCalls;
  return {
    calls,
    subscriptionCalls,
    lookups,
    watchLookups,
    lookupsByCarrier,
    pushes,
    delivered,
    callsPerDelivered: delivered ? calls / delivered : 0,
    lookupsPerDelivered: delivered ? lookups / delivered : 0,
    freshness,
    missed,
    samples,
  };
}

/** Requests for slots keyed "carrier\0instant": each slot's numbers in requests of the carrier's size. */
function batchedCalls(slots: ReadonlyMap<string, number>, sizeOf: (carrier: string) => number): number {
  const sizes = new Map<string, number>();
  let calls = 0;
  for (const [slot, n] of slots) {
    const carrier = slot.slice(0, slot.indexOf("\u0000"));
    if (!sizes.has(carrier)) sizes.set(carrier, sizeOf(carrier));
    calls += Math.ceil(n / sizes.get(carrier)!);
  }
  return calls;
}

/** The newest scan we know of (carrier time), for the carrier's current ETA. */
function newestKnown(t: Tracked): SimEvent | undefined {
  let newest: SimEvent | undefined;
  t.journey.events.forEach((e, i) => {
    if (t.seenAt[i] !== null && (!newest || e.occurredAt >= newest.occurredAt)) newest = e;
  });
  return newest;
}

/** The window the carrier published with the newest out-for-delivery scan we know of. */
function newestWindow(t: Tracked): SimEvent["window"] {
  let window: SimEvent["window"];
  let at = -Infinity;
  t.journey.events.forEach((e, i) => {
    if (t.seenAt[i] !== null && e.window && e.occurredAt > at) {
      window = e.window;
      at = e.occurredAt;
    }
  });
  return window;
}

/** The p-th percentile (0–100) of a list, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
