/**
 * A worker: the consumers of the jobs in the catalog (notifications and exceptions when given their channels), the
 * recurring poller, the outbox relay and, when configured, the drop-folder watcher, in this process.
 * `shipwatch serve --role worker` (or `all`) runs one; stop() drains it — no new claims, the batches and poll
 * rounds in flight commit — before the queue closes.
 */
import { runCommerceWriteback, type CommerceDeps } from "../commerce/run-writeback.js";
import { commerceWritebackConsumer } from "../commerce/writeback-decide.js";
import type { Database } from "../db/client.js";
import { startNotificationJobs, type NotificationJobOptions } from "../notifications/jobs.js";
import { startDropFolders, type DropFoldersOptions } from "../ingest/files/drop-folders.js";
import { startPollLoop, type PollLoopOptions } from "../ingest/polling/poll-loop.js";
import { createPollerDeps, type PollerDeps } from "../ingest/polling/poll-shipment.js";
import { startBatchConsumer } from "./batch-consumer.js";
import { JOB_SCHEDULES, parseJobData, singletonKeyOf } from "./catalog.js";
import { runEtaRetrainJob } from "./eta-retrain.js";
import { deliveriesOf, markWebhookGaveUp, WebhookClaimSize, webhookJobHandler } from "./ingest-webhook.js";
import { jobsFinished, webhookToStateSeconds } from "./metrics.js";
import { guardedFetch } from "../notifications/outbound-http.js";
import { startOutboxRelay } from "./outbox-relay.js";
import { runPollShipmentJob } from "./poll-shipment.js";
import type { JobQueue } from "./queue.js";
import { queueHelpdeskTickets, runHelpdeskTicketJob } from "../helpdesk/tickets.js";

export interface WorkerOptions {
  /**
   * Webhook deliveries to aim for per ingest transaction (default 400): larger batches ingest faster per event,
   * smaller ones commit sooner. Jobs carry 1 to WEBHOOK_JOB_MAX_DELIVERIES deliveries each (one job per intake
   * transaction), so the number of jobs claimed follows the recent size of jobs.
   */
  webhookDeliveriesPerBatch?: number;
  /** A fixed number of webhook jobs per transaction instead (tests). */
  webhookJobsPerBatch?: number;
  /** Webhook batches in flight at once. Default 2 on PostgreSQL, 1 on PGlite (one connection). */
  webhookConcurrency?: number;
  /** How long an idle consumer waits before looking again (sends in this process wake it at once). */
  idleMs?: number;
  /** Refresh-now polls in flight at once. */
  pollConcurrency?: number;
  pollerDeps?: PollerDeps;
  /** Create the recurring jobs' schedules (default true; the queue fires them when started with `schedule`). */
  schedule?: boolean;
  /**
   * Run the notification, webhook and exception-rule jobs too, with these channels (serve passes the
   * configured ones). Left out, those queues wait for a worker that has them.
   */
  notifications?: NotificationJobOptions;
  /** Commerce write-backs: HTTP and where each platform is (tests and the demo point them at emulators). */
  commerce?: CommerceDeps;
  /** How often the outbox relay looks for undispatched domain events. Default 1 s. */
  relayEveryMs?: number;
  /** How often decided helpdesk tickets are moved to the queue. Default 2 s. */
  helpdeskEveryMs?: number;
  /** Let helpdesk calls reach loopback and private networks (SHIPWATCH_ALLOW_PRIVATE_WEBHOOK_TARGETS). */
  allowPrivateTargets?: boolean;
  /** The recurring poller (src/ingest/polling/poll-loop.ts); false turns it off. */
  pollLoop?: false | Omit<PollLoopOptions, "deps">;
  /** Watch this drop folder root (SHIPWATCH_DROP_DIR), with these settings. */
  dropFolders?: DropFoldersOptions;
  onError?: (error: Error) => void;
}

/**
 * Creates (or updates) the recurring jobs of JOB_SCHEDULES. Idempotent: every worker calls it at start, pg-boss
 * keeps one schedule per name and key, and only processes started with `schedule: true` fire them.
 */
export async function scheduleRecurringJobs(queue: JobQueue): Promise<void> {
  for (const s of JOB_SCHEDULES) {
    const data = parseJobData(s.name, s.data);
    const singletonKey = singletonKeyOf(s.name, data);
    await queue.boss.schedule(s.name, s.cron, data, {
      key: s.key,
      tz: "UTC",
      ...(singletonKey ? { singletonKey } : {}),
    });
  }
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
  const webhookClaims = new WebhookClaimSize(options.webhookDeliveriesPerBatch ?? 400);
  const webhooks = startBatchConsumer(db, queue, {
    name: "ingest-webhook",
    batchSize: options.webhookJobsPerBatch ?? (() => webhookClaims.jobs()),
    concurrency: options.webhookConcurrency ?? (db.engine === "pglite" ? 1 : 2),
    idleMs: options.idleMs ?? 500,
    handle: webhookJobHandler(queue),
    onGaveUp: markWebhookGaveUp,
    onCommitted(jobs) {
      const now = Date.now();
      let deliveries = 0;
      for (const job of jobs) {
        for (const delivery of deliveriesOf(job)) {
          webhookToStateSeconds.observe((now - delivery.receivedAt) / 1000);
          deliveries += 1;
        }
      }
      webhookClaims.saw(jobs.length, deliveries);
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

  // Retraining is CPU-bound and rare: one at a time per worker process.
  await queue.boss.work(
    "eta-retrain",
    {
      batchSize: 1,
      localConcurrency: 1,
      pollingIntervalSeconds: Math.max(0.5, (options.idleMs ?? 30_000) / 1000),
    },
    async ([job]) => {
      if (!job) return null;
      try {
        const result = await runEtaRetrainJob(db, parseJobData("eta-retrain", job.data), onError);
        jobsFinished.inc({ queue: "eta-retrain", outcome: "completed" });
        return result;
      } catch (error) {
        jobsFinished.inc({ queue: "eta-retrain", outcome: "retried" });
        throw error;
      }
    },
  );

  // Domain events → consumers' jobs (today: write-backs to Shopify and WooCommerce).
  const stopRelay = startOutboxRelay(db, queue, {
    consumers: [commerceWritebackConsumer],
    everyMs: options.relayEveryMs ?? 1_000,
    onError,
  });
  const commerceDeps = options.commerce ?? {};
  await queue.boss.work(
    "commerce-writeback",
    {
      batchSize: 1,
      localConcurrency: 2,
      includeMetadata: true,
      pollingIntervalSeconds: Math.max(0.5, (options.idleMs ?? 1_000) / 1000),
    },
    async ([job]) => {
      if (!job) return null;
      const { writebackId } = parseJobData("commerce-writeback", job.data);
      try {
        const outcome = await runCommerceWriteback(db, writebackId, commerceDeps, job);
        jobsFinished.inc({ queue: "commerce-writeback", outcome: "completed" });
        return { outcome };
      } catch (error) {
        jobsFinished.inc({ queue: "commerce-writeback", outcome: "retried" });
        throw error;
      }
    },
  );

  // Helpdesk tickets decided with their alerts become jobs here (alerts are decided where no queue is at hand).
  await queue.boss.work(
    "create-helpdesk-ticket",
    {
      batchSize: 1,
      includeMetadata: true,
      pollingIntervalSeconds: Math.max(0.5, (options.idleMs ?? 1_000) / 1000),
    },
    async ([job]) => {
      if (!job) return null;
      const { ticketId } = parseJobData("create-helpdesk-ticket", job.data);
      const outcome = await runHelpdeskTicketJob(db, ticketId, {
        lastAttempt: job.retryCount >= job.retryLimit,
        fetch: guardedFetch(options.allowPrivateTargets ?? false),
      });
      jobsFinished.inc({ queue: "create-helpdesk-ticket", outcome: "completed" });
      return { outcome };
    },
  );
  let stopped = false;
  let ticketTimer: NodeJS.Timeout | undefined;
  let ticketRun: Promise<unknown> = Promise.resolve();
  const pollTickets = () => {
    ticketRun = queueHelpdeskTickets(db, queue)
      .catch(onError)
      .finally(() => {
        if (!stopped) ticketTimer = setTimeout(pollTickets, options.helpdeskEveryMs ?? 2_000);
      });
  };
  pollTickets();

  if (options.schedule !== false) await scheduleRecurringJobs(queue);
  const notifications = options.notifications
    ? await startNotificationJobs(db, queue, { onError, ...options.notifications })
    : undefined;
  const poller =
    options.pollLoop === false
      ? undefined
      : startPollLoop(db, { onError, ...options.pollLoop, deps: pollerDeps });
  const drops = options.dropFolders ? startDropFolders(db, { onError, ...options.dropFolders }) : undefined;

  return {
    async stop() {
      stopped = true;
      clearTimeout(ticketTimer);
      await ticketRun;
      await Promise.all([
        webhooks.stop(),
        queue.boss.offWork("poll-shipment", { wait: true }),
        queue.boss.offWork("eta-retrain", { wait: true }),
        notifications?.stop(),
        stopRelay(),
        queue.boss.offWork("commerce-writeback", { wait: true }),
        queue.boss.offWork("create-helpdesk-ticket", { wait: true }),
        poller?.stop(),
        drops?.stop(),
      ]);
    },
  };
}
