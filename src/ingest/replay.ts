/**
 * Replay: stored raw payloads are read again with today's adapters (after a mapping fix) and go through the
 * ingest path once more — without being stored again, with the same dedupe (fingerprints), and with events
 * already stored taking their new reading so shipment state is recomputed. Streams in id order, one page at a
 * time, one transaction per seller and page. Rejected deliveries (bad signatures) are never replayed.
 */
import type { ParseOutput } from "../core/events.js";
import type { Database } from "../db/client.js";
import { isFileSource, parseStoredFilePayload } from "./files/stored-file-payload.js";
import { ingestInSession, normalizerFor, type RawInput } from "./ingest.js";
import { TRACKING_NUMBERS_HEADER } from "./raw-store.js";

export interface ReplayFilter {
  since: Date;
  until?: Date;
  /** An exact source (`webhook:easypost`, `poll:ups`, `api`) or a carrier id (every `<kind>:<id>` source). */
  source?: string;
  sellerId?: string;
}

export interface ReplayProgress {
  total: number;
  payloads: number;
  failed: number;
  eventsAdded: number;
  shipmentsChanged: number;
  lastId: number;
}

interface StoredRow {
  id: number;
  seller_id: string;
  source: string;
  content_type: string;
  body: Buffer | Uint8Array;
  headers: Record<string, string>;
  received_at: Date;
}

// Shopify and WooCommerce deliveries are orders, not scans: no carrier adapter reads them, so they are not replayed.
const WHERE = `parse_status <> 'rejected' AND source NOT IN ('webhook:shopify', 'webhook:woocommerce')
  AND received_at >= $1 AND ($2::timestamptz IS NULL OR received_at < $2)
  AND ($3::text IS NULL OR source = $3 OR split_part(source, ':', 2) = $3) AND ($4::uuid IS NULL OR seller_id = $4)`;

function params(filter: ReplayFilter): unknown[] {
  return [filter.since, filter.until ?? null, filter.source ?? null, filter.sellerId ?? null];
}

/** How many stored payloads the filter selects. */
export async function countReplayable(db: Database, filter: ReplayFilter): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM raw_payloads WHERE ${WHERE}`,
    params(filter),
  );
  return row?.n ?? 0;
}

function toInput(row: StoredRow): RawInput {
  const numbers = row.headers[TRACKING_NUMBERS_HEADER];
  return {
    storedId: row.id,
    source: row.source,
    contentType: row.content_type,
    body: Buffer.isBuffer(row.body) ? row.body : Buffer.from(row.body),
    headers: row.headers,
    receivedAt: new Date(row.received_at),
    // Stored headers were sanitized when stored, so the requested numbers found there are ours.
    ...(numbers ? { trackingNumbers: numbers.split(",").filter((n) => n !== "") } : {}),
  };
}

/** Replays every payload the filter selects; `onProgress` is called after each page. */
export async function replayRawPayloads(
  db: Database,
  filter: ReplayFilter,
  options: { pageSize?: number; onProgress?: (progress: ReplayProgress) => void } = {},
): Promise<ReplayProgress> {
  const pageSize = options.pageSize ?? 500;
  const progress: ReplayProgress = {
    total: await countReplayable(db, filter),
    payloads: 0,
    failed: 0,
    eventsAdded: 0,
    shipmentsChanged: 0,
    lastId: 0,
  };
  for (;;) {
    const rows = await db.query<StoredRow>(
      `SELECT id, seller_id, source, content_type, body, headers, received_at FROM raw_payloads
       WHERE ${WHERE} AND id > $5 ORDER BY id LIMIT $6`,
      [...params(filter), progress.lastId, pageSize],
    );
    if (rows.length === 0) break;
    const bySeller = new Map<string, RawInput[]>();
    for (const row of rows)
      bySeller.set(row.seller_id, [...(bySeller.get(row.seller_id) ?? []), toInput(row)]);
    for (const [sellerId, inputs] of bySeller) {
      // File payloads are read by the file readers, which stream (async); read them before the transaction.
      const fileOutputs = new Map<number, ParseOutput>();
      for (const input of inputs)
        if (isFileSource(input.source)) fileOutputs.set(input.storedId!, await parseStoredFilePayload(input));
      const normalize = (input: RawInput) =>
        fileOutputs.get(input.storedId!) ?? normalizerFor(input.source)(input);
      const result = await db.session((s) =>
        ingestInSession(s, sellerId, inputs, { reinterpret: true, normalize }),
      );
      progress.eventsAdded += result.eventsAdded;
      progress.shipmentsChanged += result.shipments.filter((sh) => sh.statusChanged).length;
    }
    const ids = rows.map((r) => r.id);
    const [failed] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM raw_payloads
       WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) AND parse_status = 'failed'`,
      [JSON.stringify(ids)],
    );
    progress.failed += failed?.n ?? 0;
    progress.payloads += rows.length;
    progress.lastId = ids.at(-1)!;
    options.onProgress?.({ ...progress });
  }
  return progress;
}
