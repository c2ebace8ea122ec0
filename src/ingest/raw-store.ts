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
  /**
   * The tracking numbers the request that fetched this body asked for (a poll's `FetchedPayload`). Stored in
   * `headers` as `x-shipwatch-tracking-numbers` so a replay can hand them to the parser again.
   */
  trackingNumbers?: string[];
  /**
   * The id of this payload when it is already stored (a queued webhook, a replay): it is normalized again
   * instead of being stored a second time.
   */
  storedId?: number;
}

/** The stored-headers key that keeps a payload's requested tracking numbers (comma-separated). */
export const TRACKING_NUMBERS_HEADER = "x-shipwatch-tracking-numbers";

/**
 * The headers to store for an input: its own, minus any inbound copy of the tracking-numbers key (a webhook
 * sender must not choose it), plus its requested tracking numbers when it has any.
 */
export function headersToStore(input: RawInput): Record<string, string> {
  const headers = Object.fromEntries(
    Object.entries(input.headers ?? {}).filter(([k]) => k.toLowerCase() !== TRACKING_NUMBERS_HEADER),
  );
  const numbers = (input.trackingNumbers ?? []).filter((n) => n !== "");
  if (numbers.length) headers[TRACKING_NUMBERS_HEADER] = numbers.join(",");
  return headers;
}

/**
 * The requested tracking numbers of an input: given directly, else read back from its stored headers for a
 * `replay:` source or a stored `poll:` payload (headers we wrote). A webhook's headers come from its sender and
 * are never trusted for this.
 */
export function trackingNumbersOf(input: RawInput): string[] | undefined {
  if (input.trackingNumbers?.length) return input.trackingNumbers;
  const fromStorage =
    input.source.startsWith("replay:") || (input.storedId !== undefined && input.source.startsWith("poll:"));
  const stored = fromStorage ? input.headers?.[TRACKING_NUMBERS_HEADER] : undefined;
  const numbers = stored ? stored.split(",").map((n) => n.trim()) : [];
  return numbers.some((n) => n !== "") ? numbers.filter((n) => n !== "") : undefined;
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
      JSON.stringify(headersToStore(input)),
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

/** Records how parsing went; a payload parsed again (a replay) adds only the events it newly brought. */
export async function recordParseOutcomes(s: SqlSession, outcomes: readonly ParseOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await s.query(
    `UPDATE raw_payloads r SET parse_status = x.status, parse_error = x.error, event_count = r.event_count + x.event_count, parsed_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, error text, event_count integer)
     WHERE r.id = x.id`,
    [
      JSON.stringify(
        outcomes.map((o) => ({ id: o.id, status: o.status, error: o.error, event_count: o.eventCount })),
      ),
    ],
    { prepare: true },
  );
}
