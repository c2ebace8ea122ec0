/**
 * Webhook ingest jobs carry many deliveries: the intake writes one job per group-commit batch (at most
 * WEBHOOK_JOB_MAX_DELIVERIES each), and a delivery that cannot be ingested is split off into a job of its own,
 * so the others commit and only it retries and gives up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_JOB_MAX_DELIVERIES } from "../../src/jobs/catalog.js";
import { ReceiptWriter } from "../../src/ingest/webhooks/receipt-writer.js";
import { scanBody } from "../webhooks/support.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "./support.js";

let t: JobsTestApp;
let seller: Awaited<ReturnType<JobsTestApp["seller"]>>;
beforeAll(async () => {
  t = await createJobsTestApp();
  seller = await t.seller("batched");
});
afterAll(() => t.close());

interface JobRow {
  state: string;
  retry_count: number;
  data: { deliveries: { rawPayloadId: number }[] };
}
const webhookJobs = () =>
  t.db.query<JobRow>(
    `SELECT state, retry_count, data FROM ${t.jobs.schema}.job WHERE name = 'ingest-webhook' ORDER BY created_on, id`,
  );

const delivery = (n: number) => {
  const body = scanBody([
    {
      trackingNumber: `1ZBATCH${String(n).padStart(6, "0")}`,
      occurredAt: new Date(Date.UTC(2026, 2, 1, 8) + n * 60_000).toISOString(),
      status: "in_transit",
      code: "AR",
    },
  ]);
  return {
    sellerId: seller.id,
    source: "shipwatch",
    rawSource: "webhook:shipwatch",
    contentType: "application/json",
    body: Buffer.from(body),
    headers: {},
    receivedAt: new Date(),
    verdict: { ok: true as const, dedupeKey: `evt-${n}` },
  };
};

describe("webhook ingest jobs", () => {
  it("one job per group-commit batch, at most WEBHOOK_JOB_MAX_DELIVERIES deliveries each, every delivery once", async () => {
    const writer = new ReceiptWriter(t.db, t.jobs, { maxBatch: 500 });
    const count = 2 * WEBHOOK_JOB_MAX_DELIVERIES + 37;
    // Recorded in one turn of the event loop: one transaction.
    const recorded = await Promise.all(Array.from({ length: count }, (_, n) => writer.record(delivery(n))));
    expect(recorded.every((r) => r.outcome === "accepted")).toBe(true);

    const jobs = await webhookJobs();
    expect(jobs.map((j) => j.data.deliveries.length).sort((a, b) => b - a)).toEqual([
      WEBHOOK_JOB_MAX_DELIVERIES,
      WEBHOOK_JOB_MAX_DELIVERIES,
      37,
    ]);
    const queued = jobs.flatMap((j) => j.data.deliveries.map((d) => d.rawPayloadId)).sort((a, b) => a - b);
    expect(queued).toEqual(recorded.map((r) => r.rawPayloadId).sort((a, b) => a - b));

    // The same deliveries again: duplicates, nothing more queued.
    const again = await Promise.all(Array.from({ length: 5 }, (_, n) => writer.record(delivery(n))));
    expect(again.map((r) => r.outcome)).toEqual(Array(5).fill("duplicate"));
    expect(await webhookJobs()).toHaveLength(3);

    const worker = await t.startWorker({ webhookJobsPerBatch: 2 });
    await eventually(async () => (await webhookJobs()).every((j) => j.state === "completed"));
    await worker.stop();
    const [parsed] = await t.db.query<{ shipments: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM shipments WHERE seller_id = $1 AND status = 'in_transit') AS shipments,
         (SELECT count(*)::int FROM raw_payloads WHERE seller_id = $1 AND parse_status = 'pending') AS pending`,
      [seller.id],
    );
    expect(parsed).toEqual({ shipments: count, pending: 0 });
  });

  it("a delivery that fails is split off: the others commit, it retries alone and is marked when it gives up", async () => {
    await t.db.query(`DELETE FROM ${t.jobs.schema}.job WHERE name = 'ingest-webhook'`);
    // Retries without waiting: the catalog's backoff would make this test minutes long.
    await t.db.query(
      `UPDATE ${t.jobs.schema}.queue SET retry_limit = 1, retry_delay = 0, retry_backoff = false
       WHERE name = 'ingest-webhook'`,
    );
    const writer = new ReceiptWriter(t.db, t.jobs);
    const recorded = await Promise.all(
      Array.from({ length: 5 }, (_, n) => writer.record(delivery(1_000 + n))),
    );
    const poison = recorded[2]!.rawPayloadId;
    expect(await webhookJobs()).toHaveLength(1);
    // The database refuses to record the poison payload's outcome, as a broken row or a bug would.
    await t.db.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'cannot record payload %', NEW.id; END $$`);
    await t.db.query(`CREATE TRIGGER refuse_poison BEFORE UPDATE ON raw_payloads FOR EACH ROW
      WHEN (OLD.id = ${poison} AND NEW.parse_status <> 'failed') EXECUTE FUNCTION refuse_poison()`);
    try {
      const worker = await t.startWorker();
      await eventually(async () => (await webhookJobs()).some((j) => j.state === "failed"));
      await worker.stop();
    } finally {
      await t.db.query("DROP TRIGGER refuse_poison ON raw_payloads");
      await t.db.query("DROP FUNCTION refuse_poison()");
    }

    const jobs = await webhookJobs();
    expect(jobs.map((j) => ({ state: j.state, ids: j.data.deliveries.map((d) => d.rawPayloadId) }))).toEqual([
      { state: "completed", ids: recorded.map((r) => r.rawPayloadId) },
      { state: "failed", ids: [poison] },
    ]);
    expect(jobs[1]!.retry_count).toBe(1);
    const payloads = await t.db.query<{ id: number; parse_status: string; parse_error: string | null }>(
      "SELECT id, parse_status, parse_error FROM raw_payloads WHERE id = ANY($1::bigint[]) ORDER BY id",
      [recorded.map((r) => r.rawPayloadId)],
    );
    expect(payloads.filter((p) => p.id !== poison).map((p) => p.parse_status)).toEqual(
      Array(4).fill("parsed"),
    );
    const failed = payloads.find((p) => p.id === poison)!;
    expect(failed.parse_status).toBe("failed");
    expect(failed.parse_error).toMatch(/ingest job failed after 2 attempts: cannot record payload/);
  });
});
