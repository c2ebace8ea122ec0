/**
 * bench:webhooks — signed webhook deliveries over HTTP → verify → store raw → queue → worker → parse → state
 * committed, against a real `shipwatch serve --role all` process. Figures: sustained deliveries/s from the first
 * request to the last committed state, and p95 from receipt to committed state (the worker's histogram).
 * Baseline, same run, same database, same payloads: direct synchronous ingest — what a receiver that ingested
 * inside the request could at best sustain (one `ingest()` transaction per delivery, 16 at a time, no HTTP).
 *
 *   DATABASE_URL=postgres://… npm run bench:webhooks [-- --quick] [-- --deliveries N --connections C] [-- --profile]
 *   (without DATABASE_URL it runs on embedded PGlite, in one process; the goal is stated for PostgreSQL)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { createSeller } from "../src/db/repositories/sellers.js";
import { ingest } from "../src/ingest/ingest.js";
import { createWebhookEndpoint } from "../src/ingest/webhooks/endpoints.js";
import { signShipwatchWebhook } from "../src/ingest/webhooks/shipwatch-signature.js";
import { cores, CpuTally } from "./proc-cpu.js";
import { runWrkPosts, wrkAvailable } from "./wrk.js";

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p97_5: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    deliveries: { type: "string" },
    connections: { type: "string", default: "64" },
    // Writes a V8 CPU profile of the server process to .tmp/ (open it in Chrome DevTools).
    profile: { type: "boolean", default: false },
    // The load generator: autocannon, or wrk with `--client wrk` (when installed).
    client: { type: "string" },
  },
});
const DELIVERIES = Number(values.deliveries ?? (values.quick ? 15_000 : 60_000));
const BASELINE = Math.min(DELIVERIES, values.quick ? 3_000 : 10_000);
const CONNECTIONS = Number(values.connections);
const client = values.client === "wrk" && wrkAvailable() ? "wrk" : "autocannon";
const STEPS = [
  ["info_received", "MP"],
  ["in_transit", "PU"],
  ["in_transit", "AR"],
  ["out_for_delivery", "OD"],
  ["delivered", "DL"],
] as const;

/** One scan per delivery; journeys interleaved across shipments, as carriers push them. */
function deliveries(count: number, prefix: string): string[] {
  const shipments = Math.ceil(count / STEPS.length);
  const out: string[] = [];
  for (let step = 0; step < STEPS.length; step++) {
    for (let s = 0; s < shipments && out.length < count; s++) {
      const [status, code] = STEPS[step]!;
      out.push(
        JSON.stringify({
          carrier: "ups",
          trackingNumber: `1Z${prefix}${String(s).padStart(8, "0")}`,
          occurredAt: new Date(Date.UTC(2026, 2, 1) + s * 1000 + step * 7_200_000).toISOString(),
          code,
          description: `Scan ${code}`,
          location: { city: `City ${s % 97}`, region: "KY", country: "US" },
          status,
        }),
      );
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** p-quantile of a Prometheus histogram (linear within the bucket), from its text exposition. */
function histogramQuantile(metrics: string, name: string, q: number): number {
  // Summed over label sets (the receipt histogram is labelled by source), bucket by bucket.
  const sums = new Map<number, number>();
  for (const m of metrics.matchAll(new RegExp(`^${name}_bucket\\{(?:[^}]*,)?le="([^"]+)"\\} (\\d+)`, "gm"))) {
    const le = m[1] === "+Inf" ? Infinity : Number(m[1]);
    sums.set(le, (sums.get(le) ?? 0) + Number(m[2]));
  }
  const buckets = [...sums].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
  const total = buckets.at(-1)?.count ?? 0;
  let previous = { le: 0, count: 0 };
  for (const b of buckets) {
    if (b.count >= q * total) {
      if (b.le === Infinity) return previous.le;
      return (
        previous.le +
        ((q * total - previous.count) / Math.max(b.count - previous.count, 1)) * (b.le - previous.le)
      );
    }
    previous = b;
  }
  return NaN;
}

async function pendingCount(db: Database, sellerId: string): Promise<{ total: number; pending: number }> {
  const [row] = await db.query<{ total: number; pending: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE parse_status = 'pending')::int AS pending
     FROM raw_payloads WHERE seller_id = $1`,
    [sellerId],
  );
  return row!;
}

const url = process.env.DATABASE_URL;
const engine = url ? "postgres" : "pglite";
const schema = `bench_webhooks_${randomBytes(4).toString("hex")}`;
const dataDir = url ? undefined : mkdtempSync(join(tmpdir(), "shipwatch-bench-"));
const secret = `whsec_${randomBytes(24).toString("base64url")}`;

// Setup: a migrated database with a seller and its endpoint, then released for the server process.
let db = await openDatabase(url ? { url, schemaName: schema } : { dataDir: dataDir! });
await migrate(db);
const seller = await createSeller(db.orm, { slug: "bench", name: "bench" });
await createWebhookEndpoint(db, { sellerId: seller.id, source: "shipwatch", secret });
if (!url) await db.close();

const port = 20_000 + Math.floor(Math.random() * 20_000);
const server = spawn(
  process.execPath,
  [
    ...(values.profile ? ["--cpu-prof", "--cpu-prof-dir=.tmp"] : []),
    "bin/shipwatch.js",
    "serve",
    "--role",
    "all",
    "--port",
    String(port),
  ],
  {
    env: {
      ...process.env,
      ...(url
        ? {
            DATABASE_URL: `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
            SHIPWATCH_JOBS_SCHEMA: `${schema}_jobs`,
          }
        : { SHIPWATCH_DATA_DIR: dataDir! }),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
await new Promise<void>((resolve, reject) => {
  server.stdout!.on(
    "data",
    (chunk: Buffer) => chunk.toString().includes("Shipwatch is running") && resolve(),
  );
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

const bodies = deliveries(DELIVERIES, "WH");
const signedAt = new Date();
const signatures = bodies.map((b) => signShipwatchWebhook(b, secret, signedAt));
let next = 0;
console.log(
  `${engine}: ${DELIVERIES} deliveries over ${CONNECTIONS} connections (${client}) to serve --role all …`,
);
// CPU spent by each side during the run: the server, the PostgreSQL backends of this database (their pids are
// collected while the run goes, since the pools open connections on demand), and this process (autocannon).
const serverCpu = new CpuTally();
const backendCpu = new CpuTally();
const backendPids = async () =>
  url
    ? (
        await db.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
      ).map((r) => r.pid)
    : [];
serverCpu.see(server.pid!);
for (const pid of await backendPids()) backendCpu.see(pid);
serverCpu.start();
backendCpu.start();
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    for (const pid of await backendPids()) backendCpu.see(pid);
    backendCpu.sample();
    serverCpu.sample();
    await sleep(250);
  }
})();
const ownCpu0 = process.cpuUsage();
const started = performance.now();
const http =
  client === "wrk"
    ? await runWrkPosts({
        base: `http://127.0.0.1:${port}`,
        path: "/hooks/bench/shipwatch",
        bodies,
        headers: signatures.map((signature) => ({
          "content-type": "application/json",
          "shipwatch-signature": signature,
        })),
        connections: CONNECTIONS,
        scriptFile: ".tmp/bench-webhooks.lua",
      }).then((r) => ({ rps: r.rps, latencyMs: r.p99, non2xx: r.non2xx, latencyLabel: "p99" }))
    : await autocannon({
        url: `http://127.0.0.1:${port}/hooks/bench/shipwatch`,
        method: "POST",
        connections: CONNECTIONS,
        amount: DELIVERIES,
        requests: [
          {
            setupRequest(req: Record<string, unknown>) {
              const i = next++ % DELIVERIES;
              return {
                ...req,
                body: bodies[i],
                headers: { "content-type": "application/json", "shipwatch-signature": signatures[i]! },
              };
            },
          },
        ],
      }).then((r) => ({
        rps: Math.round(r.requests.average),
        latencyMs: r.latency.p97_5,
        non2xx: r.non2xx,
        latencyLabel: "p97.5",
      }));
const answeredSeconds = (performance.now() - started) / 1000;

// Progress is read from the server's /metrics (an embedded database's folder is locked by the server).
let committedSeconds = NaN;
for (;;) {
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const done = Number(/^shipwatch_webhook_to_state_seconds_count (\d+)/m.exec(metrics)?.[1] ?? 0);
  if (done >= DELIVERIES) {
    committedSeconds = (performance.now() - started) / 1000;
    break;
  }
  if ((performance.now() - started) / 1000 > 600) throw new Error(`only ${done} of ${DELIVERIES} committed`);
  await sleep(20);
}
sampling = false;
await sampler;
backendCpu.sample();
serverCpu.sample();
const ownCpu = process.cpuUsage(ownCpu0);
const cpuMicros = {
  server: (serverCpu.seconds() * 1e6) / DELIVERIES,
  postgres: (backendCpu.seconds() * 1e6) / DELIVERIES,
  client: client === "autocannon" ? (ownCpu.user + ownCpu.system) / DELIVERIES : NaN,
  wall: (committedSeconds * 1e6 * cores) / DELIVERIES,
};
const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const p50 = histogramQuantile(metrics, "shipwatch_webhook_to_state_seconds", 0.5);
const p95 = histogramQuantile(metrics, "shipwatch_webhook_to_state_seconds", 0.95);
const receiptP95 = histogramQuantile(metrics, "shipwatch_webhook_receipt_seconds", 0.95);
const metricValue = (name: string) =>
  Number(new RegExp(`^${name} ([\\d.e+-]+)`, "m").exec(metrics)?.[1] ?? NaN);
const intakeTransactions = metricValue("shipwatch_webhook_intake_batch_deliveries_count");
const intakeGroup = metricValue("shipwatch_webhook_intake_batch_deliveries_sum") / intakeTransactions;
const intakeP95 = histogramQuantile(metrics, "shipwatch_webhook_intake_seconds", 0.95);
const workerBatches = metricValue('shipwatch_job_batch_seconds_count\\{queue="ingest-webhook"\\}');
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));

// Baseline: the same kind of payloads ingested synchronously, one transaction each, 16 in flight.
if (!url) db = await openDatabase({ dataDir: dataDir! });
const stored = await pendingCount(db, seller.id);
if (stored.total !== DELIVERIES || stored.pending !== 0) throw new Error(`stored ${JSON.stringify(stored)}`);
const baselineSeller = await createSeller(db.orm, { slug: "bench-sync", name: "baseline" });
const baselineBodies = deliveries(BASELINE, "SY");
let cursor = 0;
const b0 = performance.now();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (cursor < baselineBodies.length) {
      const body = baselineBodies[cursor++]!;
      await ingest(db, baselineSeller.id, {
        source: "webhook:shipwatch",
        contentType: "application/json",
        body: Buffer.from(body),
      });
    }
  }),
);
const baselineSeconds = (performance.now() - b0) / 1000;
if (url) {
  await db.query(`DROP SCHEMA ${schema}_jobs CASCADE`).catch(() => undefined);
  await db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
}
await db.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });

const perS = Math.round(DELIVERIES / committedSeconds);
const baselinePerS = Math.round(BASELINE / baselineSeconds);
const round = (x: number, d = 3) => Number(x.toFixed(d));
console.log(
  `webhooks  ${perS} deliveries/s committed (${round(committedSeconds, 2)} s; HTTP answered in ${round(answeredSeconds, 2)} s, ` +
    `${http.rps} req/s, HTTP ${http.latencyLabel} ${http.latencyMs} ms, non-2xx ${http.non2xx})`,
);
console.log(
  `          receipt → committed state p50 ${round(p50)} s, p95 ${round(p95)} s; receipt answered p95 ${round(receiptP95 * 1000, 1)} ms`,
);
console.log(
  `          intake: ${intakeTransactions} transactions of ${round(intakeGroup, 1)} deliveries on average, p95 ` +
    `${round(intakeP95 * 1000, 1)} ms; worker: ${workerBatches} batches of ${round(DELIVERIES / workerBatches, 1)}`,
);
console.log(
  `cpu       per delivery: server ${Math.round(cpuMicros.server)} µs` +
    (url ? `, PostgreSQL backends ${Math.round(cpuMicros.postgres)} µs` : "") +
    (client === "autocannon" ? `, load generator ${Math.round(cpuMicros.client)} µs` : "") +
    ` (${cores} cores × run time: ${Math.round(cpuMicros.wall)} µs)`,
);
console.log(
  `baseline  synchronous ingest ${baselinePerS} deliveries/s (${BASELINE} in ${round(baselineSeconds, 2)} s, 16 in flight)`,
);
console.log(
  `BENCH ${JSON.stringify({
    bench: "webhooks",
    engine,
    deliveries: DELIVERIES,
    connections: CONNECTIONS,
    events_per_s: perS,
    p50_receipt_to_state_s: round(p50),
    p95_receipt_to_state_s: round(p95),
    p95_receipt_answer_ms: round(receiptP95 * 1000, 1),
    client,
    [`http_${http.latencyLabel.replace(".", "_")}_ms`]: http.latencyMs,
    http_non2xx: http.non2xx,
    cpu_us_per_delivery: {
      server: Math.round(cpuMicros.server),
      ...(url ? { postgres: Math.round(cpuMicros.postgres) } : {}),
      ...(client === "autocannon" ? { client: Math.round(cpuMicros.client) } : {}),
    },
    baseline: "sync-ingest",
    baseline_per_s: baselinePerS,
    ratio: round(perS / baselinePerS, 2),
  })}`,
);
