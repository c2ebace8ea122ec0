/**
 * Records webhook deliveries: raw payloads, receipts and their ingest jobs, in one transaction. Deliveries arriving while
 * a write is in flight are grouped into the next one (group commit), so under load a few statements carry
 * hundreds of deliveries, and alone a delivery waits for nobody.
 *
 * Idempotency: a receipt is unique per (seller, source, provider event id — or content hash when the provider
 * sends none). A redelivery is counted on the first receipt and queues nothing; the same bytes are stored once.
 */
import { isUtf8 } from "node:buffer";
import type { Database, SqlSession } from "../../db/client.js";
import { WEBHOOK_JOB_MAX_DELIVERIES, type WebhookDelivery } from "../../jobs/catalog.js";
import type { JobQueue } from "../../jobs/queue.js";
import { contentHash } from "../raw-store.js";
import { webhookIntakeBatchSize, webhookIntakeSeconds } from "./metrics.js";

export interface DeliveryRecord {
  sellerId: string;
  /** The endpoint's source id (`easypost`, `shipwatch`). */
  source: string;
  /** The raw payload's source (`webhook:easypost`). */
  rawSource: string;
  contentType: string;
  body: Buffer;
  /** The body's content hash when the caller has it already (the writer computes it otherwise). */
  contentHash?: string;
  headers: Record<string, string>;
  receivedAt: Date;
  verdict: { ok: true; dedupeKey: string } | { ok: false; reason: string };
}

export interface RecordedDelivery {
  outcome: "accepted" | "duplicate" | "rejected";
  rawPayloadId: number;
  /** The receipt this delivery counts on (null for a rejected delivery). */
  receiptId: number | null;
}

interface Pending {
  delivery: DeliveryRecord;
  hash: string;
  resolve(result: RecordedDelivery): void;
  reject(error: unknown): void;
}

export interface ReceiptWriterOptions {
  /** Deliveries per transaction at most. */
  maxBatch?: number;
  /** Transactions in flight at once (PGlite runs one at a time anyway). */
  maxInFlight?: number;
}

const rawKey = (sellerId: string, source: string, hash: string) => `${sellerId}\u0000${source}\u0000${hash}`;
const receiptKey = (sellerId: string, source: string, dedupeKey: string) =>
  `${sellerId}\u0000${source}\u0000${dedupeKey}`;

/** Groups deliveries into transactions; `record` resolves once the delivery's transaction has committed. */
export class ReceiptWriter {
  private readonly pending: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly idle = new Set<() => void>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    options: ReceiptWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    // On a server, several transactions in flight keep the intake busy while each waits for its commit; a
    // larger group per transaction would make every delivery wait for the slowest of the group instead.
    this.maxInFlight = options.maxInFlight ?? (db.engine === "pglite" ? 1 : 4);
  }

  /** Stores the delivery (and queues its ingest when it is new and verified). */
  record(delivery: DeliveryRecord): Promise<RecordedDelivery> {
    return new Promise((resolve, reject) => {
      this.pending.push({
        delivery,
        hash: delivery.contentHash ?? contentHash(delivery.body),
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  /** Resolves once every delivery handed to `record` so far is written. */
  async drain(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    // Deliveries parsed in the same turn of the event loop join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    this.inFlight += 1;
    const started = performance.now();
    this.db
      .session((s) => writeBatch(s, this.queue, batch))
      .then(
        (results) => {
          webhookIntakeSeconds.observe((performance.now() - started) / 1000);
          webhookIntakeBatchSize.observe(batch.length);
          this.queue.wake("ingest-webhook");
          batch.forEach((p, i) => p.resolve(results[i]!));
        },
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight -= 1;
        if (this.pending.length > 0) this.schedule();
        else if (this.inFlight === 0) [...this.idle].forEach((done) => (this.idle.delete(done), done()));
      });
  }
}

/** Raw payloads, receipts and jobs for a batch, in the caller's transaction; results in batch order. */
async function writeBatch(
  s: SqlSession,
  queue: JobQueue,
  batch: readonly Pending[],
): Promise<RecordedDelivery[]> {
  const rawIds = await storeRawPayloads(s, batch);
  const rawIdOf = (p: Pending) => rawIds.get(rawKey(p.delivery.sellerId, p.delivery.rawSource, p.hash))!;

  // Accepted deliveries, one receipt row per (seller, source, dedupe key) even when a batch repeats one.
  const groups = new Map<string, Pending[]>();
  for (const p of batch) {
    if (!p.delivery.verdict.ok) continue;
    const key = receiptKey(p.delivery.sellerId, p.delivery.source, p.delivery.verdict.dedupeKey);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const receiptRows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, members]) => {
      const first = members[0]!;
      return {
        seller_id: first.delivery.sellerId,
        source: first.delivery.source,
        dedupe_key: (first.delivery.verdict as { dedupeKey: string }).dedupeKey,
        raw_payload_id: rawIdOf(first),
        deliveries: members.length,
        received_at: first.delivery.receivedAt.toISOString(),
      };
    });
  const receipts =
    receiptRows.length === 0
      ? []
      : await s.query<{ id: number; seller_id: string; source: string; dedupe_key: string; fresh: boolean }>(
          `INSERT INTO webhook_receipts (seller_id, source, dedupe_key, raw_payload_id, outcome, deliveries, received_at,
             last_delivery_at)
           SELECT x.seller_id, x.source, x.dedupe_key, x.raw_payload_id, 'accepted', x.deliveries, x.received_at, x.received_at
           FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, source text, dedupe_key text, raw_payload_id bigint,
             deliveries integer, received_at timestamptz)
           ON CONFLICT (seller_id, source, dedupe_key) WHERE dedupe_key IS NOT NULL
           DO UPDATE SET deliveries = webhook_receipts.deliveries + EXCLUDED.deliveries,
             last_delivery_at = GREATEST(webhook_receipts.last_delivery_at, EXCLUDED.last_delivery_at)
           RETURNING id, seller_id, source, dedupe_key, (xmax = 0) AS fresh`,
          [JSON.stringify(receiptRows)],
          { prepare: true },
        );
  const receiptOf = new Map(receipts.map((r) => [receiptKey(r.seller_id, r.source, r.dedupe_key), r]));

  const rejected = batch.filter((p) => !p.delivery.verdict.ok);
  if (rejected.length > 0) {
    await s.query(
      `INSERT INTO webhook_receipts (seller_id, source, raw_payload_id, outcome, reason, received_at, last_delivery_at)
       SELECT x.seller_id, x.source, x.raw_payload_id, 'rejected', x.reason, x.received_at, x.received_at
       FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, source text, raw_payload_id bigint, reason text,
         received_at timestamptz)`,
      [
        JSON.stringify(
          rejected.map((p) => ({
            seller_id: p.delivery.sellerId,
            source: p.delivery.source,
            raw_payload_id: rawIdOf(p),
            reason: (p.delivery.verdict as { reason: string }).reason.slice(0, 500),
            received_at: p.delivery.receivedAt.toISOString(),
          })),
        ),
      ],
    );
  }

  const results: RecordedDelivery[] = [];
  const jobs: WebhookDelivery[] = [];
  for (const p of batch) {
    const verdict = p.delivery.verdict;
    if (!verdict.ok) {
      results.push({ outcome: "rejected", rawPayloadId: rawIdOf(p), receiptId: null });
      continue;
    }
    const key = receiptKey(p.delivery.sellerId, p.delivery.source, verdict.dedupeKey);
    const receipt = receiptOf.get(key)!;
    // Only the first delivery of a fresh receipt queues the ingest; every other one is a redelivery.
    const first = groups.get(key)![0] === p;
    if (receipt.fresh && first) {
      jobs.push({
        rawPayloadId: rawIdOf(p),
        sellerId: p.delivery.sellerId,
        receiptId: receipt.id,
        receivedAt: p.delivery.receivedAt.getTime(),
      });
    }
    results.push({
      outcome: receipt.fresh && first ? "accepted" : "duplicate",
      rawPayloadId: rawIdOf(p),
      receiptId: receipt.id,
    });
  }
  // One job per WEBHOOK_JOB_MAX_DELIVERIES accepted deliveries, not one each: the queue's rows, claims and
  // completions are then a small share of the intake's work at any load.
  const batches = [];
  for (let i = 0; i < jobs.length; i += WEBHOOK_JOB_MAX_DELIVERIES) {
    batches.push({ deliveries: jobs.slice(i, i + WEBHOOK_JOB_MAX_DELIVERIES) });
  }
  await queue.sendMany("ingest-webhook", batches, s);
  return results;
}

/** Stores each distinct payload of the batch once (bytes already stored keep their row); returns ids by key. */
async function storeRawPayloads(s: SqlSession, batch: readonly Pending[]): Promise<Map<string, number>> {
  const distinct = new Map<string, Record<string, unknown>>();
  for (const p of batch) {
    const d = p.delivery;
    const key = rawKey(d.sellerId, d.rawSource, p.hash);
    if (distinct.has(key)) continue;
    // JSON carries text cheaply but cannot carry NUL; anything else travels as base64.
    const asText = isUtf8(d.body) && !d.body.includes(0);
    distinct.set(key, {
      seller_id: d.sellerId,
      source: d.rawSource,
      content_type: d.contentType,
      body_text: asText ? d.body.toString("utf8") : null,
      body_base64: asText ? null : d.body.toString("base64"),
      headers: d.headers,
      content_hash: p.hash,
      received_at: d.receivedAt.toISOString(),
      parse_status: d.verdict.ok ? "pending" : "rejected",
      parse_error: d.verdict.ok ? null : `webhook rejected: ${d.verdict.reason}`.slice(0, 2000),
    });
  }
  const rows = [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  const inserted = await s.query<{ id: number; seller_id: string; source: string; content_hash: string }>(
    `INSERT INTO raw_payloads (seller_id, source, content_type, body, headers, content_hash, received_at, parse_status,
       parse_error)
     SELECT x.seller_id, x.source, x.content_type, COALESCE(convert_to(x.body_text, 'UTF8'), decode(x.body_base64, 'base64')),
       x.headers, x.content_hash, x.received_at, x.parse_status, x.parse_error
     FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, source text, content_type text, body_text text,
       body_base64 text, headers jsonb, content_hash text, received_at timestamptz, parse_status text, parse_error text)
     ON CONFLICT (seller_id, source, content_hash) DO NOTHING
     RETURNING id, seller_id, source, content_hash`,
    [JSON.stringify(rows)],
    { prepare: true },
  );
  const ids = new Map(inserted.map((r) => [rawKey(r.seller_id, r.source, r.content_hash), r.id]));
  const known = [...distinct.entries()].filter(([key]) => !ids.has(key)).map(([, row]) => row);
  if (known.length > 0) {
    const existing = await s.query<{ id: number; seller_id: string; source: string; content_hash: string }>(
      `SELECT r.id, r.seller_id, r.source, r.content_hash FROM raw_payloads r
       JOIN jsonb_to_recordset($1::jsonb) AS k(seller_id uuid, source text, content_hash text)
         ON r.seller_id = k.seller_id AND r.source = k.source AND r.content_hash = k.content_hash`,
      [
        JSON.stringify(
          known.map((r) => ({ seller_id: r.seller_id, source: r.source, content_hash: r.content_hash })),
        ),
      ],
    );
    for (const r of existing) ids.set(rawKey(r.seller_id, r.source, r.content_hash), r.id);
  }
  return ids;
}
