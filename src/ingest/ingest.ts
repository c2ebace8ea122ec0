/**
 * The ingest path (DESIGN.md): store raw → normalize → dedupe → fold → persist state → outbox, all in one
 * transaction. A payload that cannot be understood is still stored, marked failed, and reported as data.
 */
import type { ParseError, ParseOutput } from "../core/events.js";
import { getCarrier } from "../carriers/registry.js";
import type { Database, SqlSession } from "../db/client.js";
import { writeAudit, type AuditEntry } from "./audit.js";
import { writeToLedger, type LedgerOptions, type ResultWithSource, type ShipmentOutcome } from "./ledger.js";
import { parseNormalizedJson } from "./normalized-json.js";
import {
  recordParseOutcomes,
  storeRawPayload,
  trackingNumbersOf,
  type ParseOutcome,
  type RawInput,
  type StoredRaw,
} from "./raw-store.js";

export type { RawInput } from "./raw-store.js";

export type Normalizer = (input: RawInput) => ParseOutput;

/**
 * How a source's payloads are read: `<kind>:<carrier>` sources (webhook:ups, poll:fedex, file:dhl_express…)
 * go through that carrier's adapter, with the input's requested tracking numbers as parse context (given, or
 * on a `replay:` source read back from the stored `x-shipwatch-tracking-numbers` header); everything else is
 * Shipwatch's normalized event JSON. File imports (`file:csv`, `file:edi214`) are read by src/ingest/files —
 * streamed, so asynchronously: the import and replay read them before calling ingest.
 */
export function normalizerFor(source: string): Normalizer {
  // Never read as normalized JSON, which would mark a good file payload failed: replay reads them first.
  if (source === "file:csv" || source === "file:edi214")
    return () => {
      throw new Error(`${source} payloads are read by the file readers (parseStoredFilePayload), not here`);
    };
  const [, kind, carrierId] = /^(webhook|poll|carrier|file|replay):([a-z0-9_]+)$/.exec(source) ?? [];
  const adapter = carrierId ? getCarrier(carrierId) : undefined;
  // A carrier's pushes need not look like its tracking answers (UPS Track Alert, FedEx push): its webhook reads them.
  const webhookParse = kind === "webhook" ? adapter?.webhook?.parse : undefined;
  if (webhookParse) return (input) => webhookParse(input.body);
  if (adapter)
    return (input) =>
      adapter.parse(input.body, input.contentType, { trackingNumbers: trackingNumbersOf(input) });
  return (input) => parseNormalizedJson(input.body.toString("utf8"));
}

export interface IngestOptions extends LedgerOptions {
  normalize?: Normalizer;
  /** Recorded in the audit log in the same transaction (writes through the API). */
  audit?: AuditEntry;
}

export interface IngestResult {
  rawPayloadIds: number[];
  duplicatePayloads: number;
  /** "failed" when nothing in the payloads could be understood (they are kept, marked failed). */
  parseStatus: "parsed" | "failed";
  eventsReceived: number;
  eventsAdded: number;
  duplicateEvents: number;
  errors: ParseError[];
  shipments: ShipmentOutcome[];
}

/** Ingests one raw payload for a seller. */
export function ingest(db: Database, sellerId: string, input: RawInput, options: IngestOptions = {}) {
  return ingestMany(db, sellerId, [input], options);
}

/** Ingests several raw payloads in one transaction (a worker's batch of webhook jobs, a file chunk). */
export function ingestMany(
  db: Database,
  sellerId: string,
  inputs: readonly RawInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  return db.session((s) => ingestInSession(s, sellerId, inputs, options));
}

/** Stores the payloads not stored yet, one after the other, in input order. */
async function storeAll(s: SqlSession, sellerId: string, inputs: readonly RawInput[]): Promise<StoredRaw[]> {
  const stored: StoredRaw[] = [];
  for (const input of inputs)
    stored.push(
      input.storedId === undefined
        ? await storeRawPayload(s, sellerId, input)
        : { id: input.storedId, duplicate: false },
    );
  return stored;
}

/** The ingest path inside an existing transaction. */
export async function ingestInSession(
  s: SqlSession,
  sellerId: string,
  inputs: readonly RawInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const items: ResultWithSource[] = [];
  const errors: ParseError[] = [];
  const outcomes: ParseOutcome[] = [];
  const rawPayloadIds: number[] = [];
  let duplicatePayloads = 0;
  // Raw first still holds: a payload commits with everything read from it, and one that cannot be parsed is kept,
  // marked failed. The database writes the payloads while this process parses them (adapters are pure, so
  // neither has to wait for the other).
  const storing = storeAll(s, sellerId, inputs);
  let outputs: ParseOutput[];
  try {
    outputs = inputs.map((input) => (options.normalize ?? normalizerFor(input.source))(input));
  } catch (error) {
    await storing.catch(() => undefined);
    throw error;
  }
  const storedAll = await storing;
  for (const [i, input] of inputs.entries()) {
    const stored = storedAll[i]!;
    const output = outputs[i]!;
    rawPayloadIds.push(stored.id);
    if (stored.duplicate) duplicatePayloads += 1;
    errors.push(...output.errors);
    const failed = output.results.length === 0 && output.errors.some((e) => e.code === "invalid_payload");
    outcomes.push({
      id: stored.id,
      status: failed ? "failed" : "parsed",
      error: failed
        ? output.errors
            .map((e) => e.message)
            .join("; ")
            .slice(0, 2000)
        : null,
      eventCount: 0,
    });
    for (const result of output.results)
      items.push({ result, rawPayloadId: stored.id, source: input.source });
  }

  const ledger = await writeToLedger(s, sellerId, items, options);
  for (const unknown of ledger.unknownShipments) {
    errors.push({
      code: "shipment_not_found",
      message: `no shipment ${unknown.carrier} ${unknown.trackingNumber}`,
      carrierCode: null,
      trackingNumber: unknown.trackingNumber,
    });
  }
  for (const outcome of outcomes) outcome.eventCount = ledger.eventsByPayload.get(outcome.id) ?? 0;
  await recordParseOutcomes(s, outcomes);
  if (options.audit) await writeAudit(s, { ...options.audit, sellerId });

  return {
    rawPayloadIds,
    duplicatePayloads,
    parseStatus: outcomes.every((o) => o.status === "failed") ? "failed" : "parsed",
    eventsReceived: ledger.eventsReceived,
    eventsAdded: ledger.eventsAdded,
    duplicateEvents: ledger.eventsReceived - ledger.eventsAdded,
    errors,
    shipments: ledger.shipments,
  };
}
