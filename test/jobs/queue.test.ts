/**
 * The job queue on a real database: catalog validation, singleton keys for "refresh now", and the batch
 * consumer's guarantees — claim, work and completion commit together; a failing job is retried alone and, once
 * its retries are spent, stays failed and is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBatchConsumer } from "../../src/jobs/batch-consumer.js";
import type { ClaimedJob } from "../../src/jobs/queue.js";
import { bearer } from "../support/app.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "./support.js";

let t: JobsTestApp;
let seller: Awaited<ReturnType<JobsTestApp["seller"]>>;
beforeAll(async () => {
  t = await createJobsTestApp();
  seller = await t.seller("jobs");
});
afterAll(() => t.close());

const jobStates = async (name: string) =>
  t.db.query<{ state: string; retry_count: number; data: Record<string, unknown> }>(
    `SELECT state, retry_count, data FROM ${t.jobs.schema}.job WHERE name = $1 ORDER BY created_on`,
    [name],
  );

describe("job catalog", () => {
  it("refuses a payload its schema does not allow", async () => {
    await expect(
      t.jobs.send("poll-shipment", { shipmentId: "not-a-uuid", sellerId: seller.id, reason: "refresh" }),
    ).rejects.toThrow(/shipmentId/);
  });

  it("POST /v1/shipments/{id}/refresh queues one poll per shipment; a second refresh joins the waiting one", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/shipments",
      headers: bearer(seller.keys.write),
      payload: { trackingNumber: "1Z5R89390357567127" },
    });
    const id = created.json().id as string;
    const first = await t.app.inject({
      method: "POST",
      url: `/v1/shipments/${id}/refresh`,
      headers: bearer(seller.keys.write),
    });
    const second = await t.app.inject({
      method: "POST",
      url: `/v1/shipments/${id}/refresh`,
      headers: bearer(seller.keys.write),
    });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ shipmentId: id, queued: true, alreadyQueued: false, polled: false });
    expect(second.json()).toEqual({ shipmentId: id, queued: true, alreadyQueued: true, polled: false });
    expect((await jobStates("poll-shipment")).map((j) => j.state)).toEqual(["created"]);
    const unknown = await t.app.inject({
      method: "POST",
      url: "/v1/shipments/00000000-0000-4000-8000-000000000000/refresh",
      headers: bearer(seller.keys.write),
    });
    expect(unknown.statusCode).toBe(404);
    const readOnly = await t.app.inject({
      method: "POST",
      url: `/v1/shipments/${id}/refresh`,
      headers: bearer(seller.keys.read),
    });
    expect(readOnly.statusCode).toBe(403);
  });

  it("a worker runs the queued poll through the polling module (no carrier account: nothing to ask, job done)", async () => {
    const worker = await t.startWorker();
    await eventually(async () => (await jobStates("poll-shipment")).every((j) => j.state === "completed"));
    await worker.stop();
  });
});

describe("batch consumer", () => {
  it("completes the good jobs of a failing batch, retries the bad one alone, and records it once it gives up", async () => {
    const raw = await t.db.query<{ id: number }>(
      `INSERT INTO raw_payloads (seller_id, source, content_type, body, content_hash)
       SELECT $1, 'webhook:shipwatch', 'application/json', convert_to('{}', 'UTF8'), 'h' || g FROM generate_series(1, 5) g
       RETURNING id`,
      [seller.id],
    );
    const poison = raw[2]!.id;
    await t.db.session((s) =>
      t.jobs.sendMany(
        "ingest-webhook",
        raw.map((r, i) => ({
          deliveries: [{ rawPayloadId: r.id, sellerId: seller.id, receiptId: i + 1, receivedAt: Date.now() }],
        })),
        s,
      ),
    );
    // Retries without waiting: the catalog's backoff would make this test minutes long.
    await t.db.query(
      `UPDATE ${t.jobs.schema}.job SET retry_limit = 1, retry_delay = 0, retry_backoff = false WHERE name = 'ingest-webhook'`,
    );
    const handled: number[] = [];
    const gaveUp: number[] = [];
    const consumer = startBatchConsumer(t.db, t.jobs, {
      name: "ingest-webhook",
      batchSize: 10,
      concurrency: 1,
      idleMs: 20,
      async handle(s, jobs: readonly ClaimedJob<"ingest-webhook">[]) {
        const ids = jobs.flatMap((j) => j.data.deliveries.map((d) => d.rawPayloadId));
        if (ids.includes(poison)) throw new Error("cannot read this one");
        await s.query("UPDATE raw_payloads SET parse_status = 'parsed' WHERE id = ANY($1::bigint[])", [ids]);
        handled.push(...ids);
      },
      async onGaveUp(s, job, error) {
        const id = job.data.deliveries[0]!.rawPayloadId;
        gaveUp.push(id);
        await s.query("UPDATE raw_payloads SET parse_status = 'failed', parse_error = $2 WHERE id = $1", [
          id,
          error.message,
        ]);
      },
      onError: () => undefined,
    });
    await eventually(async () => gaveUp.length === 1);
    await consumer.stop();
    expect(handled.sort()).toEqual(
      raw
        .map((r) => r.id)
        .filter((id) => id !== poison)
        .sort(),
    );
    const states = await jobStates("ingest-webhook");
    expect(states.filter((j) => j.state === "completed")).toHaveLength(4);
    expect(states.find((j) => JSON.stringify(j.data).includes(`"rawPayloadId":${poison}`))).toMatchObject({
      state: "failed",
      retry_count: 1,
    });
    const [row] = await t.db.query<{ parse_status: string; parse_error: string }>(
      "SELECT parse_status, parse_error FROM raw_payloads WHERE id = $1",
      [poison],
    );
    expect(row).toEqual({ parse_status: "failed", parse_error: "cannot read this one" });
  });

  it("rolls a claim back with its transaction: the jobs are claimable again at once", async () => {
    const [raw] = await t.db.query<{ id: number }>(
      `INSERT INTO raw_payloads (seller_id, source, content_type, body, content_hash)
       VALUES ($1, 'webhook:shipwatch', 'application/json', convert_to('{}', 'UTF8'), 'rollback') RETURNING id`,
      [seller.id],
    );
    await t.jobs.send("ingest-webhook", {
      deliveries: [{ rawPayloadId: raw!.id, sellerId: seller.id, receiptId: 99, receivedAt: Date.now() }],
    });
    await expect(
      t.db.session(async (s) => {
        expect(await t.jobs.claim("ingest-webhook", 10, s)).toHaveLength(1);
        throw new Error("the worker died here");
      }),
    ).rejects.toThrow("the worker died here");
    const again = await t.db.session((s) => t.jobs.claim("ingest-webhook", 10, s));
    expect(again.map((j) => j.data.deliveries[0]!.rawPayloadId)).toEqual([raw!.id]);
    expect(again[0]!.retryCount).toBe(0);
  });
});
