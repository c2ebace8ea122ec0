/**
 * The job queue: pg-boss in the same database as the ledger, in a schema of its own. On PGlite it runs on the
 * embedded instance (one process); on PostgreSQL it keeps a small pool of its own, so API and worker processes
 * share one queue. Every send is validated against the catalog, and can join the caller's transaction, so a
 * job exists exactly when the write that needs it commits.
 */
import { EventEmitter } from "node:events";
import { PgBoss, fromPglite, type Db, type JobWithMetadata } from "pg-boss";
import type { Database, SqlSession } from "../db/client.js";
import {
  JOB_CATALOG,
  JOB_NAMES,
  parseJobData,
  singletonKeyOf,
  type JobData,
  type JobName,
} from "./catalog.js";

export interface JobQueueOptions {
  /** PostgreSQL only: the server pg-boss connects to (the same database as `db`). */
  connectionString?: string;
  /** Schema of the queue's tables; default `shipwatch_jobs`. */
  schema?: string;
  /**
   * Run the queue's housekeeping (take back jobs of crashed workers, delete finished ones). Workers do; an
   * API-only process need not.
   */
  supervise?: boolean;
  /**
   * Run pg-boss's clock for recurring jobs (JOB_SCHEDULES): workers do. Off by default, so a process that only
   * sends jobs (the API role, tests) does not poll the schedule table.
   */
  schedule?: boolean;
  /** Connections of pg-boss's own pool (PostgreSQL). */
  poolSize?: number;
  /** Where background errors of the queue go (they never throw into a request). */
  onError?: (error: Error) => void;
}

export interface ClaimedJob<N extends JobName> {
  id: string;
  name: N;
  data: JobData<N>;
  retryCount: number;
  retryLimit: number;
}

export interface JobQueue {
  readonly boss: PgBoss;
  readonly schema: string;
  /** Enqueues one job (in `session`'s transaction when given); null when its singleton key absorbed it. */
  send<N extends JobName>(
    name: N,
    data: JobData<N>,
    session?: SqlSession,
    options?: { startAfter?: Date },
  ): Promise<string | null>;
  /** Enqueues many jobs of one kind in `session`'s transaction, in one statement. */
  sendMany<N extends JobName>(name: N, items: readonly JobData<N>[], session: SqlSession): Promise<void>;
  /** Claims up to `batchSize` jobs inside `session`'s transaction: they return to the queue if it rolls back. */
  claim<N extends JobName>(name: N, batchSize: number, session: SqlSession): Promise<ClaimedJob<N>[]>;
  complete(name: JobName, jobs: readonly ClaimedJob<JobName>[], session: SqlSession): Promise<void>;
  /** Fails a job: it is retried after its backoff, or stays failed once its retries are spent. */
  fail(name: JobName, job: ClaimedJob<JobName>, error: Error, session: SqlSession): Promise<void>;
  /** Wakes this process's consumers of `name` (after a commit that enqueued jobs). */
  wake(name: JobName): void;
  onWake(name: JobName, listener: () => void): () => void;
  stop(options?: { graceful?: boolean }): Promise<void>;
}

export const DEFAULT_JOBS_SCHEMA = "shipwatch_jobs";

/** pg-boss statements run inside one of our transactions go through this view of the session. */
function inSession(s: SqlSession): Db {
  return {
    // pg-boss's statements are a small fixed set per queue, run again and again: prepared, the server parses
    // and plans each once per connection.
    executeSql: async (text, values) => ({ rows: await s.query(text, values, { prepare: true }) }),
  };
}

/** Starts pg-boss on `db` (installing or upgrading its schema) and creates the catalog's queues. */
export async function startJobQueue(db: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
  const schema = options.schema ?? DEFAULT_JOBS_SCHEMA;
  const common = {
    schema,
    supervise: options.supervise ?? true,
    schedule: options.schedule ?? false,
    migrate: true,
    // Completed webhook jobs are deleted after an hour; check for them every five minutes, not once a day.
    maintenanceIntervalSeconds: 300,
  };
  let boss: PgBoss;
  if (db.engine === "pglite") {
    boss = new PgBoss({ ...common, db: fromPglite(db.pglite!), backend: "pglite" });
  } else {
    if (!options.connectionString) throw new Error("the job queue on PostgreSQL needs its connectionString");
    boss = new PgBoss({
      ...common,
      connectionString: options.connectionString,
      max: options.poolSize ?? 4,
      application_name: "shipwatch-jobs",
    });
  }
  const onError =
    options.onError ?? ((error: Error) => process.stderr.write(`job queue: ${error.message}\n`));
  boss.on("error", onError);
  await boss.start();
  for (const name of JOB_NAMES) await ensureQueue(boss, name);

  const wakeups = new EventEmitter();
  wakeups.setMaxListeners(0);
  return {
    boss,
    schema,
    async send(name, data, session, sendOptions = {}) {
      const valid = parseJobData(name, data);
      const singletonKey = singletonKeyOf(name, valid);
      const id = await boss.send(name, valid, {
        ...(singletonKey ? { singletonKey } : {}),
        ...(session ? { db: inSession(session) } : {}),
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
      });
      if (!session) wakeups.emit(name);
      return id;
    },
    async sendMany(name, items, session) {
      if (items.length === 0) return;
      const jobs = items.map((data) => {
        const valid = parseJobData(name, data);
        const singletonKey = singletonKeyOf(name, valid);
        return { data: valid, ...(singletonKey ? { singletonKey } : {}) };
      });
      await boss.insert(name, jobs, { db: inSession(session) });
    },
    async claim<N extends JobName>(name: N, batchSize: number, session: SqlSession) {
      const jobs: JobWithMetadata<unknown>[] = await boss.fetch(name, {
        batchSize,
        includeMetadata: true,
        db: inSession(session),
      });
      return jobs.map((job) => ({
        id: job.id,
        name,
        data: job.data as JobData<N>,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
      }));
    },
    async complete(name, jobs, session) {
      if (jobs.length === 0) return;
      await boss.complete(
        name,
        jobs.map((j) => ({ id: j.id, retryCount: j.retryCount })),
        null,
        { db: inSession(session) },
      );
    },
    async fail(name, job, error, session) {
      await boss.fail(
        name,
        { id: job.id, retryCount: job.retryCount },
        { message: error.message.slice(0, 2000) },
        { db: inSession(session) },
      );
    },
    wake(name) {
      wakeups.emit(name);
    },
    onWake(name, listener) {
      wakeups.on(name, listener);
      return () => wakeups.off(name, listener);
    },
    async stop(stopOptions = {}) {
      await boss.stop({ graceful: stopOptions.graceful ?? true, close: true, timeout: 30_000 });
    },
  };
}

async function ensureQueue(boss: PgBoss, name: JobName): Promise<void> {
  const definition = JOB_CATALOG[name];
  const settings = {
    retryLimit: definition.retry.limit,
    retryDelay: definition.retry.delaySeconds,
    retryBackoff: definition.retry.backoff,
    expireInSeconds: definition.expireInSeconds,
    deleteAfterSeconds: definition.keepCompletedSeconds,
  };
  // An existing queue takes the catalog's current policy (pg-boss cannot change a queue's type or cap).
  if (await boss.getQueue(name)) await boss.updateQueue(name, settings);
  else
    await boss.createQueue(name, {
      ...settings,
      policy: definition.policy,
      ...(definition.retry.maxDelaySeconds ? { retryDelayMax: definition.retry.maxDelaySeconds } : {}),
    });
  // pg-boss looks a queue up on first use through its own connection. On PGlite (one connection) that lookup
  // would wait forever behind the transaction a claim or send runs in, so it is made here, outside any.
  await boss.findJobs(name, { key: "shipwatch:warm-up" });
}
