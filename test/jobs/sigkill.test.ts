/**
 * Fault: a worker process (`shipwatch serve --role worker`, a real child process on the PostgreSQL server) is
 * killed with SIGKILL while it ingests a backlog of webhook jobs, then started again. No delivery is lost, no
 * job is left stuck, and no state transition or outbox row is written twice: each shipment's outbox rows form
 * one unbroken chain from `pending` to its final status. The restarted worker then drains on SIGTERM (exit 0).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../support/app.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "./support.js";
import { TEST_SECRET_KEY } from "../support/db.js";
import { scanBody, shipwatchHeaders } from "../webhooks/support.js";

const url = process.env.TEST_DATABASE_URL;
// CI runs the suite twice, on PGlite and then with TEST_DATABASE_URL; this test belongs to the second pass.
const runs = Boolean(url);
const SHIPMENTS = 800;
const STEPS = [
  "info_received",
  "in_transit",
  "out_for_delivery",
  "attempt_failed",
  "out_for_delivery",
  "delivered",
];
const TOTAL = SHIPMENTS * STEPS.length;

function startWorkerProcess(databaseUrl: string, jobsSchema: string): ChildProcess {
  return spawn(process.execPath, ["bin/shipwatch.js", "serve", "--role", "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SHIPWATCH_JOBS_SCHEMA: jobsSchema,
      // The key the test database's secrets are sealed with: a worker with another key refuses to start.
      SHIPWATCH_SECRET_KEY: TEST_SECRET_KEY,
      PORT: "0",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve({ code: child.exitCode, signal: child.signalCode })
      : child.once("exit", (code, signal) => resolve({ code, signal })),
  );

describe.skipIf(!runs)(
  runs
    ? "a worker killed with SIGKILL mid-batch"
    : "SIGKILL worker test (skipped: it needs TEST_DATABASE_URL, a PostgreSQL server; CI sets it)",
  () => {
    let t: JobsTestApp;
    const children: ChildProcess[] = [];
    beforeAll(async () => {
      if (!url)
        throw new Error(
          "this test needs TEST_DATABASE_URL (a PostgreSQL server): a worker process cannot share PGlite",
        );
      t = await createJobsTestApp();
    }, 120_000);
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
      await t?.close();
    });

    it("loses nothing and writes nothing twice", async () => {
      const seller = await t.seller("killed");
      const endpoint = await t.app.inject({
        method: "POST",
        url: "/v1/webhook-endpoints",
        headers: bearer(seller.keys.admin),
        payload: { source: "shipwatch" },
      });
      const secret = endpoint.json().secret as string;
      // The backlog: every delivery accepted (202) by the API before any worker runs.
      for (let step = 0; step < STEPS.length; step++) {
        for (let s = 0; s < SHIPMENTS; s += 100) {
          await Promise.all(
            Array.from({ length: 100 }, (_, i) => {
              const occurredAt = new Date(
                Date.UTC(2026, 2, 1) + (s + i) * 60_000 + step * 3_600_000,
              ).toISOString();
              const body = scanBody([
                {
                  trackingNumber: `1ZKILL${String(s + i).padStart(6, "0")}`,
                  occurredAt,
                  status: STEPS[step]!,
                  code: `S${step}`,
                },
              ]);
              return t.app
                .inject({
                  method: "POST",
                  url: "/hooks/killed/shipwatch",
                  payload: body,
                  headers: shipwatchHeaders(body, secret),
                })
                .then((res) => expect(res.statusCode).toBe(202));
            }),
          );
        }
      }
      const [{ schema }] = (await t.db.query<{ schema: string }>("SELECT current_schema() AS schema")) as [
        { schema: string },
      ];
      const childUrl = `${url}${url!.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const parsed = async () =>
        (
          await t.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM raw_payloads WHERE parse_status = 'parsed'",
          )
        )[0]!.n;
      const activeJobs = async () =>
        (
          await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${t.jobs.schema}.job WHERE state = 'active'`,
          )
        )[0]!.n;

      const first = startWorkerProcess(childUrl, t.jobs.schema);
      children.push(first);
      await eventually(async () => (await parsed()) >= TOTAL / 10, 60_000);
      first.kill("SIGKILL");
      expect((await exited(first)).signal).toBe("SIGKILL");
      // The batch in flight rolled back with the dead connection: nothing stays claimed, nothing half-written.
      await eventually(async () => (await activeJobs()) === 0, 30_000);
      expect(await parsed()).toBeLessThan(TOTAL);

      const second = startWorkerProcess(childUrl, t.jobs.schema);
      children.push(second);
      await eventually(async () => (await parsed()) === TOTAL, 120_000);
      second.kill("SIGTERM");
      expect(await exited(second)).toEqual({ code: 0, signal: null });

      // Every job completed, and every delivery was queued in exactly one of them.
      const [jobs] = await t.db.query<{ other: number; deliveries: number; distinct: number }>(
        `SELECT count(*) FILTER (WHERE j.state <> 'completed')::int AS other,
           count(d.id)::int AS deliveries, count(DISTINCT d.id)::int AS distinct
         FROM ${t.jobs.schema}.job j
         CROSS JOIN LATERAL (SELECT (x->>'rawPayloadId')::bigint AS id FROM jsonb_array_elements(j.data->'deliveries') x) d
         WHERE j.name = 'ingest-webhook'`,
      );
      expect(jobs).toEqual({ other: 0, deliveries: TOTAL, distinct: TOTAL });
      const [ledger] = await t.db.query<{ events: number; counted: number; delivered: number }>(
        `SELECT (SELECT count(*)::int FROM tracking_events) AS events,
           (SELECT sum(event_count)::int FROM raw_payloads) AS counted,
           (SELECT count(*)::int FROM shipments WHERE status = 'delivered' AND event_count = ${STEPS.length}) AS delivered`,
      );
      expect(ledger).toEqual({ events: TOTAL, counted: TOTAL, delivered: SHIPMENTS });

      const transitions = await t.db.query<{ aggregate_id: string; from: string; to: string }>(
        `SELECT aggregate_id, payload->>'from' AS "from", payload->>'to' AS "to" FROM outbox
         WHERE topic = 'shipment.status_changed' ORDER BY id`,
      );
      const chains = new Map<string, string[]>();
      for (const row of transitions) {
        const chain = chains.get(row.aggregate_id) ?? ["pending"];
        expect(row.from).toBe(chain.at(-1));
        chain.push(row.to);
        chains.set(row.aggregate_id, chain);
      }
      expect(chains.size).toBe(SHIPMENTS);
      for (const chain of chains.values()) expect(chain.at(-1)).toBe("delivered");
    }, 300_000);
  },
);
