/**
 * A worker: the consumers of every job in the catalog, the recurring poller and, when configured, the drop-folder
 * watcher, in this process. `shipwatch serve --role worker` (or `all`) runs one; stop() drains it — no new claims,
 * the batches and poll rounds in flight commit — before the queue closes.
 */
import type { Database } from "../db/client.js";
import { startDropFolders, type DropFoldersOptions } from "../ingest/files/drop-folders.js";
import { startPollLoop, type PollLoopOptions } from "../ingest/polling/poll-loop.js";
import { createPollerDeps, type PollerDeps } from "../ingest/polling/poll-shipment.js";
import { startBatchConsumer } from "./batch-consumer.js";
import { parseJobData } from "./catalog.js";
import { ingestWebhookJobs, markWebhookGaveUp } from "./ingest-webhook.js";
import { jobsFinished, webhookToStateSeconds } from "./metrics.js";
import { runPollShipmentJob } from "./poll-shipment.js";
import type { JobQueue } from "./queue.js";

export interface WorkerOptions {
  /** Webhook jobs claimed per transaction; larger batches ingest faster per event. Default 200. */
  webhookBatchSize?: number;
  /** Webhook batches in flight at once. Default 2 on PostgreSQL, 1 on PGlite (one connection). */
  webhookConcurrency?: number;
  /** How long an idle consumer waits before looking again (sends in this process wake it at once). */
  idleMs?: number;
  /** Refresh-now polls in flight at once. */
  pollConcurrency?: number;
  pollerDeps?: PollerDeps;
  /** The recurring poller (src/ingest/polling/poll-loop.ts); false turns it off. */
  pollLoop?: false | Omit<PollLoopOptions, "deps">;
  /** Watch this drop folder root (SHIPWATCH_DROP_DIR), with these settings. */
  dropFolders?: DropFoldersOptions;
  onError?: (error: Error) => void;
}

export interface Worker {
  stop(): Promise<void>;
}

/** Starts consuming every queue of the catalog. */
export async function startWorker(
  db: Database,
  queue: JobQueue,
  options: WorkerOptions = {},
): Promise<Worker> {
  const onError = options.onError ?? ((error: Error) => process.stderr.write(`worker: ${error.message}\n`));
  const webhooks = startBatchConsumer(db, queue, {
    name: "ingest-webhook",
    batchSize: options.webhookBatchSize ?? 200,
    concurrency: options.webhookConcurrency ?? (db.engine === "pglite" ? 1 : 2),
    idleMs: options.idleMs ?? 500,
    handle: ingestWebhookJobs,
    onGaveUp: markWebhookGaveUp,
    onCommitted(jobs) {
      const now = Date.now();
      for (const job of jobs) webhookToStateSeconds.observe((now - job.data.receivedAt) / 1000);
    },
    onError,
  });

  const pollerDeps = options.pollerDeps ?? createPollerDeps();
  await queue.boss.work(
    "poll-shipment",
    {
      batchSize: 1,
      localConcurrency: options.pollConcurrency ?? 2,
      pollingIntervalSeconds: Math.max(0.5, (options.idleMs ?? 1_000) / 1000),
    },
    async ([job]) => {
      if (!job) return null;
      try {
        const result = await runPollShipmentJob(db, parseJobData("poll-shipment", job.data), pollerDeps);
        jobsFinished.inc({ queue: "poll-shipment", outcome: "completed" });
        return result;
      } catch (error) {
        jobsFinished.inc({ queue: "poll-shipment", outcome: "retried" });
        throw error;
      }
    },
  );

  const poller =
    options.pollLoop === false
      ? undefined
      : startPollLoop(db, { onError, ...options.pollLoop, deps: pollerDeps });
  const drops = options.dropFolders ? startDropFolders(db, { onError, ...options.dropFolders }) : undefined;

  return {
    async stop() {
      await Promise.all([
        webhooks.stop(),
        queue.boss.offWork("poll-shipment", { wait: true }),
        poller?.stop(),
        drops?.stop(),
      ]);
    },
  };
}
