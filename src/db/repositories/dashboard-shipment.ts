/**
 * Everything the shipment detail screen shows, read with one query per kind: the events and the raw payloads
 * they came from, carrier estimate history (0003), notifications and alerts (0005), poll state (0006), the
 * outbox and the audit trail.
 */
import type { Database } from "../client.js";

export interface RawPayloadRow {
  id: number;
  source: string;
  contentType: string;
  body: Uint8Array;
  receivedAt: Date;
  parseStatus: string;
  parseError: string | null;
  eventCount: number;
}

/** The raw payloads behind these events (newest first), bodies included. */
export async function rawPayloadsByIds(
  db: Database,
  sellerId: string,
  ids: readonly number[],
): Promise<RawPayloadRow[]> {
  if (ids.length === 0) return [];
  return db.query<RawPayloadRow>(
    `SELECT id, source, content_type AS "contentType", body, received_at AS "receivedAt",
       parse_status AS "parseStatus", parse_error AS "parseError", event_count AS "eventCount"
     FROM raw_payloads WHERE seller_id = $1 AND id = ANY($2::bigint[]) ORDER BY received_at DESC LIMIT 50`,
    [sellerId, [...ids]],
  );
}

export interface EstimateChange {
  estimate: string | null;
  changedAt: Date;
}

export async function estimateHistory(db: Database, shipmentId: string): Promise<EstimateChange[]> {
  return db.query<EstimateChange>(
    `SELECT estimate, changed_at AS "changedAt" FROM shipment_estimate_changes
     WHERE shipment_id = $1 ORDER BY id`,
    [shipmentId],
  );
}

export interface NotificationRow {
  id: number;
  trigger: string;
  channel: string;
  recipient: string | null;
  status: string;
  reason: string | null;
  subject: string | null;
  decidedAt: Date;
  sentAt: Date | null;
  last_error: string | null;
  send_after: Date;
}

const NOTIFICATION_COLUMNS = `id, trigger, channel, recipient, status, reason, subject, decided_at AS "decidedAt",
  sent_at AS "sentAt", last_error, send_after`;

export async function notificationsOfShipment(db: Database, shipmentId: string): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS}
     FROM notifications WHERE shipment_id = $1 AND audience = 'shopper' ORDER BY id DESC LIMIT 100`,
    [shipmentId],
  );
}

/** The shopper messages of several parcels (an order's), newest first; by shipment, which is indexed. */
export async function notificationsOfShipments(
  db: Database,
  shipmentIds: readonly string[],
): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS}
     FROM notifications WHERE shipment_id = ANY($1::uuid[]) AND audience = 'shopper' ORDER BY id DESC LIMIT 100`,
    [[...shipmentIds]],
  );
}

export interface OutboxRow {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  dispatchedAt: Date | null;
}

export async function outboxOfShipment(db: Database, shipmentId: string): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `SELECT id, topic, payload, created_at AS "createdAt", dispatched_at AS "dispatchedAt"
     FROM outbox WHERE aggregate_id = $1 ORDER BY id DESC LIMIT 100`,
    [shipmentId],
  );
}

export interface AuditRow {
  id: number;
  actor: string;
  action: string;
  targetType: string;
  requestId: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** Audit entries about the shipment or its order. */
export async function auditOf(
  db: Database,
  sellerId: string,
  targetIds: readonly string[],
): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT id, actor, action, target_type AS "targetType", request_id AS "requestId", data, at
     FROM audit_log WHERE seller_id = $1 AND target_id = ANY($2::text[]) ORDER BY at DESC LIMIT 100`,
    [sellerId, [...targetIds]],
  );
}

export interface PollStateRow {
  /** A number (-Infinity) when due as soon as possible: the drivers read "-infinity" so. */
  nextPollAt: Date | number | null;
  lastPolledAt: Date | null;
  lastChangeAt: Date | null;
  pollCount: number;
  consecutiveErrors: number;
  lastError: string | null;
  stoppedReason: string | null;
  refreshRequestedAt: Date | null;
}

export async function pollStateOf(db: Database, shipmentId: string): Promise<PollStateRow | undefined> {
  const [row] = await db.query<PollStateRow>(
    `SELECT next_poll_at AS "nextPollAt", last_polled_at AS "lastPolledAt", last_change_at AS "lastChangeAt",
       poll_count AS "pollCount", consecutive_errors AS "consecutiveErrors", last_error AS "lastError",
       stopped_reason AS "stoppedReason", refresh_requested_at AS "refreshRequestedAt"
     FROM shipment_poll_state WHERE shipment_id = $1`,
    [shipmentId],
  );
  return row;
}

/**
 * Asks the pollers (src/ingest/polling, migration 0006) to fetch these shipments from their carrier as soon
 * as a worker is free, enrolling them when the seller has an enabled, polling account for the carrier (the
 * pollers use no other). Returns the ids
 * that will be polled; the others have no carrier account to poll with.
 */
export async function requestCarrierRefresh(
  db: Database,
  sellerId: string,
  shipmentIds: readonly string[],
): Promise<string[]> {
  if (shipmentIds.length === 0) return [];
  const rows = await db.query<{ id: string }>(
    `INSERT INTO shipment_poll_state (shipment_id, seller_id, carrier, next_poll_at, refresh_requested_at)
     SELECT s.id, s.seller_id, s.carrier, '-infinity', now() FROM shipments s
     WHERE s.seller_id = $1 AND s.id = ANY($2::uuid[]) AND EXISTS (
       SELECT 1 FROM carrier_accounts a WHERE a.seller_id = s.seller_id AND a.carrier = s.carrier AND a.enabled
         AND a.polling)
     ON CONFLICT (shipment_id) DO UPDATE SET next_poll_at = '-infinity', refresh_requested_at = now(),
       stopped_reason = NULL, updated_at = now()
     RETURNING shipment_id AS id`,
    [sellerId, [...shipmentIds]],
  );
  return rows.map((r) => r.id);
}
