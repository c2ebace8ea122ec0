/**
 * bench:ingest — normalized events through the full batch ingest path (store raw → normalize → dedupe → fold →
 * persist state → outbox, one transaction per batch) against a raw COPY of the same event rows into the same
 * table, same database, same run. PGlite by default; the PostgreSQL server too when DATABASE_URL is set.
 *
 *   npm run bench:ingest [-- --quick] [-- --events N --shipments M --batch B] [-- --eta] [-- --profile]
 *                        [-- --engine pglite|postgres]
 *
 * With --eta the seller has a trained delivery-window model (src/eta/live), so every batch also predicts the
 * changed shipments' windows and writes those that changed; without it the seller has none and the ingest path
 * only looks that up (one query per batch).
 *
 * It also reports the CPU seconds each side took (this process, and the backends of a PostgreSQL server on this
 * machine) and their ratio: on a shared machine they move much less than the rates.
 *
 * `--profile` also prints where the ingest time goes: each SQL statement's total time, and the rest (parsing,
 * folding, predicting, JSON) as "js".
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { from as copyFrom } from "pg-copy-streams";
import { eventFingerprint } from "../src/core/fingerprint.js";
import { openDatabase, type Database } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { createSeller } from "../src/db/repositories/sellers.js";
import { importHistory } from "../src/eta/live/import-history.js";
import { trainSellerModel } from "../src/eta/live/train-seller.js";
import { syntheticHistoryCsv } from "../src/eta/synthetic.js";
import { ingestMany } from "../src/ingest/ingest.js";
import { CpuTally } from "./proc-cpu.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    events: { type: "string" },
    shipments: { type: "string" },
    batch: { type: "string", default: "2000" },
    eta: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    engine: { type: "string" },
  },
});
const SHIPMENTS = Number(values.shipments ?? (values.quick ? 5_000 : 20_000));
const EVENTS = Number(values.events ?? (values.quick ? 50_000 : 200_000));
const BATCH = Number(values.batch);
const PER_SHIPMENT = Math.ceil(EVENTS / SHIPMENTS);

const STEPS = [
  ["info_received", "label_created", "MP", "Shipment information received"],
  ["in_transit", "picked_up", "PU", "Picked up"],
  ["in_transit", "departed_facility", "DP", "Departed facility"],
  ["in_transit", "arrived_at_facility", "AR", "Arrived at facility"],
  ["in_transit", "departed_facility", "DP", "Departed facility"],
  ["in_transit", "arrived_at_facility", "AR", "Arrived at destination facility"],
  ["out_for_delivery", null, "OD", "Out for delivery"],
  ["attempt_failed", "recipient_unavailable", "NA", "Delivery attempted"],
  ["out_for_delivery", null, "OD", "Out for delivery"],
  ["delivered", "signed", "DL", "Delivered"],
] as const;

interface BenchEvent {
  carrier: string;
  trackingNumber: string;
  occurredAt: string;
  code: string;
  description: string;
  location: { city: string; region: string; country: string };
  status: string;
  substatus: string | null;
}

/** Events as carriers deliver them: interleaved across shipments in time order, each shipment its own journey. */
function generateEvents(): BenchEvent[] {
  const events: BenchEvent[] = [];
  const base = Date.UTC(2026, 2, 1);
  for (let step = 0; step < PER_SHIPMENT; step++) {
    for (let s = 0; s < SHIPMENTS && events.length < EVENTS; s++) {
      const [status, substatus, code, description] = STEPS[step % STEPS.length]!;
      events.push({
        carrier: "ups",
        trackingNumber: `1ZBENCH${String(s).padStart(10, "0")}`,
        occurredAt: new Date(base + s * 1000 + step * 7_200_000).toISOString(),
        code,
        description,
        location: { city: `City ${s % 97}`, region: "KY", country: "US" },
        status,
        substatus,
      });
    }
  }
  return events;
}

const csvField = (v: string | number | boolean | null) =>
  v === null ? "" : typeof v === "string" ? `"${v.replace(/"/g, '""')}"` : String(v);

/** The rows the ingest path would write, as CSV for COPY (same columns, same values, same fingerprints). */
function copyCsv(
  sellerId: string,
  shipmentIds: Map<string, string>,
  events: BenchEvent[],
  rawPayloadIds: readonly number[],
): string {
  const lines: string[] = [];
  for (const [i, e] of events.entries()) {
    const occurredAt = new Date(e.occurredAt);
    const fingerprint = eventFingerprint({ ...e, occurredAt, code: e.code, location: e.location });
    lines.push(
      [
        sellerId,
        shipmentIds.get(e.trackingNumber)!,
        fingerprint,
        e.occurredAt,
        null,
        "+00:00",
        false,
        e.code,
        e.description,
        e.location.city,
        e.location.region,
        null,
        e.location.country,
        null,
        e.status,
        e.substatus,
        false,
        rawPayloadIds[Math.floor(i / BATCH)]!,
        "api",
      ]
        .map(csvField)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

const COPY_SQL = `COPY tracking_events (seller_id, shipment_id, fingerprint, occurred_at, local_time, utc_offset, zone_guessed,
  code, description, location_city, location_region, location_postal, location_country, location_text, status, substatus,
  unmapped, raw_payload_id, source) FROM STDIN WITH (FORMAT csv)`;

async function copyRows(db: Database, csv: string): Promise<void> {
  if (db.pglite) {
    await db.pglite.query(COPY_SQL.replace("STDIN", "'/dev/blob'"), [], { blob: new Blob([csv]) });
    return;
  }
  const client = await db.pool!.connect();
  try {
    await pipeline(Readable.from([csv]), client.query(copyFrom(COPY_SQL)));
  } finally {
    client.release();
  }
}

/**
 * A digest of the stored event rows, every column the two sides write except the raw payload they link to (each
 * side links its own): the bench checks that the COPY wrote exactly the rows the ingest path then writes.
 */
async function eventRowsDigest(db: Database): Promise<string> {
  const [row] = await db.query<{ digest: string }>(
    `SELECT md5(string_agg(concat_ws('|', seller_id, shipment_id, fingerprint, occurred_at, local_time, utc_offset,
       zone_guessed, code, description, location_city, location_region, location_postal, location_country,
       location_text, status, substatus, unmapped, raw_payload_id IS NULL, source), E'\\n' ORDER BY fingerprint))
       AS digest
     FROM tracking_events`,
  );
  return row!.digest;
}

/**
 * Starts counting the CPU the run spends: this process (all of PGlite's work; the client's with a server) and,
 * with a PostgreSQL server on this machine, the backends of the bench's database. CPU time moves much less than
 * throughput when other work shares the cores. The returned function stops counting and gives the seconds, or
 * null when the server's share cannot be read.
 */
async function startCpuTally(db: Database): Promise<() => Promise<number | null>> {
  const local =
    db.engine === "pglite" || /@(127\.0\.0\.1|localhost)[:/]/.test(process.env.DATABASE_URL ?? "");
  const backends = new CpuTally();
  const seeBackends = async () => {
    if (db.engine !== "postgres") return;
    const rows = await db.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
    );
    for (const { pid } of rows) backends.see(pid);
  };
  await seeBackends();
  backends.start();
  const own0 = process.cpuUsage();
  return async () => {
    const own = process.cpuUsage(own0);
    // The pool keeps its connections open, so the backends that did the work are still there to read.
    await seeBackends();
    backends.sample();
    return local ? (own.user + own.system) / 1e6 + backends.seconds() : null;
  };
}

/** Statement timings, keyed by the statement's first words. */
const profile = new Map<string, { calls: number; ms: number }>();

function statementLabel(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 70);
}

/** Wraps a database so every statement inside sessions is timed (only with --profile). */
function profiled(db: Database): Database {
  if (!values.profile) return db;
  return {
    ...db,
    query: db.query.bind(db),
    session: (fn) =>
      db.session((s) =>
        fn({
          ...s,
          query: async (text, params) => {
            const t0 = performance.now();
            try {
              return await s.query(text, params);
            } finally {
              const entry = profile.get(statementLabel(text)) ?? { calls: 0, ms: 0 };
              entry.calls += 1;
              entry.ms += performance.now() - t0;
              profile.set(statementLabel(text), entry);
            }
          },
        }),
      ),
  } as Database;
}

function printProfile(engine: string, totalSeconds: number): void {
  const rows = [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const sqlMs = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`profile (${engine}): ${Math.round(totalSeconds * 1000)} ms in all`);
  for (const [label, e] of rows)
    console.log(`  ${String(Math.round(e.ms)).padStart(7)} ms ${String(e.calls).padStart(5)}×  ${label}`);
  console.log(
    `  ${String(Math.round(totalSeconds * 1000 - sqlMs)).padStart(7)} ms        js (parse, fold, JSON)`,
  );
  profile.clear();
}

/**
 * How many shipment updates were HOT (in place, no index touched): the cost of the state UPDATE depends on it.
 * Each PostgreSQL connection reports its counts within a second of going idle.
 */
async function shipmentHotUpdates(db: Database): Promise<{ updates: number; hot: number }> {
  if (db.engine === "postgres") await new Promise((resolve) => setTimeout(resolve, 2_500));
  else await db.query("SELECT pg_stat_force_next_flush()");
  const [row] = await db.query<{ updates: number; hot: number }>(
    `SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables
     WHERE relid = 'shipments'::regclass`,
  );
  return row!;
}

async function runOn(engine: "pglite" | "postgres"): Promise<Record<string, unknown>> {
  const schemaName = `bench_${randomBytes(4).toString("hex")}`;
  const db =
    engine === "pglite"
      ? await openDatabase()
      : await openDatabase({ url: process.env.DATABASE_URL!, schemaName });
  try {
    await migrate(db);
    const seller = await createSeller(db.orm, { slug: "bench", name: "Bench" });
    if (values.eta) {
      // Not timed: a model trained on a small synthetic history (the bench's lanes fall back to its root nodes).
      await importHistory(db, seller.id, "bench.csv", [syntheticHistoryCsv({ orders: 1_500, seed: 5 })]);
      const trained = await trainSellerModel(db, seller.id, { repredict: false });
      if (trained.status !== "trained") throw new Error(`no model: ${trained.reason}`);
    }
    const events = generateEvents();
    // Shipments exist before events arrive (the seller registered them); creating them is not timed.
    const numbers = [...new Set(events.map((e) => e.trackingNumber))];
    await db.query(
      `INSERT INTO shipments (seller_id, carrier, tracking_number)
       SELECT $1, 'ups', value FROM jsonb_array_elements_text($2::jsonb)`,
      [seller.id, JSON.stringify(numbers)],
    );
    const ids = new Map(
      (
        await db.query<{ id: string; tracking_number: string }>("SELECT id, tracking_number FROM shipments")
      ).map((r) => [r.tracking_number, r.id]),
    );

    // Baseline: COPY the same rows into the same (empty) table, then empty it again. Like the path's rows, each
    // links to its batch's raw payload (so the COPY checks that foreign key too): stand-ins, stored untimed and
    // deleted afterwards, so the path stores its own payloads as new.
    const batches = Math.ceil(events.length / BATCH);
    const standIns = await db.query<{ id: number }>(
      `INSERT INTO raw_payloads (seller_id, source, content_type, body, content_hash, parse_status)
       SELECT $1, 'bench:copy', 'application/json', convert_to(n::text, 'UTF8'), md5(n::text), 'parsed'
       FROM generate_series(1, $2::int) AS n ORDER BY n RETURNING id`,
      [seller.id, batches],
    );
    const csv = copyCsv(
      seller.id,
      ids,
      events,
      standIns.map((r) => Number(r.id)),
    );
    const copyCpu = await startCpuTally(db);
    const c0 = performance.now();
    await copyRows(db, csv);
    const copySeconds = (performance.now() - c0) / 1000;
    const copyCpuSeconds = await copyCpu();
    const copiedRows = await eventRowsDigest(db);
    await db.query("TRUNCATE tracking_events");
    await db.query("DELETE FROM raw_payloads WHERE source = 'bench:copy'");

    // The ingest path: one raw payload per batch, as POST /v1/events/batch delivers them.
    const bodies: Buffer[] = [];
    for (let i = 0; i < events.length; i += BATCH)
      bodies.push(Buffer.from(JSON.stringify({ events: events.slice(i, i + BATCH) })));
    const ingestCpu = await startCpuTally(db);
    const t0 = performance.now();
    let added = 0;
    const ingestDb = profiled(db);
    for (const body of bodies) {
      const result = await ingestMany(
        ingestDb,
        seller.id,
        [{ source: "api", contentType: "application/json", body }],
        {
          createMissingShipments: false,
        },
      );
      added += result.eventsAdded;
    }
    const ingestSeconds = (performance.now() - t0) / 1000;
    const ingestCpuSeconds = await ingestCpu();
    if (values.profile) printProfile(engine, ingestSeconds);
    const [check] = await db.query<{
      delivered: number;
      outbox: number;
      predictions: number;
      history: number;
    }>(
      `SELECT (SELECT count(*)::int FROM shipments WHERE status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM shipment_predictions) AS predictions,
              (SELECT count(*)::int FROM shipment_prediction_history) AS history`,
    );
    if (added !== events.length) throw new Error(`ingested ${added} of ${events.length} events`);
    if ((await eventRowsDigest(db)) !== copiedRows)
      throw new Error("the COPY baseline did not write the rows the ingest path wrote");
    const hot = await shipmentHotUpdates(db);
    const eventsPerS = Math.round(events.length / ingestSeconds);
    const copyPerS = Math.round(events.length / copySeconds);
    return {
      bench: "ingest",
      engine,
      events: events.length,
      shipments: SHIPMENTS,
      batch: BATCH,
      events_per_s: eventsPerS,
      baseline: "copy",
      baseline_per_s: copyPerS,
      ratio: Math.round((eventsPerS / copyPerS) * 100) / 100,
      ingest_s: Math.round(ingestSeconds * 100) / 100,
      copy_s: Math.round(copySeconds * 100) / 100,
      ...(ingestCpuSeconds && copyCpuSeconds
        ? {
            ingest_cpu_s: Math.round(ingestCpuSeconds * 100) / 100,
            copy_cpu_s: Math.round(copyCpuSeconds * 100) / 100,
            cpu_ratio: Math.round((copyCpuSeconds / ingestCpuSeconds) * 100) / 100,
          }
        : {}),
      shipment_updates: hot.updates,
      shipment_hot_updates: hot.hot,
      delivered_shipments: check!.delivered,
      outbox_rows: check!.outbox,
      eta_model: values.eta,
      predictions: check!.predictions,
      prediction_history_rows: check!.history,
    };
  } finally {
    if (engine === "postgres") await db.query(`DROP SCHEMA ${schemaName} CASCADE`).catch(() => undefined);
    await db.close();
  }
}

// --engine runs one engine only (postgres needs DATABASE_URL); by default PGlite, then the server if one is set.
const engines: ("pglite" | "postgres")[] =
  values.engine === "pglite" || values.engine === "postgres"
    ? [values.engine]
    : process.env.DATABASE_URL
      ? ["pglite", "postgres"]
      : ["pglite"];
if (engines.includes("postgres") && !process.env.DATABASE_URL)
  throw new Error("--engine postgres needs DATABASE_URL");
const results = [];
for (const engine of engines) results.push(await runOn(engine));
for (const r of results) {
  console.log(
    `${String(r.engine).padEnd(8)} ingest ${r.events_per_s} events/s (${r.ingest_s} s)  copy ${r.baseline_per_s} rows/s (${r.copy_s} s)  ratio ${r.ratio}` +
      (r.cpu_ratio === undefined
        ? ""
        : `  |  cpu: ingest ${r.ingest_cpu_s} s, copy ${r.copy_cpu_s} s, ratio ${r.cpu_ratio}`),
  );
}
for (const r of results) console.log(`BENCH ${JSON.stringify(r)}`);
