/**
 * The `ingest-webhook` job: a verified delivery, already stored raw, goes through the ingest path (normalize →
 * dedupe → fold → persist → outbox). Jobs arrive in batches and every seller's payloads of a batch are ingested
 * in one call, inside the batch's transaction (see batch-consumer.ts).
 */
import { applyCommerceWebhooks, type StoredCommercePayload } from "../commerce/apply-webhooks.js";
import { isCommerceSource } from "../commerce/platforms.js";
import type { SqlSession } from "../db/client.js";
import { ingestInSession, type RawInput } from "../ingest/ingest.js";
import type { ClaimedJob } from "./queue.js";

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

/** Reads the stored payloads of the jobs and ingests them, seller by seller (a fixed order: no deadlocks). */
export async function ingestWebhookJobs(s: SqlSession, jobs: readonly IngestWebhookJob[]): Promise<void> {
  const rows = await s.query<StoredPayload>(
    `SELECT id, seller_id, source, content_type, body, headers, received_at FROM raw_payloads
     WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) ORDER BY id`,
    [JSON.stringify(jobs.map((j) => j.data.rawPayloadId))],
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
  for (const sellerId of [...bySeller.keys()].sort()) {
    await ingestInSession(s, sellerId, bySeller.get(sellerId)!);
  }
}

/** A delivery whose job failed for good is marked on its raw payload, so it shows up and can be replayed. */
export async function markWebhookGaveUp(s: SqlSession, job: IngestWebhookJob, error: Error): Promise<void> {
  await s.query(
    `UPDATE raw_payloads SET parse_status = 'failed', parse_error = $2, parsed_at = now()
     WHERE id = $1 AND parse_status = 'pending'`,
    [
      job.data.rawPayloadId,
      `ingest job failed after ${job.retryCount + 1} attempts: ${error.message}`.slice(0, 2000),
    ],
  );
}
