/**
 * bench:notify — simulated journeys (src/sim/journeys.ts) ingested scan by scan through the real ingest path
 * while the worker `serve` runs (pg-boss jobs woken on commit) sends to a real SMTP server on loopback. Figures:
 *   - messages per delivered shipment on uneventful journeys (goal ≤ 4), beside the every-scan count (what a
 *     notifier that messages on each scan would send: the baseline), and the same for eventful journeys;
 *   - p95 latency from event ingest (the decision, in the ingest transaction) to hand-off to SMTP (goal < 2 s),
 *     beside the p95 of a bare nodemailer send to the same server (the baseline).
 * The bench seller's burst window is 0, quiet hours and the stale limit off: journeys are replayed seconds apart
 * rather than over days (a burst window would collapse everything), their dates are fixed in the past, and the
 * hour of the run must not change the SMS count.
 *
 *   node bin/run-ts.js bench/notify.ts [--quick] [--shipments N]      (DATABASE_URL=postgres://… for a server)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import nodemailer from "nodemailer";
import { loadConfig } from "../src/config/index.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { insertOrder } from "../src/db/repositories/orders.js";
import { createSeller } from "../src/db/repositories/sellers.js";
import { insertShipment } from "../src/db/repositories/shipments.js";
import { ingest } from "../src/ingest/ingest.js";
import { startJobQueue } from "../src/jobs/queue.js";
import { startWorker } from "../src/jobs/worker.js";
import { notificationJobOptions } from "../src/notifications/jobs.js";
import { planJourney, seededRandom, type JourneyKind, type Place } from "../src/sim/journeys.js";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, shipments: { type: "string" } },
});
const SHIPMENTS = Number(values.shipments ?? (values.quick ? 150 : 1_000));

const austin: Place = { city: "Austin", region: "TX", postalCode: "78701", country: "US", utcOffset: -6 };
const memphis: Place = { city: "Memphis", region: "TN", postalCode: "38118", country: "US", utcOffset: -6 };
const louisville: Place = {
  city: "Louisville",
  region: "KY",
  postalCode: "40209",
  country: "US",
  utcOffset: -5,
};

const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)] ?? Number.NaN;

async function main() {
  // The SMTP server runs in a process of its own, as a mail relay would: in this one it would take turns of the
  // event loop from the sender (and from ingest) for every reply it writes.
  const sink = spawn(process.execPath, ["bin/run-ts.js", "bench/notify/smtp-sink.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: sink.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => String((await lines.next()).value ?? "");
  const smtpUrl = `smtp://127.0.0.1:${await nextLine()}`;

  // PGlite by default (one process: ingest and the worker share its one thread); the PostgreSQL server named
  // by DATABASE_URL instead, in a schema of its own.
  const schemaName = `bench_notify_${randomBytes(4).toString("hex")}`;
  const db = process.env.DATABASE_URL
    ? await openDatabase({ url: process.env.DATABASE_URL, schemaName })
    : await openDatabase();
  await migrate(db);
  const seller = await createSeller(db.orm, { slug: "bench", name: "Bench Shop" });
  await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
    seller.id,
    JSON.stringify({ burstWindowSeconds: 0, quietHours: null, staleAfterHours: 0 }),
  ]);

  const rand = seededRandom(42);
  const journeys: { kind: JourneyKind; shipmentId: string; trackingNumber: string; events: unknown[] }[] = [];
  for (let i = 0; i < SHIPMENTS; i++) {
    const kind: JourneyKind =
      i % 4 === 3 ? (["failed_attempt", "address_issue", "return"] as const)[i % 3]! : "smooth";
    const order = await insertOrder(db.orm, seller.id, {
      orderNumber: `B${i}`,
      customer: {
        email: `shopper${i}@example.com`,
        phone: "+15125550100",
        firstName: "Sam",
        locale: "en",
        timeZone: "America/Chicago",
      },
    });
    const trackingNumber = `1ZBENCH${String(i).padStart(9, "0")}`;
    const shipment = await insertShipment(db.orm, seller.id, {
      orderId: order!.id,
      carrier: "ups",
      trackingNumber,
    });
    const plan = planJourney(
      rand,
      kind,
      Date.parse("2026-03-02T14:00:00Z") + i * 60_000,
      louisville,
      memphis,
      austin,
      2,
    );
    journeys.push({ kind, shipmentId: shipment!.id, trackingNumber, events: plan.events });
  }

  const config = loadConfig({}, { smtpUrl, logLevel: "silent", publicUrl: "https://track.example.com" });
  // The worker `serve` runs: pg-boss jobs in the same database, woken by the commit's NOTIFY.
  const jobs = await startJobQueue(db, {
    ...(db.engine === "postgres"
      ? { connectionString: process.env.DATABASE_URL!, schema: `${schemaName}_jobs` }
      : {}),
    onError: (e) => process.stderr.write(`job queue: ${e.message}\n`),
  });
  const worker = await startWorker(db, jobs, {
    onError: (e) => process.stderr.write(`worker: ${e.message}\n`),
    notifications: { ...notificationJobOptions(config), rulesEverySeconds: 3_600, gapsEverySeconds: 3_600 },
  });
  const stop = async () => {
    await worker.stop();
    await jobs.stop({ graceful: false });
  };
  const started = performance.now();
  const longest = Math.max(...journeys.map((j) => j.events.length));
  for (let step = 0; step < longest; step++) {
    for (const j of journeys) {
      const event = j.events[step];
      if (!event) continue;
      const body = JSON.stringify({
        events: [{ ...(event as object), carrier: "ups", trackingNumber: j.trackingNumber }],
      });
      await ingest(db, seller.id, {
        source: "api",
        contentType: "application/json",
        body: Buffer.from(body),
      });
      // Each scan arrives as its own I/O event, as webhooks do. Without this turn of the event loop, embedded
      // PGlite resolves every query in microtasks and the worker's timers would never get to run.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  for (let i = 0; i < 600; i++) {
    const [left] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notifications WHERE status IN ('queued', 'sending')",
    );
    if (left!.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  await stop();

  const perKind = await db.query<{ smooth: boolean; shipments: number; messages: number; scans: number }>(
    `SELECT (j.kind = 'smooth') AS smooth, count(DISTINCT s.id)::int AS shipments,
       sum((SELECT count(*) FROM notifications n WHERE n.shipment_id = s.id AND n.status = 'sent' AND n.audience = 'shopper'))::int AS messages,
       sum(s.event_count)::int AS scans
     FROM shipments s JOIN jsonb_to_recordset($1::jsonb) AS j(id uuid, kind text) ON j.id = s.id
     WHERE s.status = 'delivered' GROUP BY 1`,
    [JSON.stringify(journeys.map((j) => ({ id: j.shipmentId, kind: j.kind })))],
  );
  const smooth = perKind.find((r) => r.smooth)!;
  const eventful = perKind.find((r) => !r.smooth);
  const latencies = (
    await db.query<{ s: number }>(
      "SELECT EXTRACT(EPOCH FROM (sent_at - decided_at))::float8 AS s FROM notifications WHERE status = 'sent' AND transport = 'smtp'",
    )
  ).map((r) => r.s);
  const byTrigger = await db.query<{ trigger: string; channel: string; n: number }>(
    "SELECT trigger, channel, count(*)::int AS n FROM notifications WHERE status = 'sent' GROUP BY 1, 2 ORDER BY 1, 2",
  );

  // Baseline: the same SMTP server, a bare nodemailer send (no ingest, no decision, no rendering).
  const bare = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 4 });
  const bareTimes: number[] = [];
  for (let i = 0; i < Math.min(200, latencies.length || 50); i++) {
    const t0 = performance.now();
    await bare.sendMail({ from: "a@example.com", to: "b@example.com", subject: "x", text: "x" });
    bareTimes.push((performance.now() - t0) / 1000);
  }
  bare.close();
  sink.stdin!.write("count\n");
  const received = Number(await nextLine());
  sink.stdin!.write("exit\n");
  if (db.engine === "postgres") {
    await db.query(`DROP SCHEMA ${schemaName} CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS ${schemaName}_jobs CASCADE`);
  }
  await db.close();

  const perDelivered = smooth.messages / smooth.shipments;
  const everyScan = smooth.scans / smooth.shipments;
  const latencyP95 = p95(latencies);
  const bareP95 = p95(bareTimes);
  console.log(
    `bench:notify — ${SHIPMENTS} simulated journeys on ${db.engine}, ${seconds.toFixed(1)} s, ${received} e-mails received by the SMTP server`,
  );
  console.log(`  uneventful journeys delivered: ${smooth.shipments}`);
  console.log(
    `  messages per delivered shipment: ${perDelivered.toFixed(2)} (goal ≤ 4)   every-scan notifier: ${everyScan.toFixed(2)}`,
  );
  if (eventful)
    console.log(
      `  eventful journeys delivered: ${eventful.shipments}, messages each: ${(eventful.messages / eventful.shipments).toFixed(2)}   every-scan: ${(eventful.scans / eventful.shipments).toFixed(2)}`,
    );
  console.log(`  sent by trigger: ${byTrigger.map((r) => `${r.trigger}/${r.channel} ${r.n}`).join(", ")}`);
  console.log(
    `  p95 ingest → SMTP hand-off: ${(latencyP95 * 1000).toFixed(0)} ms over ${latencies.length} e-mails (goal < 2000 ms)`,
  );
  console.log(`  baseline p95 bare SMTP send: ${(bareP95 * 1000).toFixed(1)} ms`);
  console.log(
    `BENCH ${JSON.stringify({
      bench: "notify",
      engine: db.engine,
      shipments: SHIPMENTS,
      messages_per_delivered: Number(perDelivered.toFixed(3)),
      baseline: "every_scan",
      baseline_messages_per_delivered: Number(everyScan.toFixed(3)),
      ratio: Number((perDelivered / everyScan).toFixed(3)),
      p95_handoff_ms: Math.round(latencyP95 * 1000),
      baseline_p95_bare_smtp_ms: Number((bareP95 * 1000).toFixed(1)),
      latency_ratio: Number((latencyP95 / bareP95).toFixed(1)),
    })}`,
  );
}

await main();
