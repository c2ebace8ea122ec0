/**
 * Raw first: every inbound payload is stored verbatim before anything reads it, so a parser bug or a
 * dispute never loses evidence. Payloads are immutable; only their parse outcome is recorded later.
 */
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import type { SqlSession } from "../db/client.js";

export interface RawInput {
  /** Where it came from: "api", "webhook:ups", "poll:fedex", "file:events.csv"... */
  source: string;
  contentType: string;
  body: Buffer;
  headers?: Record<string, string>;
  receivedAt?: Date;
}

export interface StoredRaw {
  id: number;
  /** True when this exact payload (same source, same bytes) was already stored. */
  duplicate: boolean;
}

export function contentHash(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

/** Stores a payload once per (seller, source, content hash) and returns its id. */
export async function storeRawPayload(
  s: SqlSession,
  sellerId: string,
  input: RawInput,
  parseStatus: "pending" | "rejected" = "pending",
  parseError: string | null = null,
): Promise<StoredRaw> {
  const hash = contentHash(input.body);
  // Text travels to the database several times faster than a bytea parameter; the stored bytes are identical.
  const asText = isUtf8(input.body);
  const inserted = await s.query<{ id: number }>(
    `INSERT INTO raw_payloads (seller_id, source, content_type, body, headers, content_hash, received_at, parse_status, parse_error)
     VALUES ($1, $2, $3, ${asText ? "convert_to($4::text, 'UTF8')" : "$4::bytea"}, $5::jsonb, $6, $7, $8, $9)
     ON CONFLICT (seller_id, source, content_hash) DO NOTHING RETURNING id`,
    [
      sellerId,
      input.source,
      input.contentType,
      asText ? input.body.toString("utf8") : input.body,
      JSON.stringify(input.headers ?? {}),
      hash,
      input.receivedAt ?? new Date(),
      parseStatus,
      parseError,
    ],
  );
  if (inserted[0]) return { id: inserted[0].id, duplicate: false };
  const existing = await s.query<{ id: number }>(
    "SELECT id FROM raw_payloads WHERE seller_id = $1 AND source = $2 AND content_hash = $3",
    [sellerId, input.source, hash],
  );
  return { id: existing[0]!.id, duplicate: true };
}

export interface ParseOutcome {
  id: number;
  status: "parsed" | "failed";
  error: string | null;
  eventCount: number;
}

/** Records how parsing went for each stored payload. */
export async function recordParseOutcomes(s: SqlSession, outcomes: readonly ParseOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await s.query(
    `UPDATE raw_payloads r SET parse_status = x.status, parse_error = x.error, event_count = x.event_count, parsed_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, error text, event_count integer)
     WHERE r.id = x.id`,
    [
      JSON.stringify(
        outcomes.map((o) => ({ id: o.id, status: o.status, error: o.error, event_count: o.eventCount })),
      ),
    ],
  );
}
