/**
 * The `ingest-webhook` job: verified deliveries, already stored raw, go through the ingest path (normalize →
 * dedupe → fold → persist → outbox). The intake writes one job per group-commit batch (up to
 * WEBHOOK_JOB_MAX_DELIVERIES deliveries); jobs are claimed in batches, and every seller's payloads of a batch
 * are ingested in one call, inside the batch's transaction (see batch-consumer.ts).
 *
 * A job carries many deliveries, so one that cannot be ingested must not hold back the others: when a job's
 * deliveries fail together, they are tried one by one, the good ones commit, and each failing one is queued
 * again as a job of its own, which then retries, and gives up, alone.
 */
import { applyCommerceWebhooks, type StoredCommercePayload } from "../commerce/apply-webhooks.js";
import { isCommerceSource } from "../commerce/platforms.js";
import type { SqlSession } from "../db/client.js";
import { ingestInSession, type RawInput } from "../ingest/ingest.js";
import { recordPushedChanges } from "../ingest/polling/pushed-changes.js";
import { WEBHOOK_JOB_MAX_DELIVERIES, type WebhookDelivery } from "./catalog.js";
import type { ClaimedJob, JobQueue } from "./queue.js";

type IngestWebhookJob = ClaimedJob<"ingest-webhook">;

interface StoredPayload {
  id: number;
  seller_id: string;
  source: string;
  content_type: string;
  body: Buffer | Uint8Array;
  headers: Record<string, string>;
  received_at: Date;
}

/**
 * The deliveries a job carries. Jobs queued before deliveries were grouped (one delivery, its fields at the
 * top level) may still wait in the queue after an upgrade; they are read as a job of one.
 */
export function deliveriesOf(job: { data: unknown }): WebhookDelivery[] {
  const data = job.data as { deliveries?: WebhookDelivery[] } & Partial<WebhookDelivery>;
  if (Array.isArray(data.deliveries)) return data.deliveries;
  return [data as WebhookDelivery];
}

/**
 * How many webhook jobs to claim so a batch holds about `target` deliveries. Jobs are as large as the intake's
 * group commits, which grow with the load (about 15 deliveries at 2,000 a second, one when quiet): a fixed job
 * count would starve the worker under load or make huge transactions. Follows a moving average of job sizes.
 */
export class WebhookClaimSize {
  private perJob = WEBHOOK_JOB_MAX_DELIVERIES / 4;

  constructor(
    private readonly target: number,
    private readonly maxJobs = 64,
  ) {}

  /** A power of two (pg-boss writes the claim's LIMIT into its statement: a few sizes, a few prepared statements). */
  jobs(): number {
    const wanted = Math.max(1, Math.min(this.maxJobs, this.target / this.perJob));
    return 2 ** Math.round(Math.log2(wanted));
  }

  /** A committed batch: `jobs` jobs carried `deliveries` deliveries. */
  saw(jobs: number, deliveries: number): void {
    if (jobs === 0) return;
    this.perJob = 0.7 * this.perJob + 0.3 * Math.max(1, deliveries / jobs);
  }
}

/** Ingests the jobs' deliveries; deliveries that fail alone are queued again as jobs of their own. */
export function webhookJobHandler(queue: JobQueue) {
  return async function ingestWebhookJobs(s: SqlSession, jobs: readonly IngestWebhookJob[]): Promise<void> {
    const deliveries = jobs.flatMap(deliveriesOf);
    await s.exec("SAVEPOINT shipwatch_webhooks");
    try {
      await ingestDeliveries(s, deliveries);
      await s.exec("RELEASE SAVEPOINT shipwatch_webhooks");
      return;
    } catch (error) {
      await s.exec("ROLLBACK TO SAVEPOINT shipwatch_webhooks");
      // A job of one delivery fails as a job: the queue retries it with backoff, then gives up on it.
      if (deliveries.length === 1) throw error;
    }
    const failed: WebhookDelivery[] = [];
    let lastError: unknown;
    for (const delivery of deliveries) {
      await s.exec("SAVEPOINT shipwatch_webhook");
      try {
        await ingestDeliveries(s, [delivery]);
        await s.exec("RELEASE SAVEPOINT shipwatch_webhook");
      } catch (error) {
        await s.exec("ROLLBACK TO SAVEPOINT shipwatch_webhook");
        failed.push(delivery);
        lastError = error;
      }
    }
    // Nothing went through: more likely the database than the data. The jobs retry as they are.
    if (failed.length === deliveries.length) throw lastError;
    await queue.sendMany(
      "ingest-webhook",
      failed.map((delivery) => ({ deliveries: [delivery] })),
      s,
    );
  };
}

/** Reads the stored payloads of the deliveries and ingests them, seller by seller (a fixed order: no deadlocks). */
async function ingestDeliveries(s: SqlSession, deliveries: readonly WebhookDelivery[]): Promise<void> {
  const rows = await s.query<StoredPayload>(
    `SELECT id, seller_id, source, content_type, body, headers, received_at FROM raw_payloads
     WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) ORDER BY id`,
    [JSON.stringify(deliveries.map((d) => d.rawPayloadId))],
    { prepare: true },
  );
  // A payload deleted since (its seller was removed) has nothing left to ingest.
  const bySeller = new Map<string, RawInput[]>();
  // Shopify and WooCommerce deliveries are orders and fulfillments, not scans: the commerce applier reads them.
  const commerce: StoredCommercePayload[] = [];
  for (const row of rows) {
    if (isCommerceSource(row.source)) {
      commerce.push({ ...row, body: Buffer.isBuffer(row.body) ? row.body : Buffer.from(row.body) });
      continue;
    }
    const inputs = bySeller.get(row.seller_id) ?? [];
    inputs.push({
      storedId: row.id,
      source: row.source,
      contentType: row.content_type,
      body: Buffer.isBuffer(row.body) ? row.body : Buffer.from(row.body),
      headers: row.headers,
      receivedAt: new Date(row.received_at),
    });
    bySeller.set(row.seller_id, inputs);
  }
  if (commerce.length > 0) await applyCommerceWebhooks(s, commerce);
  for (const sellerId of [...bySeller.keys()].sort())
    await ingestSellerDeliveries(s, sellerId, bySeller.get(sellerId)!);
}

/** Ingests one seller's stored webhook payloads and tells the poller which shipments they changed. */
export async function ingestSellerDeliveries(
  s: SqlSession,
  sellerId: string,
  inputs: readonly RawInput[],
): Promise<void> {
  const result = await ingestInSession(s, sellerId, [...inputs]);
  // Pushed scans are changes the poller did not see: its schedule counts from them (pushed-changes.ts). The
  // batch's newest receipt stands for all of them: its payloads arrived close together (a few intake batches).
  await recordPushedChanges(
    s,
    result.shipments.filter((x) => x.eventsAdded > 0).map((x) => x.id),
    new Date(Math.max(...inputs.map((i) => i.receivedAt?.getTime() ?? 0))),
  );
}

/** A job that failed for good: its deliveries are marked on their raw payloads, so they show up and can be replayed. */
export async function markWebhookGaveUp(s: SqlSession, job: IngestWebhookJob, error: Error): Promise<void> {
  await s.query(
    `UPDATE raw_payloads SET parse_status = 'failed', parse_error = $2, parsed_at = now()
     WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) AND parse_status = 'pending'`,
    [
      JSON.stringify(deliveriesOf(job).map((d) => d.rawPayloadId)),
      `ingest job failed after ${job.retryCount + 1} attempts: ${error.message}`.slice(0, 2000),
    ],
  );
}
