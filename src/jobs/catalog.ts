/**
 * The job catalog: every queue Shipwatch runs, with the schema its payload must satisfy, its retry policy and
 * its singleton key. Senders and workers both go through this table, so a payload is validated where it is
 * made and a queue's policy lives in one place.
 */
import { z } from "zod";

export interface RetryPolicy {
  /** Attempts after the first. */
  limit: number;
  /** Seconds before the first retry; doubled (with jitter) each time when `backoff`. */
  delaySeconds: number;
  backoff: boolean;
  /** Longest wait between two attempts. */
  maxDelaySeconds?: number;
}

export interface JobDefinition<S extends z.ZodType> {
  schema: S;
  retry: RetryPolicy;
  /** How long one attempt may run before the queue takes the job back. */
  expireInSeconds: number;
  /** How long a finished job's row is kept (the raw payload and the ledger are the lasting record). */
  keepCompletedSeconds: number;
  /**
   * pg-boss queue policy: `short` keeps at most one queued job per singleton key, so a second "refresh now"
   * while one is waiting is absorbed instead of polling the carrier twice.
   */
  policy: "standard" | "short";
  /** Jobs with the same key are one job while queued (only with the `short` policy). */
  singletonKey?: (data: z.infer<S>) => string;
}

/** Declares a job (the identity function, for the types). */
function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** One verified webhook delivery, stored raw, waiting to be ingested. */
export const webhookDeliverySchema = z.object({
  rawPayloadId: z.number().int().positive(),
  sellerId: z.uuid(),
  receiptId: z.number().int().positive(),
  /** Epoch ms the delivery was received: receipt → committed state latency is measured from it. */
  receivedAt: z.number().int().positive(),
});

/**
 * Deliveries per `ingest-webhook` job at most. The intake writes one job per group-commit batch rather than one
 * per delivery: a job row, its claim and its completion are then shared by up to this many deliveries.
 */
export const WEBHOOK_JOB_MAX_DELIVERIES = 100;
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

const ingestWebhook = defineJob({
  schema: z.object({
    deliveries: z.array(webhookDeliverySchema).min(1).max(WEBHOOK_JOB_MAX_DELIVERIES),
  }),
  // Infrastructure failures only (a parse problem is data, recorded on the raw payload): retry for ~an hour.
  retry: { limit: 10, delaySeconds: 5, backoff: true, maxDelaySeconds: 900 },
  expireInSeconds: 300,
  keepCompletedSeconds: 3_600,
  policy: "standard",
});

const pollShipment = defineJob({
  schema: z.object({
    shipmentId: z.uuid(),
    sellerId: z.uuid(),
    reason: z.enum(["refresh", "scheduled"]),
  }),
  retry: { limit: 3, delaySeconds: 30, backoff: true, maxDelaySeconds: 600 },
  expireInSeconds: 120,
  keepCompletedSeconds: 86_400,
  policy: "short",
  singletonKey: (data) => `shipment:${data.shipmentId}`,
});

const createHelpdeskTicket = defineJob({
  schema: z.object({ ticketId: z.number().int().positive() }),
  // A helpdesk that is down or rate-limits us: keep trying for about a day (the ticket is found, never doubled).
  retry: { limit: 12, delaySeconds: 30, backoff: true, maxDelaySeconds: 3_600 },
  expireInSeconds: 120,
  keepCompletedSeconds: 86_400,
  policy: "short",
  singletonKey: (data) => `helpdesk-ticket:${data.ticketId}`,
});

const commerceWriteback = defineJob({
  schema: z.object({ writebackId: z.number().int().positive() }),
  // The platform may be down or rate-limiting for a while: retry over ~a day, then the write-back shows failed.
  retry: { limit: 10, delaySeconds: 30, backoff: true, maxDelaySeconds: 3_600 },
  expireInSeconds: 120,
  keepCompletedSeconds: 86_400,
  policy: "standard",
});

const etaRetrain = defineJob({
  schema: z.object({
    /** One seller; every seller with deliveries when absent (the daily schedule). */
    sellerId: z.uuid().optional(),
  }),
  // Training is deterministic: a failure is the database or a bug, worth two more tries later, not a storm.
  retry: { limit: 2, delaySeconds: 600, backoff: true, maxDelaySeconds: 3_600 },
  expireInSeconds: 3_600,
  keepCompletedSeconds: 7 * 86_400,
  policy: "short",
  singletonKey: (data) => `eta-retrain:${data.sellerId ?? "all"}`,
});

/**
 * The senders and the periodic passes of notifications and exceptions (src/notifications/jobs.ts). A sender job
 * drains what is due; it is sent on every commit that queues work (LISTEN/NOTIFY wake-up), at the next due time
 * (`at`, a retry's backoff, a burst window, quiet hours) and as a backstop every half minute. `short` keeps one
 * waiting job per key, so a thousand wake-ups while one waits are one job; a failure (the database away) is
 * retried within seconds, since every later wake-up waits behind the retrying job of its key.
 */
const drainSchema = z.object({
  /** Epoch seconds this run was scheduled for; absent: as soon as possible. */
  at: z.number().int().positive().optional(),
});
const drainKey = (data: z.infer<typeof drainSchema>) => (data.at ? `at:${data.at}` : "now");

const deliverNotifications = defineJob({
  schema: drainSchema,
  retry: { limit: 5, delaySeconds: 1, backoff: true, maxDelaySeconds: 30 },
  // A run stops claiming after ~20 s and hands over to a fresh job; sends in flight finish within their timeouts.
  expireInSeconds: 300,
  keepCompletedSeconds: 600,
  policy: "short",
  singletonKey: drainKey,
});

const deliverWebhooks = defineJob({
  schema: drainSchema,
  retry: { limit: 5, delaySeconds: 1, backoff: true, maxDelaySeconds: 30 },
  expireInSeconds: 300,
  keepCompletedSeconds: 600,
  policy: "short",
  singletonKey: drainKey,
});

/** A self-rescheduling pass: each run queues the next; a worker's backstop re-creates a broken chain. */
const periodicPass = () =>
  defineJob({
    schema: z.object({}),
    retry: { limit: 3, delaySeconds: 60, backoff: true, maxDelaySeconds: 900 },
    expireInSeconds: 1_800,
    keepCompletedSeconds: 86_400,
    policy: "short",
    singletonKey: () => "next",
  });

export const JOB_CATALOG = {
  "ingest-webhook": ingestWebhook,
  "poll-shipment": pollShipment,
  "deliver-notifications": deliverNotifications,
  "deliver-webhooks": deliverWebhooks,
  "evaluate-exception-rules": periodicPass(),
  "relearn-scan-gaps": periodicPass(),
  "eta-retrain": etaRetrain,
  "commerce-writeback": commerceWriteback,
  "create-helpdesk-ticket": createHelpdeskTicket,
} as const;

/** Recurring jobs (pg-boss schedules, cron in UTC), created by worker processes. */
export const JOB_SCHEDULES: readonly { name: JobName; key: string; cron: string; data: object }[] = [
  // Daily, at night in the Americas and early morning in Europe: models learn from yesterday's deliveries.
  { name: "eta-retrain", key: "daily", cron: "0 7 * * *", data: {} },
];

export type JobName = keyof typeof JOB_CATALOG;
export type JobData<N extends JobName> = z.infer<(typeof JOB_CATALOG)[N]["schema"]>;

export const JOB_NAMES = Object.keys(JOB_CATALOG) as JobName[];

/** Validates a payload against its job's schema (throws on a programming error: payloads are ours). */
export function parseJobData<N extends JobName>(name: N, data: unknown): JobData<N> {
  return JOB_CATALOG[name].schema.parse(data) as JobData<N>;
}

/** The singleton key of a payload, when its job has one. */
export function singletonKeyOf<N extends JobName>(name: N, data: JobData<N>): string | undefined {
  const key = JOB_CATALOG[name].singletonKey as ((data: JobData<N>) => string) | undefined;
  return key?.(data);
}
