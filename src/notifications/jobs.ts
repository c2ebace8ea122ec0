/**
 * Notifications and exceptions as pg-boss jobs, run by worker processes (`serve --role worker|all`):
 *   - deliver-notifications / deliver-webhooks drain what is due (deliver.ts, webhook-out.ts claim their rows
 *     with SKIP LOCKED, so runs on many workers share the work). A run is queued when a commit queues work (the
 *     0010 triggers NOTIFY `shipwatch_outbox`; every worker listens and queues a run, one waiting run absorbing
 *     the rest), at the next due time of what waits (retry backoff, burst window, quiet hours, an expired
 *     lease), and every half minute as a backstop for a missed NOTIFY.
 *   - evaluate-exception-rules (every 5 minutes) and relearn-scan-gaps (every 6 hours) reschedule themselves;
 *     the same backstop re-creates the chain if a run failed for good.
 * A crashed worker's job is retried by pg-boss after it expires; its half-sent messages are settled by the next
 * run from their hand-off mark (deliver.ts), so nothing is sent twice or lost.
 */
import { publicUrlOf, type Config } from "../config/index.js";
import type { Database } from "../db/client.js";
import { listenToChannel } from "../db/listen.js";
import { evaluateExceptionRules } from "../exceptions/evaluate.js";
import { relearnAllScanGaps } from "../exceptions/scan-gaps.js";
import type { JobName } from "../jobs/catalog.js";
import type { JobQueue } from "../jobs/queue.js";
import { channelsFromConfig } from "./channels-config.js";
import { deliverDueNotifications, type DeliveryDeps } from "./deliver.js";
import { deliverDueWebhooks } from "./webhook-out.js";

export const OUTBOX_CHANNEL = "shipwatch_outbox";

export interface NotificationJobOptions {
  /** Channels and sender settings (the configured SMTP/SMS, or the built-in outbox). */
  deps: DeliveryDeps;
  /** How long one sender run keeps claiming before it hands over to a fresh job. Default 20 s. */
  drainSeconds?: number;
  rulesEverySeconds?: number;
  gapsEverySeconds?: number;
  /** Outgoing webhooks and helpdesk actions may reach loopback and private networks. */
  allowPrivateWebhookTargets?: boolean;
  /** Backstop: how often this worker queues a run of each sender. Default 30 s. */
  backstopSeconds?: number;
  onError?: (error: Error) => void;
}

/** Sender settings from the configuration: the channels it names, links to its public URL. */
export function notificationJobOptions(config: Config): NotificationJobOptions {
  return {
    deps: {
      ...channelsFromConfig(config),
      publicUrl: publicUrlOf(config),
      mailFrom: config.mailFrom,
      leaseSeconds: config.notificationLeaseSeconds,
    },
    allowPrivateWebhookTargets: config.allowPrivateWebhookTargets,
  };
}

type Drain = "deliver-notifications" | "deliver-webhooks";

/** Registers the handlers of the four jobs with pg-boss and starts the wake-ups; stop() drains them. */
export async function startNotificationJobs(
  db: Database,
  queue: JobQueue,
  options: NotificationJobOptions,
): Promise<{ stop(): Promise<void> }> {
  const onError =
    options.onError ?? ((error: Error) => process.stderr.write(`notifications: ${error.message}\n`));
  const deps = options.deps;
  const drainMs = (options.drainSeconds ?? 20) * 1000;
  const every = {
    "evaluate-exception-rules": options.rulesEverySeconds ?? 300,
    "relearn-scan-gaps": options.gapsEverySeconds ?? 6 * 3_600,
  } as const;
  let stopping = false;
  // A run queued by this process and not started yet sees every row committed before it starts: further
  // wake-ups until then add nothing (a busy ingest commits hundreds of times a second). After a second the
  // run may have been taken by another worker, so a wake-up queues one again.
  const waiting: Record<Drain, number> = { "deliver-notifications": 0, "deliver-webhooks": 0 };
  const wake = (name: Drain) => {
    if (Date.now() - waiting[name] < 1_000) return;
    waiting[name] = Date.now();
    void queueRun(name);
  };
  const queueRun = (name: Drain, at?: Date) =>
    queue
      .send(
        name,
        at ? { at: Math.ceil(at.getTime() / 1000) } : {},
        undefined,
        at ? { startAfter: new Date(Math.ceil(at.getTime() / 1000) * 1000) } : {},
      )
      .catch((error: unknown) => {
        if (!stopping) onError(error as Error);
        return null;
      });
  const queueNext = (name: keyof typeof every, afterSeconds: number) =>
    queue
      .send(name, {}, undefined, { startAfter: new Date(Date.now() + afterSeconds * 1000) })
      .catch((error: unknown) => {
        if (!stopping) onError(error as Error);
        return null;
      });

  const handlers: Record<Drain | keyof typeof every, () => Promise<void>> = {
    async "deliver-notifications"() {
      waiting["deliver-notifications"] = 0;
      const batch = deps.batchSize ?? 100;
      const started = Date.now();
      let full = true;
      while (full && !stopping && Date.now() - started < drainMs)
        full = (await deliverDueNotifications(db, deps)).claimed >= batch;
      if (full) await queueRun("deliver-notifications");
      const next = await nextDue(
        db,
        `SELECT LEAST((SELECT min(send_after) FROM notifications WHERE status = 'queued'),
           (SELECT min(claimed_until) FROM notifications WHERE status = 'sending')) AS at`,
      );
      if (next) await queueRun("deliver-notifications", next);
    },
    async "deliver-webhooks"() {
      waiting["deliver-webhooks"] = 0;
      const started = Date.now();
      let full = true;
      while (full && !stopping && Date.now() - started < drainMs)
        full =
          (
            await deliverDueWebhooks(db, new Date(), {
              allowPrivateTargets: options.allowPrivateWebhookTargets,
            })
          ).claimed >= 50;
      if (full) await queueRun("deliver-webhooks");
      const next = await nextDue(
        db,
        `SELECT LEAST((SELECT min(next_attempt_at) FROM outgoing_webhook_deliveries WHERE status = 'pending'),
           (SELECT min(claimed_until) FROM outgoing_webhook_deliveries WHERE status = 'delivering')) AS at`,
      );
      if (next) await queueRun("deliver-webhooks", next);
    },
    async "evaluate-exception-rules"() {
      try {
        await evaluateExceptionRules(db);
      } finally {
        await queueNext("evaluate-exception-rules", every["evaluate-exception-rules"]);
      }
    },
    async "relearn-scan-gaps"() {
      try {
        await relearnAllScanGaps(db);
      } finally {
        await queueNext("relearn-scan-gaps", every["relearn-scan-gaps"]);
      }
    },
  };

  const unsubscribers: (() => void)[] = [];
  const names = Object.keys(handlers) as (keyof typeof handlers)[];
  for (const name of names) {
    const id = await queue.boss.work(
      name,
      { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2 },
      async () => {
        try {
          await handlers[name]();
        } catch (error) {
          onError(error as Error);
          throw error; // pg-boss retries the run per the catalog's policy
        }
      },
    );
    // A run queued by this process starts at once, not at the next poll.
    unsubscribers.push(queue.onWake(name as JobName, () => queue.boss.notifyWorker(id)));
  }

  const backstop = () => {
    void queueRun("deliver-notifications");
    void queueRun("deliver-webhooks");
    for (const name of Object.keys(every) as (keyof typeof every)[]) void queueNext(name, every[name]);
  };
  const stopListening = await listenToChannel(db, OUTBOX_CHANNEL, {
    onPayload(payload) {
      if (payload === "notifications" || payload === "webhooks")
        wake(payload === "notifications" ? "deliver-notifications" : "deliver-webhooks");
    },
    onReady: () => {
      void queueRun("deliver-notifications");
      void queueRun("deliver-webhooks");
    },
  });
  // First passes of the periodic jobs shortly after start (absorbed when a run is already waiting).
  for (const name of Object.keys(every) as (keyof typeof every)[]) void queueNext(name, 1);
  const timer = setInterval(backstop, (options.backstopSeconds ?? 30) * 1000);
  timer.unref();

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await stopListening();
      for (const unsubscribe of unsubscribers) unsubscribe();
      await Promise.all(names.map((name) => queue.boss.offWork(name, { wait: true })));
      deps.email.close?.();
    },
  };
}

/** The next due time a query returns, when it is in the future (what is due now is being drained). */
async function nextDue(db: Database, sql: string): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | string | null }>(sql);
  if (!row?.at) return null;
  const at = new Date(row.at);
  return at.getTime() > Date.now() ? at : null;
}
