/**
 * bench:polling — adaptive polling (`nextPollAt`) against fixed 1-hour and 2-hour polling, same fleet, same run:
 * 10,000 simulated shipments (labels over the first 7 days) over 10 simulated days on a fake clock. Reports carrier
 * calls per delivered shipment — requests, as the poller sends them: the polls of one carrier due at the same
 * instant share requests of the carrier client's batch size (FedEx 30, UPS, USPS and DHL 1) — beside lookups
 * (one per shipment per poll), and p95 freshness (carrier publishes → our state) of out-for-delivery, delivered
 * and exception. Each poll sees exactly what the carrier emulator would answer at that instant (visible scans,
 * mapped by the real adapters' status maps, folded by the real fold); no HTTP, no database, no sleeping.
 *
 *   npm run bench:polling [-- --quick] [-- --shipments N --days D --seed S]
 */
import { parseArgs } from "node:util";
import { DEFAULT_POLL_POLICY, nextPollAt, type PollPolicy } from "../src/ingest/polling/next-poll.js";
import { seededRandom } from "../src/sim/journeys.js";
import {
  MEASURED,
  percentile,
  runFleet,
  type FleetRunResult,
  type Scheduler,
} from "../src/sim/polling-sim.js";
import { generateFleet } from "../src/sim/world.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    shipments: { type: "string" },
    days: { type: "string", default: "10" },
    seed: { type: "string", default: "42" },
  },
});
const SHIPMENTS = Number(values.shipments ?? (values.quick ? 2_000 : 10_000));
const DAYS = Number(values.days);
const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 2, 5, 0); // Monday 2 March 2026

const fleet = generateFleet({
  count: SHIPMENTS,
  seed: Number(values.seed),
  startMs: START,
  spreadMs: 7 * DAY,
});
const END = START + DAYS * DAY;

function adaptive(policy: PollPolicy = DEFAULT_POLL_POLICY): Scheduler {
  const rand = seededRandom(7);
  return (facts, _carrier, now) => {
    const decision = nextPollAt(facts, { dwellHours: {} }, new Date(now), rand, policy);
    return decision.kind === "poll" ? Math.max(decision.at.getTime(), now + 60_000) : null;
  };
}

/** Polls every `hours` until the shipment reaches a terminal status (then stops at once, the baseline's best case). */
function fixed(hours: number): Scheduler {
  return (facts, _carrier, now) =>
    ["delivered", "returned", "cancelled", "expired"].includes(facts.status) ? null : now + hours * 3_600_000;
}

function summarize(name: string, r: FleetRunResult) {
  const all = MEASURED.flatMap((s) => r.freshness[s]!);
  const p95 = Object.fromEntries(MEASURED.map((s) => [s, Math.round(percentile(r.freshness[s]!, 95))]));
  return {
    name,
    calls_per_delivered: Number(r.callsPerDelivered.toFixed(2)),
    lookups_per_delivered: Number(r.lookupsPerDelivered.toFixed(2)),
    p95_min: p95,
    p95_all_min: Math.round(percentile(all, 95)),
    p50_all_min: Math.round(percentile(all, 50)),
    samples: Object.fromEntries(MEASURED.map((s) => [s, r.freshness[s]!.length])),
    delivered: r.delivered,
    missed: r.missed,
  };
}

const started = performance.now();
const results = [
  summarize("adaptive", runFleet(fleet, adaptive(), END)),
  summarize("fixed_1h", runFleet(fleet, fixed(1), END)),
  summarize("fixed_2h", runFleet(fleet, fixed(2), END)),
];
const seconds = (performance.now() - started) / 1000;

console.log(`bench:polling — ${SHIPMENTS} shipments over ${DAYS} simulated days (${seconds.toFixed(1)} s)`);
console.log(
  "scheduler   calls/delivered   lookups/delivered   p95 OFD   p95 delivered   p95 exception   p95 all   p50 all   (minutes)",
);
for (const r of results) {
  console.log(
    `${r.name.padEnd(11)} ${String(r.calls_per_delivered).padStart(15)} ${String(r.lookups_per_delivered).padStart(19)} ${String(r.p95_min.out_for_delivery).padStart(9)} ${String(r.p95_min.delivered).padStart(15)} ${String(r.p95_min.exception).padStart(15)} ${String(r.p95_all_min).padStart(9)} ${String(r.p50_all_min).padStart(9)}`,
  );
}
console.log(
  `delivered in the window: ${results[0]!.delivered}; milestone samples: ${JSON.stringify(results[0]!.samples)}`,
);
const [ours, hourly, twoHourly] = results as [
  ReturnType<typeof summarize>,
  ReturnType<typeof summarize>,
  ReturnType<typeof summarize>,
];
console.log(
  `BENCH ${JSON.stringify({
    bench: "polling",
    shipments: SHIPMENTS,
    days: DAYS,
    calls_per_delivered: ours.calls_per_delivered,
    lookups_per_delivered: ours.lookups_per_delivered,
    p95_freshness_min: ours.p95_min,
    p95_freshness_all_min: ours.p95_all_min,
    baseline: "fixed_1h",
    baseline_calls_per_delivered: hourly.calls_per_delivered,
    baseline_lookups_per_delivered: hourly.lookups_per_delivered,
    baseline_p95_freshness_min: hourly.p95_min,
    baseline_2h_calls_per_delivered: twoHourly.calls_per_delivered,
    baseline_2h_p95_freshness_min: twoHourly.p95_min,
    ratio: Number((ours.calls_per_delivered / hourly.calls_per_delivered).toFixed(3)),
  })}`,
);
