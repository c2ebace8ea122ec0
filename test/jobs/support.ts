/**
 * Test harness for the job queue: a real test database (PGlite, or a schema of its own on the server named by
 * TEST_DATABASE_URL) with pg-boss in a schema next to it, an app wired to that queue, and a seller with keys.
 */
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config/index.js";
import { createApiKey, type Scope } from "../../src/db/repositories/api-keys.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { startJobQueue, type JobQueue, type JobQueueOptions } from "../../src/jobs/queue.js";
import { startWorker, type Worker, type WorkerOptions } from "../../src/jobs/worker.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

/** Where the test's job queue lives: beside the test's own schema on PostgreSQL. */
export async function testQueueOptions(db: TestDatabase): Promise<JobQueueOptions> {
  if (db.engine === "pglite") return { onError: () => undefined };
  const [row] = await db.query<{ schema: string }>("SELECT current_schema() AS schema");
  return {
    connectionString: process.env.TEST_DATABASE_URL,
    schema: `${row!.schema}_jobs`,
    poolSize: 3,
    onError: () => undefined,
  };
}

export interface JobsTestApp {
  app: FastifyInstance;
  db: TestDatabase;
  jobs: JobQueue;
  seller(slug: string): Promise<{ id: string; slug: string; keys: Record<Scope, string> }>;
  startWorker(options?: WorkerOptions): Promise<Worker>;
  close(): Promise<void>;
}

/** `config` overrides settings (e.g. allowPrivateWebhookTargets for emulators on loopback). */
export async function createJobsTestApp(config: Partial<Config> = {}): Promise<JobsTestApp> {
  const db = await createTestDatabase();
  const queueOptions = await testQueueOptions(db);
  const jobs = await startJobQueue(db, queueOptions);
  const app = await buildApp(loadConfig({}, { logLevel: "silent", ...config }), { db, jobs });
  const workers: Worker[] = [];
  return {
    app,
    db,
    jobs,
    async seller(slug) {
      const seller = await createSeller(db.orm, { slug, name: slug });
      const keys = {} as Record<Scope, string>;
      for (const scope of ["read", "write", "admin"] as const) {
        keys[scope] = (
          await createApiKey(db.orm, { sellerId: seller.id, name: scope, scopes: [scope] })
        ).secret;
      }
      return { id: seller.id, slug, keys };
    },
    async startWorker(options = {}) {
      const worker = await startWorker(db, jobs, { idleMs: 50, onError: () => undefined, ...options });
      workers.push(worker);
      return worker;
    },
    async close() {
      await app.close();
      for (const worker of workers) await worker.stop();
      await jobs.stop({ graceful: false });
      if (queueOptions.schema) await db.query(`DROP SCHEMA IF EXISTS ${queueOptions.schema} CASCADE`);
      await db.destroy();
    },
  };
}

/** Waits until `check` returns true (polling the database), or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
