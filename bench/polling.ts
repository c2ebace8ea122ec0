/**
 * bench:polling — adaptive polling (`nextPollAt`) against fixed 1-hour and 2-hour polling, same fleet, same run:
 * 10,000 simulated shipments (labels over the first 7 days) over 10 simulated days on a fake clock. Reports carrier
 * calls per delivered shipment — requests, as the poller sends them: the polls of one carrier due at the same
 * instant share requests of the carrier client's batch size (FedEx 30, DHL Express 200, UPS and USPS 1), plus push
 * subscription requests — beside lookups (one per shipment per poll), and p95 freshness (carrier publishes → our
 * state) of out-for-delivery, delivered and exception. Each poll sees exactly what the carrier emulator would answer
 * at that instant (visible scans, mapped by the real adapters' status maps, folded by the real fold, the delivery
 * window UPS and FedEx publish with the out-for-delivery scan); no HTTP, no database, no sleeping.
 *
 * Two worlds, the same parcels: "independent" (each weather delay strikes one parcel, as in session 2) and "hub
 * closures" (storms close a hub for hours and every parcel inside gets the delay, as carriers post them). Each row
 * adds one lever to the one above; push rows are a separate path (subscription calls counted) beside pure polling.
 *
 *   npm run bench:polling [-- --quick] [-- --shipments N --days D --seed S --window-error MIN]
 */
import { parseArgs } from "node:util";
import { HubWatch } from "../src/ingest/polling/hub-watch.js";
import {
  DEFAULT_POLL_POLICY,
  PLAIN_POLL_POLICY,
  nextPollAt,
  type PollPolicy,
} from "../src/ingest/polling/next-poll.js";
import { planHubDisruptions } from "../src/sim/disruptions.js";
import { seededRandom } from "../src/sim/journeys.js";
import { LANES } from "../src/sim/lanes.js";
import {
  MEASURED,
  batchSizeOf,
  percentile,
  runFleet,
  type FleetRunOptions,
  type FleetRunResult,
  type FleetWatch,
  type PushModel,
  type Scheduler,
} from "../src/sim/polling-sim.js";
import { DAY, FLEET_OPTIONS, START, benchFleet, fleetOfArgs } from "./polling-fleet.js";

const { values } = parseArgs({
  options: {
    ...FLEET_OPTIONS,
    "window-error": { type: "string", default: "35" },
  },
});
const {
  shipments: SHIPMENTS,
  days: DAYS,
  seed: SEED,
  end: END,
} = fleetOfArgs(values, { quick: 1_000, full: 10_000 });
const windowErrorMinutes = Number(values["window-error"]);

const hubCities = [...new Set(LANES.flatMap((l) => l.hubs.map((h) => h.city)))];
const closures = planHubDisruptions({
  seed: SEED + 1,
  startMs: START - 2 * DAY,
  endMs: END,
  cities: hubCities,
  meanGapDays: 4,
  durationHours: [4, 14],
});
const fleetOf = (disruptions?: typeof closures) =>
  benchFleet({
    count: SHIPMENTS,
    seed: SEED,
    world: { windowErrorMinutes, ...(disruptions ? { disruptions } : {}) },
  });
const worlds = { independent: fleetOf(), hub_closures: fleetOf(closures) };

/** `nextPollAt` with `policy`; the carrier's numbers per request as its real client has them, unless overridden. */
function adaptive(policy: PollPolicy, sizes: Partial<Record<string, number>> = {}): Scheduler {
  const rand = seededRandom(7);
  return (facts, carrier, now) => {
    const cadence = { dwellHours: {}, batchSize: sizes[carrier] ?? batchSizeOf(carrier) };
    const decision = nextPollAt(facts, cadence, new Date(now), rand, policy);
    return decision.kind === "poll" ? Math.max(decision.at.getTime(), now + 60_000) : null;
  };
}

/** Polls every `hours` until the shipment reaches a terminal status (then stops at once, the baseline's best case). */
function fixed(hours: number): Scheduler {
  return (facts, _carrier, now) =>
    ["delivered", "returned", "cancelled", "expired"].includes(facts.status) ? null : now + hours * 3_600_000;
}

function hubWatch(): FleetWatch {
  const watch = new HubWatch({ tickMinutes: 30, closureHours: 12, watchArrivals: true, sentinels: true });
  return {
    tickMs: watch.tickMs,
    tick: (now) => watch.tick(now),
    afterLook: (record, revealed, state, now) =>
      watch.afterLook(
        {
          id: record.id,
          carrier: record.carrier,
          originCity: record.origin.city,
          destinationCity: record.destination.city,
        },
        revealed.map((s) => ({ ...s, city: s.place.city })),
        state.status,
        now,
      ),
  };
}

/**
 * Push where the carrier offers it for these parcels, as the poller subscribes them (push-subscribe.ts): UPS Track
 * Alert (up to 100 numbers a request), FedEx Advanced Integrated Visibility tracking-number subscriptions (up to
 * 1000 a request, plus one read of the job's report, not counted here: bench:poller counts it) and USPS
 * Subscriptions - Tracking (one number a request), sent hourly for new labels. DHL Express has no push for these
 * parcels (DHL's Unified Push API does not list Express), so it stays polled.
 */
const PUSH: PushModel = {
  subscribe: { ups: 100, fedex: 1000, usps: 1 },
  roundMs: 3_600_000,
  // Assumed: a log-normal delay around 2 minutes after the scan is visible by polling, capped at an hour.
  delayMs: (rand) =>
    Math.min(60, 2 * Math.exp(0.8 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()))) *
    60_000,
  lossRate: 0.01,
};

/** Before the MyDHL multi-number tracking endpoint: one number per DHL request. */
const SINGLE_DHL = { dhl_express: 1 };

interface Row {
  world: keyof typeof worlds;
  name: string;
  scheduler: Scheduler;
  options?: FleetRunOptions;
}

const WINDOWS = { ...PLAIN_POLL_POLICY, windowGraceMinutes: DEFAULT_POLL_POLICY.windowGraceMinutes };
const CUSTOMS = { ...WINDOWS, customsGridMinutes: DEFAULT_POLL_POLICY.customsGridMinutes };
const single = { batchSizes: SINGLE_DHL };

const rows: Row[] = [
  {
    world: "independent",
    name: "adaptive, session 2 policy",
    scheduler: adaptive(PLAIN_POLL_POLICY, SINGLE_DHL),
    options: single,
  },
  {
    world: "independent",
    name: "+ carrier delivery windows",
    scheduler: adaptive(WINDOWS, SINGLE_DHL),
    options: single,
  },
  {
    world: "independent",
    name: "+ customs watch",
    scheduler: adaptive(CUSTOMS, SINGLE_DHL),
    options: single,
  },
  { world: "independent", name: "+ DHL multi-number requests", scheduler: adaptive(CUSTOMS) },
  {
    world: "independent",
    name: "+ dense polls where batched (FedEx, DHL)",
    scheduler: adaptive(DEFAULT_POLL_POLICY),
  },
  {
    world: "independent",
    name: "+ hub watch",
    scheduler: adaptive(DEFAULT_POLL_POLICY),
    options: { watch: hubWatch() },
  },
  {
    world: "independent",
    name: "push (UPS, FedEx, USPS) + polled DHL",
    scheduler: adaptive(DEFAULT_POLL_POLICY),
    options: { push: PUSH },
  },
  { world: "independent", name: "fixed 1 h", scheduler: fixed(1) },
  { world: "independent", name: "fixed 2 h", scheduler: fixed(2) },
  {
    world: "hub_closures",
    name: "adaptive, session 2 policy",
    scheduler: adaptive(PLAIN_POLL_POLICY, SINGLE_DHL),
    options: single,
  },
  {
    world: "hub_closures",
    name: "all polling levers, no hub watch",
    scheduler: adaptive(DEFAULT_POLL_POLICY),
  },
  {
    world: "hub_closures",
    name: "+ hub watch",
    scheduler: adaptive(DEFAULT_POLL_POLICY),
    options: { watch: hubWatch() },
  },
  {
    world: "hub_closures",
    name: "push (UPS, FedEx, USPS) + polled DHL",
    scheduler: adaptive(DEFAULT_POLL_POLICY),
    options: { push: PUSH },
  },
  { world: "hub_closures", name: "fixed 1 h", scheduler: fixed(1) },
  { world: "hub_closures", name: "fixed 2 h", scheduler: fixed(2) },
];

function summarize(row: Row, r: FleetRunResult) {
  const all = MEASURED.flatMap((s) => r.freshness[s]!);
  const p95 = Object.fromEntries(MEASURED.map((s) => [s, Math.round(percentile(r.freshness[s]!, 95))]));
  return {
    world: row.world,
    name: row.name,
    calls_per_delivered: Number(r.callsPerDelivered.toFixed(2)),
    subscription_calls_per_delivered: Number((r.subscriptionCalls / Math.max(1, r.delivered)).toFixed(3)),
    lookups_per_delivered: Number(r.lookupsPerDelivered.toFixed(2)),
    watch_lookups_per_delivered: Number((r.watchLookups / Math.max(1, r.delivered)).toFixed(2)),
    p95_min: p95 as Record<"out_for_delivery" | "delivered" | "exception", number>,
    p95_all_min: Math.round(percentile(all, 95)),
    samples: Object.fromEntries(MEASURED.map((s) => [s, r.freshness[s]!.length])),
    delivered: r.delivered,
    missed: r.missed,
  };
}

const started = performance.now();
const results = rows.map((row) =>
  summarize(row, runFleet(worlds[row.world], row.scheduler, END, row.options)),
);
const seconds = (performance.now() - started) / 1000;

console.log(
  `bench:polling — ${SHIPMENTS} shipments over ${DAYS} simulated days, window error σ ${windowErrorMinutes} min, ${closures.length} hub closures (${seconds.toFixed(1)} s)`,
);
let world = "";
for (const r of results) {
  if (r.world !== world) {
    world = r.world;
    const first = results.find((x) => x.world === world)!;
    console.log(
      `\nworld: ${world} — delivered ${first.delivered}; milestone samples ${JSON.stringify(first.samples)}`,
    );
    console.log(
      `${"scheduler".padEnd(38)} calls/deliv  (subscr.)  lookups/deliv  (watch)  p95 OFD  p95 delivered  p95 exception  p95 all  missed`,
    );
  }
  console.log(
    `${r.name.padEnd(38)} ${String(r.calls_per_delivered).padStart(11)} ${String(r.subscription_calls_per_delivered).padStart(10)} ${String(r.lookups_per_delivered).padStart(14)} ${String(r.watch_lookups_per_delivered).padStart(8)} ${String(r.p95_min.out_for_delivery).padStart(8)} ${String(r.p95_min.delivered).padStart(14)} ${String(r.p95_min.exception).padStart(14)} ${String(r.p95_all_min).padStart(8)} ${String(r.missed).padStart(7)}`,
  );
}
const pick = (w: Row["world"], name: string) => results.find((r) => r.world === w && r.name === name)!;
const ours = pick("independent", "+ dense polls where batched (FedEx, DHL)");
const pushed = pick("independent", "push (UPS, FedEx, USPS) + polled DHL");
const hourly = pick("independent", "fixed 1 h");
const twoHourly = pick("independent", "fixed 2 h");
console.log(
  `\nBENCH ${JSON.stringify({
    bench: "polling",
    shipments: SHIPMENTS,
    days: DAYS,
    world: "independent",
    calls_per_delivered: ours.calls_per_delivered,
    lookups_per_delivered: ours.lookups_per_delivered,
    p95_freshness_min: ours.p95_min,
    p95_freshness_all_min: ours.p95_all_min,
    push_calls_per_delivered: pushed.calls_per_delivered,
    push_p95_freshness_min: pushed.p95_min,
    hub_closures_world: Object.fromEntries(
      results
        .filter((r) => r.world === "hub_closures")
        .map((r) => [r.name, { calls_per_delivered: r.calls_per_delivered, p95_freshness_min: r.p95_min }]),
    ),
    baseline: "fixed_1h",
    baseline_calls_per_delivered: hourly.calls_per_delivered,
    baseline_p95_freshness_min: hourly.p95_min,
    baseline_2h_calls_per_delivered: twoHourly.calls_per_delivered,
    baseline_2h_p95_freshness_min: twoHourly.p95_min,
    ratio: Number((ours.calls_per_delivered / hourly.calls_per_delivered).toFixed(3)),
  })}`,
);
