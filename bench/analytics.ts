/**
 * bench:analytics — generates a seller with 1M shipments and 15M events in PostgreSQL (DATABASE_URL or
 * TEST_DATABASE_URL, in a schema of its own), rolls the analytics up, then reports the p95 latency of every
 * dashboard query: overview, search (each kind), exception queue, shipment detail, and the analytics report
 * for 30 and 90 days by each dimension. Baseline, same run: the 30-day carrier report computed straight from
 * the base tables (what the roll-ups save). `--quick`: 20k shipments, 10 events each.
 *
 *   npm run bench:analytics [-- --quick] [-- --shipments N --events-per-shipment K --runs R] [-- --keep] [-- --reuse]
 *
 * Generating 15M events takes a while: `--keep` leaves the bench schema in place and `--reuse` measures it again.
 */
import { parseArgs } from "node:util";
import { analyticsReport } from "../src/analytics/queries.js";
import { rollUpDays } from "../src/analytics/rollup.js";
import { openDatabase, type Database } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { listAlerts } from "../src/db/repositories/dashboard-alerts.js";
import {
  activeByStatus,
  lateAndAtRisk,
  movedTodayByStatus,
  openAlertsByKindAndAge,
} from "../src/db/repositories/dashboard-overview.js";
import { searchShipments } from "../src/db/repositories/dashboard-search.js";
import { createSeller, findSellerBySlug } from "../src/db/repositories/sellers.js";
import { eventsOfShipment } from "../src/db/repositories/shipments.js";
import { countWorld, generateWorld } from "./analytics/generate.js";
import { baselineCarrierReport } from "./analytics/baseline.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    shipments: { type: "string" },
    "events-per-shipment": { type: "string" },
    runs: { type: "string" },
    keep: { type: "boolean", default: false },
    reuse: { type: "boolean", default: false },
  },
});
const SHIPMENTS = Number(values.shipments ?? (values.quick ? 20_000 : 1_000_000));
const PER_SHIPMENT = Number(values["events-per-shipment"] ?? (values.quick ? 10 : 15));
const RUNS = Number(values.runs ?? (values.quick ? 10 : 30));
const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) {
  console.error("bench:analytics needs PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL");
  process.exit(2);
}

const SCHEMA = "bench_analytics";
const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

/** p95 of `runs` timed calls after warm-up, in milliseconds. */
async function p95(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await fn();
  if (runs >= RUNS) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Number(times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]!.toFixed(1));
}

async function main(): Promise<void> {
  if (!values.reuse) {
    const admin = await openDatabase({ url: url!, poolSize: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.close();
  }
  const db: Database = await openDatabase({ url: url!, schemaName: SCHEMA, poolSize: 4 });
  try {
    await migrate(db);
    let started = performance.now();
    const existing = values.reuse ? await findSellerBySlug(db.orm, "bench") : undefined;
    const seller =
      existing ??
      (await createSeller(db.orm, { slug: "bench", name: "Bench", settings: { timeZone: "UTC" } }));
    const counts = existing
      ? await countWorld(db, seller.id)
      : await generateWorld(db, seller.id, { shipments: SHIPMENTS, eventsPerShipment: PER_SHIPMENT });
    const generateS = (performance.now() - started) / 1000;
    console.log(
      `${existing ? "reused" : "generated"} ${counts.shipments} shipments, ${counts.events} events in ${generateS.toFixed(0)} s`,
    );
    started = performance.now();
    await rollUpDays(db, seller.id, day(200 * 86_400_000), day(-86_400_000));
    const rollupS = (performance.now() - started) / 1000;
    console.log(`rolled up 200 days in ${rollupS.toFixed(1)} s`);

    const [sample] = await db.query<{ id: string; tracking: string; order: string; email: string }>(
      `SELECT s.id, s.tracking_number AS tracking, o.order_number AS order, o.email FROM shipments s
       JOIN orders o ON o.id = s.order_id WHERE s.seller_id = $1 ORDER BY s.created_at DESC OFFSET 1000 LIMIT 1`,
      [seller.id],
    );
    const period30 = { from: day(30 * 86_400_000), to: day(0) };
    const period90 = { from: day(90 * 86_400_000), to: day(0) };
    const sid = seller.id;
    const queries: Record<string, () => Promise<unknown>> = {
      overview_moved_today: () => movedTodayByStatus(db, sid, "UTC"),
      overview_active: () => activeByStatus(db, sid),
      overview_alerts: () => openAlertsByKindAndAge(db, sid),
      overview_late_at_risk: () => lateAndAtRisk(db, sid),
      search_tracking_exact: () => searchShipments(db, sid, sample!.tracking),
      search_order_number: () => searchShipments(db, sid, sample!.order),
      search_email: () => searchShipments(db, sid, sample!.email),
      search_phone: () => searchShipments(db, sid, "555 000 1234"),
      search_name: () => searchShipments(db, sid, "Lucía"),
      queue_active: () => listAlerts(db, sid, {}),
      queue_filtered: () => listAlerts(db, sid, { kind: "late", carrier: "ups", minAgeHours: 24 }),
      detail_events: () => eventsOfShipment(db.orm, sample!.id),
    };
    for (const dimension of ["all", "carrier", "service", "lane", "warehouse"] as const) {
      queries[`analytics_30d_${dimension}`] = () => analyticsReport(db, sid, dimension, period30);
      queries[`analytics_90d_${dimension}`] = () => analyticsReport(db, sid, dimension, period90);
    }
    const figures: Record<string, number> = {};
    for (const [name, fn] of Object.entries(queries)) {
      figures[name] = await p95(fn);
      console.log(`${name.padEnd(28)} p95 ${figures[name]} ms`);
    }
    // The baseline takes seconds per call at full size: a few runs are enough to show the order of magnitude.
    const baseline = await p95(() => baselineCarrierReport(db, sid, period30), values.quick ? RUNS : 3);
    const worst = Math.max(...Object.values(figures));
    const report30 = figures.analytics_30d_carrier!;
    console.log(
      `baseline: 30-day carrier report from base tables p95 ${baseline} ms (roll-ups: ${report30} ms)`,
    );
    console.log(`worst dashboard query p95 ${worst} ms (goal < 200 ms)`);
    console.log(
      `BENCH ${JSON.stringify({
        bench: "analytics",
        engine: "postgres",
        shipments: counts.shipments,
        events: counts.events,
        generate_s: Number(generateS.toFixed(1)),
        rollup_s: Number(rollupS.toFixed(1)),
        p95_ms: figures,
        worst_p95_ms: worst,
        baseline: "30-day carrier report from base tables",
        baseline_p95_ms: baseline,
        ratio: Number((report30 / baseline).toFixed(4)),
      })}`,
    );
  } finally {
    if (!values.keep) await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await db.close();
  }
}

await main();
