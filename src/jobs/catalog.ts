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

const ingestWebhook = defineJob({
  schema: z.object({
    rawPayloadId: z.number().int().positive(),
    sellerId: z.uuid(),
    receiptId: z.number().int().positive(),
    /** Epoch ms the delivery was received: receipt → committed state latency is measured from it. */
    receivedAt: z.number().int().positive(),
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

export const JOB_CATALOG = {
  "ingest-webhook": ingestWebhook,
  "poll-shipment": pollShipment,
  "create-helpdesk-ticket": createHelpdeskTicket,
} as const;

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
