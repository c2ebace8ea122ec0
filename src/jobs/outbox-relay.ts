/**
 * The outbox relay (DESIGN.md §4): domain events written to `outbox` in the transaction that decided them are
 * handed to their consumers here, which turn them into jobs in the same transaction as the row is marked
 * dispatched, so an event is dispatched exactly once even when several workers run the relay (rows are claimed with
 * SKIP LOCKED) or one crashes mid-batch (the transaction rolls back, the rows stay undispatched).
 * `dispatched_at` means: every consumer of its topic has it. Rows of topics nobody consumes are marked too.
 */
import type { Database, SqlSession } from "../db/client.js";
import type { JobQueue } from "./queue.js";

export interface OutboxEvent {
  id: number;
  sellerId: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** A consumer of domain events: turns the batch's events of its topics into its own rows and jobs. */
export interface OutboxConsumer {
  name: string;
  topics: readonly string[];
  dispatch(s: SqlSession, queue: JobQueue, events: readonly OutboxEvent[]): Promise<void>;
}

/** Dispatches one batch of undispatched events; returns how many rows it took. */
export async function relayOutboxOnce(
  db: Database,
  queue: JobQueue,
  consumers: readonly OutboxConsumer[],
  batchSize = 500,
): Promise<number> {
  return db.session(async (s) => {
    const rows = await s.query<{
      id: number;
      seller_id: string;
      topic: string;
      aggregate_id: string;
      payload: Record<string, unknown>;
    }>(
      `SELECT id, seller_id, topic, aggregate_id, payload FROM outbox WHERE dispatched_at IS NULL
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (rows.length === 0) return 0;
    const events = rows.map((r) => ({
      id: r.id,
      sellerId: r.seller_id,
      topic: r.topic,
      aggregateId: r.aggregate_id,
      payload: r.payload,
    }));
    for (const consumer of consumers) {
      const mine = events.filter((e) => consumer.topics.includes(e.topic));
      if (mine.length > 0) await consumer.dispatch(s, queue, mine);
    }
    await s.query(
      `UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1
       WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(rows.map((r) => r.id))],
    );
    return rows.length;
  });
}

/** Runs the relay every `everyMs` (at once again after a full batch); the result stops it and waits. */
export function startOutboxRelay(
  db: Database,
  queue: JobQueue,
  options: {
    consumers: readonly OutboxConsumer[];
    everyMs?: number;
    batchSize?: number;
    onError?: (error: Error) => void;
  },
): () => Promise<void> {
  const batchSize = options.batchSize ?? 500;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let full = false;
      try {
        full = (await relayOutboxOnce(db, queue, options.consumers, batchSize)) >= batchSize;
      } catch (error) {
        options.onError?.(error as Error);
      }
      if (!stopped) timer = setTimeout(tick, full ? 0 : (options.everyMs ?? 1_000));
    })();
  };
  timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
