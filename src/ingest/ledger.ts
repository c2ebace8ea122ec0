/**
 * The ledger write at the heart of ingest: resolve shipments, insert events (deduplicated by fingerprint),
 * fold the new events into each shipment's state, persist it and decide domain events into the outbox.
 * Runs inside the caller's transaction; set-based SQL (json_to_recordset) keeps it one round trip a step.
 * The batch's rows travel as `json`, not `jsonb`: they are read once, and json_to_recordset reads the text as it
 * goes where jsonb would first build (and key-sort) a binary copy of the whole document.
 */
import type { DeliveryWindow, NormalizedResult } from "../core/events.js";
import { eventFingerprint } from "../core/fingerprint.js";
import {
  applyEvent,
  canFoldIncrementally,
  canonicalTimeline,
  foldShipmentState,
  stateChanged,
  type FoldableEvent,
  type ShipmentState,
} from "../core/fold.js";
import { isStatus } from "../core/status.js";
import { normalizeTrackingNumber } from "../core/tracking-number.js";
import type { SqlSession } from "../db/client.js";
import { planPredictions, writePredictions } from "../eta/live/predictions.js";
import type { ScanPlace } from "../eta/live/shipment-input.js";
import { refreshOrderStages } from "./order-stages.js";
import {
  loadShipmentStates,
  persistShipmentStates,
  StateVersionConflict,
  type ShipmentRow,
} from "./shipment-state-store.js";

export interface ResultWithSource {
  result: NormalizedResult;
  rawPayloadId: number | null;
  source: string;
}

export interface LedgerOptions {
  /** Events are for this shipment whatever number they carry (POST /v1/shipments/{id}/events). */
  shipmentId?: string;
  /** Create shipments for tracking numbers not seen before (carrier pushes often come first). */
  createMissingShipments?: boolean;
  /**
   * A replay after a mapping fix: events already stored take this reading's status and sub-status, and the
   * shipments whose events read differently now are folded again from all their events.
   */
  reinterpret?: boolean;
  /** The time predictions are conditioned on ("not delivered before today"); default: the wall clock. */
  now?: Date;
  /**
   * When the events reached Shipwatch, if not now: a feed simulated or caught up after the fact (the demo). Their
   * `received_at` feeds the timeline's "received … after the scan" and the analytics' data freshness.
   */
  receivedAt?: Date;
}

export interface ShipmentOutcome {
  id: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  substatus: string | null;
  stateVersion: number;
  eventsAdded: number;
  statusChanged: boolean;
  /**
   * The delivery window in this batch's carrier answer for the shipment (null: the answer had none); absent when
   * the batch had no answer for it from an adapter that reads windows.
   */
  deliveryWindow?: DeliveryWindow | null;
}

export interface LedgerOutcome {
  eventsReceived: number;
  eventsAdded: number;
  /** Tracking numbers that matched no shipment (createMissingShipments off). */
  unknownShipments: { carrier: string; trackingNumber: string }[];
  shipments: ShipmentOutcome[];
  /** Events added per raw payload id, for the payload's parse outcome. */
  eventsByPayload: Map<number, number>;
}

interface PendingEvent extends FoldableEvent {
  shipmentKey: string;
  row: Record<string, unknown>;
}

const key = (carrier: string, trackingNumber: string) => `${carrier}\u0000${trackingNumber}`;

/** PostgreSQL's deadlock_detected: optimistic writers can wait on each other's rows in any order. */
const isDeadlock = (error: unknown) => (error as { code?: unknown } | null)?.code === "40P01";

/**
 * Writes parsed results into the ledger for one seller.
 *
 * Optimistically first: the shipments are read without locking them (a lock is a WAL record and a dirtied page
 * per shipment, before the UPDATE writes each row again), and the UPDATE writes only those still at the version
 * read. When another ingest got to one of them first (a conflict, or a deadlock between two such writers), the
 * attempt is rolled back to a savepoint and done again with the rows locked, which cannot conflict.
 */
export async function writeToLedger(
  s: SqlSession,
  sellerId: string,
  items: readonly ResultWithSource[],
  options: LedgerOptions = {},
): Promise<LedgerOutcome> {
  // PGlite runs one transaction at a time: nothing can come between reading a shipment and writing it.
  if (s.engine !== "postgres") return writeLedgerAttempt(s, sellerId, items, options, false);
  await s.query("SAVEPOINT ledger_optimistic");
  try {
    const outcome = await writeLedgerAttempt(s, sellerId, items, options, false);
    await s.query("RELEASE SAVEPOINT ledger_optimistic");
    return outcome;
  } catch (error) {
    if (!(error instanceof StateVersionConflict) && !isDeadlock(error)) throw error;
  }
  // Locked attempts cannot conflict, and two of them lock in the same (id) order, but one can still deadlock
  // with another transaction's optimistic attempt (which updates rows and inserts events in its own order);
  // PostgreSQL then aborts one of the two, either one. The optimistic one retries locked; so does this one.
  for (let attempt = 1; ; attempt++) {
    await s.query("ROLLBACK TO SAVEPOINT ledger_optimistic");
    try {
      return await writeLedgerAttempt(s, sellerId, items, options, true);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= LOCKED_ATTEMPTS) throw error;
    }
  }
}

/** Deadlocks only happen against optimistic attempts, which turn into locked ones: a few retries suffice. */
const LOCKED_ATTEMPTS = 5;

async function writeLedgerAttempt(
  s: SqlSession,
  sellerId: string,
  items: readonly ResultWithSource[],
  options: LedgerOptions,
  lockRows: boolean,
): Promise<LedgerOutcome> {
  const wanted = new Map<string, { carrier: string; trackingNumber: string }>();
  for (const { result } of items) {
    const tn = normalizeTrackingNumber(result.trackingNumber);
    wanted.set(key(result.carrier, tn), { carrier: result.carrier, trackingNumber: tn });
  }
  const loading = loadShipmentStates(s, sellerId, [...wanted.values()], { ...options, lockRows });
  // The lookup is on its way: build the event rows meanwhile. Their fingerprints need only the carrier and the
  // number, which are the shipment's own — except for events posted to one shipment id, built once it is read.
  let prepared: PreparedItem[] | undefined;
  try {
    if (!options.shipmentId) prepared = prepareEvents(items);
  } catch (error) {
    await loading.catch(() => undefined);
    throw error;
  }
  const shipments = await loading;
  const byKey = new Map<string, ShipmentRow>();
  for (const row of shipments) byKey.set(key(row.carrier, row.trackingNumber), row);
  const only = options.shipmentId ? shipments[0] : undefined;
  prepared ??= prepareEvents(items, only);

  // Attach each event to its shipment, deduplicated within the batch by fingerprint.
  const pending = new Map<string, PendingEvent>();
  const unknown = new Map<string, { carrier: string; trackingNumber: string }>();
  let received = 0;
  for (const item of prepared) {
    const shipment = only ?? byKey.get(item.key);
    received += item.received;
    if (!shipment) {
      unknown.set(item.key, { carrier: item.carrier, trackingNumber: item.trackingNumber });
      continue;
    }
    for (const event of item.events) {
      if (pending.has(event.fingerprint)) continue;
      event.shipmentKey = shipment.id;
      event.row.shipment_id = shipment.id;
      pending.set(event.fingerprint, event);
    }
  }

  const { added: inserted, reread } = await insertEvents(
    s,
    sellerId,
    [...pending.values()],
    options.reinterpret ?? false,
    options.receivedAt ?? null,
  );
  const newByShipment = new Map<string, PendingEvent[]>();
  const eventsByPayload = new Map<number, number>();
  for (const fp of inserted) {
    const ev = pending.get(fp)!;
    const list = newByShipment.get(ev.shipmentKey) ?? [];
    list.push(ev);
    newByShipment.set(ev.shipmentKey, list);
    const payloadId = ev.row.raw_payload_id as number | null;
    if (payloadId !== null) eventsByPayload.set(payloadId, (eventsByPayload.get(payloadId) ?? 0) + 1);
  }

  // Fold: incrementally where the new events come after everything known, else refold the whole set.
  const byId = new Map(shipments.map((row) => [row.id, row]));
  const next = new Map<string, ShipmentState>();
  const refold: string[] = [];
  const rereadShipments = new Set(reread.map((fp) => pending.get(fp)!.shipmentKey));
  for (const [id, events] of newByShipment) {
    const row = byId.get(id)!;
    if (!rereadShipments.has(id) && canFoldIncrementally(row.state, events))
      next.set(id, canonicalTimeline(events).reduce(applyEvent, row.state));
    else refold.push(id);
  }
  for (const id of rereadShipments) if (!newByShipment.has(id)) refold.push(id);
  if (refold.length > 0) {
    for (const [id, events] of await loadFoldableEvents(s, refold)) next.set(id, foldShipmentState(events));
  }

  const carrierFacts = new Map<string, NormalizedResult>();
  for (const { result } of items) {
    const row = only ?? byKey.get(key(result.carrier, normalizeTrackingNumber(result.trackingNumber)));
    if (row) carrierFacts.set(row.id, result);
  }
  const changed = [...next].filter(([id, state]) => stateChanged(byId.get(id)!.state, state));
  // Predicted windows of the changed shipments (nothing when the seller has no model yet): computed before the
  // states are written so the delay rule sees the window before and after, written after them.
  const predictions = await planPredictions(
    s,
    sellerId,
    changed.map(([id, state]) => ({
      shipmentId: id,
      state,
      lastScan: lastScanOf(state, newByShipment.get(id)),
    })),
    options.now,
  );
  const versions = await persistShipmentStates(
    s,
    sellerId,
    changed,
    carrierFacts,
    byId,
    predictions?.windows,
  );
  if (predictions) await writePredictions(s, predictions);
  await refreshOrderStages(
    s,
    sellerId,
    changed.map(([id]) => byId.get(id)!.orderId).filter((x): x is string => x !== null),
  );

  const outcomes: ShipmentOutcome[] = shipments.map((row) => {
    const state = next.get(row.id) ?? row.state;
    return {
      id: row.id,
      carrier: row.carrier,
      trackingNumber: row.trackingNumber,
      status: state.status,
      substatus: state.substatus,
      stateVersion: versions.get(row.id) ?? row.stateVersion,
      eventsAdded: newByShipment.get(row.id)?.length ?? 0,
      statusChanged: state.status !== row.state.status,
      ...(carrierFacts.get(row.id)?.deliveryWindow !== undefined
        ? { deliveryWindow: carrierFacts.get(row.id)!.deliveryWindow }
        : {}),
    };
  });
  return {
    eventsReceived: received,
    eventsAdded: inserted.length,
    unknownShipments: [...unknown.values()],
    shipments: outcomes,
    eventsByPayload,
  };
}

/** One parsed result's events as rows, before they are attached to its shipment. */
interface PreparedItem {
  key: string;
  carrier: string;
  trackingNumber: string;
  /** Events the result carried, readable or not. */
  received: number;
  events: PendingEvent[];
}

/**
 * Fingerprints and rows of the results' events, with the shipment left blank. Fingerprints take the carrier and
 * number of `shipment` when given (events posted to one shipment), else the result's own.
 */
function prepareEvents(
  items: readonly ResultWithSource[],
  shipment?: { carrier: string; trackingNumber: string },
): PreparedItem[] {
  return items.map(({ result, rawPayloadId, source }) => {
    const tn = normalizeTrackingNumber(result.trackingNumber);
    const carrier = shipment?.carrier ?? result.carrier;
    const trackingNumber = shipment?.trackingNumber ?? tn;
    const events: PendingEvent[] = [];
    for (const e of result.events) {
      const occurredAt = new Date(e.occurredAt);
      if (Number.isNaN(occurredAt.getTime())) continue;
      const fingerprint = eventFingerprint({
        carrier,
        trackingNumber,
        occurredAt,
        code: e.code,
        description: e.description,
        location: e.location,
      });
      const status = e.status && isStatus(e.status) ? e.status : null;
      events.push({
        fingerprint,
        occurredAt,
        status,
        substatus: status ? e.substatus : null,
        shipmentKey: "",
        row: {
          shipment_id: null,
          fingerprint,
          occurred_at: occurredAt.toISOString(),
          local_time: e.localTime,
          utc_offset: e.utcOffset ?? null,
          zone_guessed: e.zoneGuessed ?? false,
          code: e.code,
          description: e.description ?? "",
          location_city: e.location?.city ?? null,
          location_region: e.location?.region ?? null,
          location_postal: e.location?.postalCode ?? null,
          location_country: e.location?.country?.toUpperCase() ?? null,
          location_text: e.location?.text ?? null,
          status,
          substatus: status ? e.substatus : null,
          unmapped: e.unmapped ?? status === null,
          raw_payload_id: rawPayloadId,
          source,
        },
      });
    }
    return {
      key: key(result.carrier, tn),
      carrier: result.carrier,
      trackingNumber: tn,
      received: result.events.length,
      events,
    };
  });
}

/** Where the state's last scan was, when it is one of this batch's events (a refold from storage: unknown). */
function lastScanOf(state: ShipmentState, events: readonly PendingEvent[] | undefined): ScanPlace | null {
  if (!events || !state.lastEventAt) return null;
  const last = state.lastEventAt.getTime();
  const event = events.find((e) => e.occurredAt.getTime() === last);
  if (!event) return null;
  const r = event.row;
  return {
    city: r.location_city as string | null,
    region: r.location_region as string | null,
    postal: r.location_postal as string | null,
    country: r.location_country as string | null,
  };
}

const INSERT_CHUNK = 5_000;

/**
 * Inserts events, skipping fingerprints already stored; returns the fingerprints actually added and, when
 * reinterpreting, those already stored whose status reading changed.
 */
async function insertEvents(
  s: SqlSession,
  sellerId: string,
  events: readonly PendingEvent[],
  reinterpret: boolean,
  receivedAt: Date | null,
): Promise<{ added: string[]; reread: string[] }> {
  const added: string[] = [];
  const reread: string[] = [];
  const onConflict = reinterpret
    ? `UPDATE SET status = EXCLUDED.status, substatus = EXCLUDED.substatus, unmapped = EXCLUDED.unmapped
       WHERE (tracking_events.status, tracking_events.substatus, tracking_events.unmapped)
         IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.substatus, EXCLUDED.unmapped)
       RETURNING fingerprint, (xmax = 0) AS inserted`
    : "NOTHING RETURNING fingerprint, true AS inserted";
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const rows = events.slice(i, i + INSERT_CHUNK).map((e) => e.row);
    const result = await s.query<{ fingerprint: string; inserted: boolean }>(
      `INSERT INTO tracking_events (seller_id, shipment_id, fingerprint, occurred_at, local_time, utc_offset,
         zone_guessed, code, description, location_city, location_region, location_postal, location_country,
         location_text, status, substatus, unmapped, raw_payload_id, source, received_at)
       SELECT $1, x.shipment_id, x.fingerprint, x.occurred_at, x.local_time, x.utc_offset, x.zone_guessed, x.code,
         x.description, x.location_city, x.location_region, x.location_postal, x.location_country, x.location_text,
         x.status, x.substatus, x.unmapped, x.raw_payload_id, x.source, COALESCE($3::timestamptz, now())
       FROM json_to_recordset($2::json) AS x(shipment_id uuid, fingerprint text, occurred_at timestamptz,
         local_time text, utc_offset text, zone_guessed boolean, code text, description text, location_city text,
         location_region text, location_postal text, location_country text, location_text text, status text,
         substatus text, unmapped boolean, raw_payload_id bigint, source text)
       ON CONFLICT (seller_id, fingerprint) DO ${onConflict}`,
      [sellerId, JSON.stringify(rows), receivedAt],
      { prepare: true },
    );
    for (const r of result) (r.inserted ? added : reread).push(r.fingerprint);
  }
  return { added, reread };
}

/** Every stored event of these shipments, in the shape the fold reads. */
async function loadFoldableEvents(
  s: SqlSession,
  shipmentIds: readonly string[],
): Promise<Map<string, FoldableEvent[]>> {
  const rows = await s.query<{
    shipment_id: string;
    fingerprint: string;
    occurred_at: Date;
    status: string | null;
    substatus: string | null;
  }>(
    `SELECT shipment_id, fingerprint, occurred_at, status, substatus FROM tracking_events
     WHERE shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(shipmentIds)],
    { prepare: true },
  );
  const out = new Map<string, FoldableEvent[]>(shipmentIds.map((id) => [id, []]));
  for (const r of rows) {
    out.get(r.shipment_id)!.push({
      fingerprint: r.fingerprint,
      occurredAt: new Date(r.occurred_at),
      status: r.status && isStatus(r.status) ? r.status : null,
      substatus: r.substatus,
    });
  }
  return out;
}
