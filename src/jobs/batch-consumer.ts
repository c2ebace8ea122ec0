/**
 * A batch consumer for jobs whose work is database writes (ingesting webhooks): each batch is claimed, handled
 * and completed in ONE transaction. A worker killed mid-batch therefore leaves nothing behind — no half-written
 * state, no job stuck "active" until it expires — and the jobs are claimable again the moment its connection
 * drops. A batch that throws is retried job by job (savepoints), so one bad job cannot hold back the others.
 */
import type { Database, SqlSession } from "../db/client.js";
import type { JobName } from "./catalog.js";
import { jobBatchSeconds, jobsFinished } from "./metrics.js";
import type { ClaimedJob, JobQueue } from "./queue.js";

export interface BatchConsumerOptions<N extends JobName> {
  name: N;
  /** Jobs claimed per transaction, or a function asked before each claim. */
  batchSize: number | (() => number);
  /** Batches in flight at once in this process. */
  concurrency: number;
  /** How long to wait before looking again when the queue is empty (a local send wakes it sooner). */
  idleMs: number;
  /** Does the work of the jobs inside the batch's transaction; throws to fail them. */
  handle(s: SqlSession, jobs: readonly ClaimedJob<N>[]): Promise<void>;
  /** Records a job that failed for good (its retries spent), in the same transaction. */
  onGaveUp?(s: SqlSession, job: ClaimedJob<N>, error: Error): Promise<void>;
  /** Called once a batch has committed. */
  onCommitted?(completed: readonly ClaimedJob<N>[]): void;
  onError(error: Error): void;
}

export interface BatchConsumer {
  /** Stops claiming and waits for the batches in flight to commit. */
  stop(): Promise<void>;
}

interface BatchOutcome<N extends JobName> {
  claimed: number;
  completed: ClaimedJob<N>[];
  failed: { job: ClaimedJob<N>; error: Error; gaveUp: boolean }[];
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** Starts `concurrency` claim loops for one queue. */
export function startBatchConsumer<N extends JobName>(
  db: Database,
  queue: JobQueue,
  options: BatchConsumerOptions<N>,
): BatchConsumer {
  let stopping = false;
  const sleepers = new Set<() => void>();
  const wakeAll = () => [...sleepers].forEach((wake) => wake());
  const unsubscribe = queue.onWake(options.name, wakeAll);
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(wake, ms);
      function wake() {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      }
      sleepers.add(wake);
    });

  async function runBatch(s: SqlSession): Promise<BatchOutcome<N>> {
    const size = typeof options.batchSize === "number" ? options.batchSize : options.batchSize();
    const jobs = await queue.claim(options.name, size, s);
    const outcome: BatchOutcome<N> = { claimed: jobs.length, completed: [], failed: [] };
    if (jobs.length === 0) return outcome;
    await s.exec("SAVEPOINT shipwatch_batch");
    try {
      await options.handle(s, jobs);
      await s.exec("RELEASE SAVEPOINT shipwatch_batch");
      outcome.completed = jobs;
    } catch {
      await s.exec("ROLLBACK TO SAVEPOINT shipwatch_batch");
      for (const job of jobs) {
        await s.exec("SAVEPOINT shipwatch_job");
        try {
          await options.handle(s, [job]);
          await s.exec("RELEASE SAVEPOINT shipwatch_job");
          outcome.completed.push(job);
        } catch (error) {
          await s.exec("ROLLBACK TO SAVEPOINT shipwatch_job");
          outcome.failed.push({ job, error: asError(error), gaveUp: job.retryCount >= job.retryLimit });
        }
      }
    }
    await queue.complete(options.name, outcome.completed, s);
    for (const { job, error, gaveUp } of outcome.failed) {
      await queue.fail(options.name, job, error, s);
      if (gaveUp) await options.onGaveUp?.(s, job, error);
    }
    return outcome;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const started = performance.now();
      let outcome: BatchOutcome<N>;
      try {
        outcome = await db.session(runBatch);
      } catch (error) {
        // The transaction rolled back: the jobs are back in the queue untouched. Wait, then try again.
        options.onError(asError(error));
        if (!stopping) await pause(1_000);
        continue;
      }
      if (outcome.claimed === 0) {
        if (!stopping) await pause(options.idleMs);
        continue;
      }
      jobBatchSeconds.observe((performance.now() - started) / 1000, { queue: options.name });
      jobsFinished.inc({ queue: options.name, outcome: "completed" }, outcome.completed.length);
      for (const { job, error, gaveUp } of outcome.failed) {
        jobsFinished.inc({ queue: options.name, outcome: gaveUp ? "failed" : "retried" });
        options.onError(
          new Error(`${options.name} job ${job.id} ${gaveUp ? "failed" : "will retry"}: ${error.message}`),
        );
      }
      options.onCommitted?.(outcome.completed);
    }
  }

  const loops = Array.from({ length: options.concurrency }, () => loop());
  return {
    async stop() {
      stopping = true;
      wakeAll();
      unsubscribe();
      await Promise.all(loops);
    },
  };
}
