/**
 * bench:poller — the real poller (claim, poll round, carrier clients, parsers, ingest, `nextPollAt`, push
 * subscriptions) against the carrier emulator, on a fake clock, in a real database: the check on bench:polling's
 * simulation. Same fleet generator as bench:polling (labels over the first 7 days, followed for `--days`); every
 * carrier account points at the emulator (in process, no sockets). Two real rows, one after the other in fresh
 * databases: pure polling, and push on for every account whose carrier has a push API — the emulator pushes each
 * subscribed parcel's newly visible scans every `--push-every` minutes, and they go through the carrier's webhook
 * verifier and parser and the worker's webhook ingest (`ingestSellerDeliveries`), stamped with the fake clock. The
 * baseline, in the same run, is fixed 1-hour polling of the same fleet in bench:polling's simulation (the real
 * poller has no fixed-interval mode to compare with), beside the simulation's own figures for the same policy.
 *
 * Reported: carrier requests per delivered shipment (tracking + subscription requests, as the emulator counted
 * them; OAuth token requests are not counted) and p95 freshness of out-for-delivery, delivered and exception (carrier publishes → the event is stored).
 *
 *   npm run bench:poller [-- --quick] [-- --shipments N --days D --seed S --push-every MIN --only polling|push]
 */
import { parseArgs } from "node:util";
import { getCarrier } from "../src/carriers/registry.js";
import { openDatabase, type Database } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { createSeller } from "../src/db/repositories/sellers.js";
import { upsertCarrierAccount } from "../src/ingest/polling/carrier-accounts.js";
import { nextPollAt } from "../src/ingest/polling/next-poll.js";
import { createPollerDeps, pollDue } from "../src/ingest/polling/poll-shipment.js";
import { createWebhookEndpoint } from "../src/ingest/webhooks/endpoints.js";
import { webhookSource } from "../src/ingest/webhooks/sources.js";
import { ingestSellerDeliveries } from "../src/jobs/ingest-webhook.js";
import { FakeClock } from "../src/sim/clock.js";
import { SIM_CREDENTIALS } from "../src/sim/emulator/handler.js";
import { createEmulatorFetch } from "../src/sim/emulator/server.js";
import { seededRandom } from "../src/sim/journeys.js";
import type { SimJourney } from "../src/sim/lane-journeys.js";
import {
  MEASURED,
  batchSizeOf,
  mappedScans,
  percentile,
  runFleet,
  type Scheduler,
} from "../src/sim/polling-sim.js";
import { SimWorld } from "../src/sim/world.js";
import { FLEET_OPTIONS, START, benchFleet, fleetOfArgs } from "./polling-fleet.js";

const { values } = parseArgs({
  options: {
    ...FLEET_OPTIONS,
    "push-every": { type: "string", default: "2" },
    only: { type: "string" },
  },
});
const {
  shipments: SHIPMENTS,
  days: DAYS,
  seed: SEED,
  end: END,
} = fleetOfArgs(values, { quick: 100, full: 2_000 });
const MINUTE = 60_000;
const PUSH_EVERY = Number(values["push-every"]) * MINUTE;
const CARRIERS = ["ups", "fedex", "usps", "dhl_express"] as const;
const PUBLIC_URL = "https://shipwatch.bench.invalid";

const fleet = benchFleet({ count: SHIPMENTS, seed: SEED });

interface RowResult {
  name: string;
  calls: number;
  subscriptionCalls: number;
  delivered: number;
  pushes: number;
  freshness: Record<string, number[]>;
  missed: number;
  seconds: number;
}

/** Journeys whose delivery scan is published before the end: the denominator of calls per delivered. */
function deliveredCount(journeys: readonly SimJourney[]): number {
  return journeys.filter((j) => {
    const mapped = mappedScans(j);
    return j.events.some(
      (e, i) => mapped[i]!.status === "delivered" && e.step === "delivered" && e.visibleAt <= END,
    );
  }).length;
}

/** Pushes POSTed by the emulator, kept until the step ingests them (as the intake batches them for the worker). */
interface Push {
  carrier: string;
  headers: Record<string, string>;
  body: string;
}

async function runReal(name: string, push: boolean): Promise<RowResult> {
  const began = performance.now();
  const db: Database = process.env.DATABASE_URL
    ? await openDatabase({ url: process.env.DATABASE_URL, schemaName: `bench_poller_${Date.now()}` })
    : await openDatabase();
  try {
    await migrate(db);
    const sellerId = (await createSeller(db.orm, { slug: "poller", name: "Poller bench" })).id;
    const clock = new FakeClock(START);
    const world = new SimWorld();
    for (const j of fleet) world.add(j);
    // FedEx pushes to a webhook project set up in its portal (destination and signing token), not to a URL
    // given with each subscription: the emulator plays the portal, the account names the project.
    const webhookProjects: Record<string, { url: string; credential: string }> = {};
    const emulator = createEmulatorFetch({ world, clock, webhookProjects });
    const secrets = new Map<string, string>();
    for (const carrier of CARRIERS) {
      const pushes = push && getCarrier(carrier)?.pushApi !== undefined;
      const credentials: Record<string, string> = { ...SIM_CREDENTIALS[carrier] };
      if (pushes) {
        const created = await createWebhookEndpoint(db, { sellerId, source: carrier });
        secrets.set(carrier, created!.secret);
        if (carrier === "fedex") {
          webhookProjects["bench-project"] = {
            url: `${PUBLIC_URL}/hooks/poller/fedex`,
            credential: created!.secret,
          };
          credentials.webhookProjectId = "bench-project";
        }
      }
      await upsertCarrierAccount(db, {
        sellerId,
        carrier,
        credentials,
        baseUrl: emulator.baseUrl(carrier),
        push: pushes,
        requestsPerMinute: 100_000,
        burst: 100_000,
      });
    }
    const deps = createPollerDeps({
      clock,
      fetch: emulator.fetch,
      rand: seededRandom(5),
      publicUrl: PUBLIC_URL,
      batchLimit: 2_000,
    });

    // Expected milestones per tracking number and status, in the order the carrier publishes them.
    const byNumber = new Map<string, { journey: SimJourney; seen: Map<string, number[]> }>();
    for (const j of fleet) byNumber.set(j.trackingNumber, { journey: j, seen: new Map() });
    const labels = [...fleet].sort((a, b) => a.labelAt - b.labelAt);
    let nextLabel = 0;
    let lastEventId = 0;
    let nextPush = START;
    let pushesReceived = 0;
    const inbox: Push[] = [];
    const receive = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      const carrier = decodeURIComponent(url.split("/").at(-1)!);
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
      inbox.push({ carrier, headers, body: String(init?.body ?? "") });
      return new Response(null, { status: 202 });
    }) as typeof fetch;

    for (let now = START; now <= END;) {
      clock.set(now);
      // Labels printed by now become shipments, created at their label time (the trigger enrolls them, due now).
      const created: SimJourney[] = [];
      while (nextLabel < labels.length && labels[nextLabel]!.labelAt <= now)
        created.push(labels[nextLabel++]!);
      if (created.length > 0)
        await db.query(
          `INSERT INTO shipments (seller_id, carrier, tracking_number, destination_city, destination_region,
             destination_postal, destination_country, created_at)
           SELECT $1, x.carrier, x.tracking_number, x.city, x.region, x.postal, x.country, x.created_at
           FROM jsonb_to_recordset($2::jsonb) AS x(carrier text, tracking_number text, city text, region text,
             postal text, country text, created_at timestamptz)`,
          [
            sellerId,
            JSON.stringify(
              created.map((j) => ({
                carrier: j.carrier,
                tracking_number: j.trackingNumber,
                city: j.lane.destination.city,
                region: j.lane.destination.region ?? null,
                postal: j.lane.destination.postalCode ?? null,
                country: j.lane.destination.country,
                created_at: new Date(j.labelAt).toISOString(),
              })),
            ),
          ],
        );
      for (;;) {
        const report = await pollDue(db, deps);
        if (report.claimed < (deps.batchLimit ?? 500)) break;
      }
      if (push && now >= nextPush) {
        await emulator.pushDue(receive);
        nextPush = now + PUSH_EVERY;
        if (inbox.length > 0) {
          pushesReceived += inbox.length;
          const bySource = inbox.splice(0);
          for (const p of bySource) {
            const verdict = webhookSource(p.carrier)!.verify(
              Buffer.from(p.body),
              p.headers,
              secrets.get(p.carrier) ?? "",
              new Date(now),
            );
            if (!verdict.ok) throw new Error(`push refused by ${p.carrier}'s verifier: ${verdict.reason}`);
          }
          await db.session((s) =>
            ingestSellerDeliveries(
              s,
              sellerId,
              bySource.map((p) => ({
                source: `webhook:${p.carrier}`,
                contentType: "application/json",
                body: Buffer.from(p.body),
                headers: p.headers,
                receivedAt: new Date(now),
              })),
            ),
          );
        }
      }
      // What this step stored: each new milestone event is the next one of its status for that parcel.
      const fresh = await db.query<{ id: string; tracking_number: string; status: string }>(
        `SELECT e.id, s.tracking_number, e.status FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id
         WHERE e.seller_id = $1 AND e.id > $2 AND e.status = ANY($3::text[]) ORDER BY e.id`,
        [sellerId, lastEventId, [...MEASURED]],
      );
      for (const e of fresh) {
        const entry = byNumber.get(e.tracking_number)!;
        const list = entry.seen.get(e.status) ?? [];
        list.push(now);
        entry.seen.set(e.status, list);
      }
      if (fresh.length > 0) lastEventId = Number(fresh.at(-1)!.id);
      // Next: the earliest poll due, the next label, the next push round; at least a minute on.
      const [due] = await db.query<{ at: number | null }>(
        `SELECT (EXTRACT(EPOCH FROM MIN(next_poll_at)) * 1000)::float8 AS at FROM shipment_poll_state
         WHERE seller_id = $1 AND next_poll_at IS NOT NULL AND isfinite(next_poll_at)`,
        [sellerId],
      );
      const candidates = [END + 1, due?.at ?? Infinity, labels[nextLabel]?.labelAt ?? Infinity];
      if (push) candidates.push(nextPush);
      now = Math.max(now + MINUTE, Math.min(...candidates.map(Number)));
    }

    // Freshness: the k-th published milestone of a status is the k-th stored one (the parser keeps each scan).
    const freshness: Record<string, number[]> = Object.fromEntries(MEASURED.map((s) => [s, []]));
    let missed = 0;
    for (const { journey, seen } of byNumber.values()) {
      const mapped = mappedScans(journey);
      const k = new Map<string, number>();
      journey.events.forEach((e, i) => {
        const status = mapped[i]!.status;
        if (!status || !MEASURED.includes(status)) return;
        const index = k.get(status) ?? 0;
        k.set(status, index + 1);
        if (e.step === "returned" || e.visibleAt > END) return;
        const at = seen.get(status)?.[index];
        if (at === undefined) missed += 1;
        freshness[status]!.push(((at ?? END) - e.visibleAt) / MINUTE);
      });
    }
    const stats = emulator.stats;
    const tracking = Object.values(stats.trackRequests).reduce((a, b) => a + b, 0);
    // Subscription calls: the requests, and FedEx's reads of each subscription job's report.
    const subscriptionCalls = [
      ...Object.values(stats.subscribeRequests),
      ...Object.values(stats.jobRequests),
    ].reduce((a, b) => a + b, 0);
    return {
      name,
      calls: tracking + subscriptionCalls,
      subscriptionCalls,
      delivered: deliveredCount(fleet),
      pushes: pushesReceived,
      freshness,
      missed,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await db.close();
  }
}

function simulated(name: string, scheduler: Scheduler): RowResult {
  const began = performance.now();
  const r = runFleet(fleet, scheduler, END);
  return {
    name,
    calls: r.calls,
    subscriptionCalls: r.subscriptionCalls,
    delivered: r.delivered,
    pushes: r.pushes,
    freshness: r.freshness,
    missed: r.missed,
    seconds: (performance.now() - began) / 1000,
  };
}

const fixed1h: Scheduler = (facts, _carrier, now) =>
  ["delivered", "returned", "cancelled", "expired"].includes(facts.status) ? null : now + 3_600_000;
const rand = seededRandom(7);
const simAdaptive: Scheduler = (facts, carrier, now) => {
  const decision = nextPollAt(
    facts,
    { dwellHours: {}, batchSize: batchSizeOf(carrier) },
    new Date(now),
    rand,
  );
  return decision.kind === "poll" ? Math.max(decision.at.getTime(), now + 60_000) : null;
};

const results: RowResult[] = [];
if (values.only !== "push") results.push(await runReal("real poller, polling only", false));
if (values.only !== "polling")
  results.push(await runReal("real poller, push where the carrier has a push API", true));
results.push(simulated("simulation, same policy, polling only", simAdaptive));
results.push(simulated("simulation, fixed 1 h (baseline)", fixed1h));

const engine = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
console.log(
  `${SHIPMENTS} shipments over ${DAYS} days, ${engine}; push rounds every ${PUSH_EVERY / MINUTE} min`,
);
console.log(
  "row | calls/delivered | of which subscriptions | p95 OFD | p95 delivered | p95 exception | missed | s",
);
for (const r of results) {
  const p95 = (s: string) => `${Math.round(percentile(r.freshness[s]!, 95))} min`;
  console.log(
    [
      r.name,
      (r.calls / r.delivered).toFixed(2),
      (r.subscriptionCalls / r.delivered).toFixed(3),
      p95("out_for_delivery"),
      p95("delivered"),
      p95("exception"),
      r.missed,
      r.seconds.toFixed(0),
    ].join(" | "),
  );
}
const baseline = results.find((r) => r.name.includes("fixed 1 h"))!;
console.log(
  `\nBENCH ${JSON.stringify({
    bench: "poller",
    shipments: SHIPMENTS,
    days: DAYS,
    engine,
    delivered: baseline.delivered,
    baseline_calls_per_delivered: Number((baseline.calls / baseline.delivered).toFixed(2)),
    // Each real row's calls against fixed 1-hour polling's.
    ratios: Object.fromEntries(
      results
        .filter((r) => r.name.startsWith("real"))
        .map((r) => [r.name, Number((r.calls / baseline.calls).toFixed(3))]),
    ),
    rows: results.map((r) => ({
      name: r.name,
      calls_per_delivered: Number((r.calls / r.delivered).toFixed(2)),
      p95_min: Object.fromEntries(MEASURED.map((s) => [s, Math.round(percentile(r.freshness[s]!, 95))])),
      missed: r.missed,
    })),
  })}`,
);
