/**
 * Helpdesk tickets for alerts, exactly once per alert and connection:
 * 1. decided in the alert's transaction: a helpdesk_tickets row, unique on (alert, connection);
 * 2. handed to the job queue: pending rows become `create-helpdesk-ticket` jobs in the same transaction that
 *    marks them queued (a worker loop, since alerts are decided where no queue is at hand);
 * 3. the job looks the ticket up in the helpdesk by its external id before creating it, so a retry after a lost
 *    answer finds the first ticket instead of opening a second; then stores the ticket's id and agent link.
 */
import type { Database, SqlSession } from "../db/client.js";
import { secretKeyringOf } from "../db/secrets/keyring-registry.js";
import { helpdeskConfigSchema } from "../exceptions/helpdesk-presets.js";
import type { JobQueue } from "../jobs/queue.js";
import { openHelpdeskConfig } from "../notifications/endpoint-secrets.js";
import { createTicket, findTicket } from "./clients.js";
import { helpdeskConnection } from "./connection.js";
import { ticketContent, type TimelineEvent } from "./ticket-content.js";

/** Decides the ticket of an alert on a connection; false when the endpoint is not an API connection. */
export async function decideHelpdeskTicket(
  s: SqlSession,
  sellerId: string,
  endpointId: string,
  alert: { id: string; shipmentId: string; data: Record<string, unknown> },
  now: Date,
): Promise<boolean> {
  // The answer is "is this an API connection", whether or not the ticket was decided before (a re-evaluation).
  const [row] = await s.query<{ connections: number }>(
    `WITH e AS (
       SELECT id, config->>'preset' AS preset FROM outgoing_webhooks
       WHERE id = $2 AND seller_id = $1 AND kind = 'helpdesk' AND enabled
         AND ((config->>'preset' = 'zendesk' AND 'apiToken' = ANY(credential_names))
           OR (config->>'preset' = 'gorgias' AND 'apiKey' = ANY(credential_names)))
     ), ins AS (
       INSERT INTO helpdesk_tickets (seller_id, alert_id, endpoint_id, shipment_id, provider, external_id, payload, created_at)
       SELECT $1, $3::uuid, e.id, $4, e.preset, 'shipwatch-alert-' || $3::text, $5::jsonb, $6 FROM e
       ON CONFLICT (alert_id, endpoint_id) DO NOTHING
     )
     SELECT count(*)::int AS connections FROM e`,
    [sellerId, endpointId, alert.id, alert.shipmentId, JSON.stringify(alert.data), now.toISOString()],
  );
  return (row?.connections ?? 0) > 0;
}

/** Moves decided tickets to the job queue (safe from many workers: SKIP LOCKED). Returns how many. */
export async function queueHelpdeskTickets(db: Database, queue: JobQueue, limit = 50): Promise<number> {
  const queued = await db.session(async (s) => {
    const lock = s.engine === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
    const rows = await s.query<{ id: number }>(
      `SELECT id FROM helpdesk_tickets WHERE status = 'pending' ORDER BY id LIMIT $1 ${lock}`,
      [limit],
    );
    if (rows.length === 0) return 0;
    await queue.sendMany(
      "create-helpdesk-ticket",
      rows.map((r) => ({ ticketId: r.id })),
      s,
    );
    await s.query(
      "UPDATE helpdesk_tickets SET status = 'queued', queued_at = now() WHERE id = ANY($1::bigint[])",
      [rows.map((r) => r.id)],
    );
    return rows.length;
  });
  if (queued > 0) queue.wake("create-helpdesk-ticket");
  return queued;
}

interface TicketRow {
  id: number;
  seller_id: string;
  shipment_id: string;
  status: string;
  external_id: string;
  payload: Record<string, unknown>;
  url: string;
  endpoint_id: string;
  /** Without its credentials: those are sealed (src/notifications/endpoint-secrets.ts). */
  config: Record<string, unknown>;
  credentials_sealed: string | null;
}

export type TicketJobOutcome = "created" | "found" | "already" | "gone";

/**
 * Runs one ticket job. Throws on a helpdesk failure (the queue retries with backoff); `lastAttempt` marks the
 * ticket failed instead of leaving it queued forever.
 */
export async function runHelpdeskTicketJob(
  db: Database,
  ticketId: number,
  options: {
    lastAttempt?: boolean;
    timeoutMs?: number;
    now?: Date;
    /** The worker passes the SSRF-guarded fetch (src/notifications/outbound-http.ts). */
    fetch?: typeof fetch;
  } = {},
): Promise<TicketJobOutcome> {
  const [t] = await db.query<TicketRow>(
    `SELECT t.id, t.seller_id, t.shipment_id, t.status, t.external_id, t.payload, e.url, t.endpoint_id, e.config,
       e.credentials_sealed
     FROM helpdesk_tickets t JOIN outgoing_webhooks e ON e.id = t.endpoint_id WHERE t.id = $1`,
    [ticketId],
  );
  if (!t) return "gone";
  if (t.status === "created") return "already";
  try {
    // Opened in the try: a key that does not open the credentials is a failed attempt saying which key is missing.
    const config = helpdeskConfigSchema.parse(
      openHelpdeskConfig(secretKeyringOf(db), t.endpoint_id, t.config, t.credentials_sealed),
    );
    const conn = helpdeskConnection(t.url, config);
    if (!conn) throw new Error("the helpdesk connection has no API credentials any more");
    let opened = await findTicket(conn, t.external_id, options.timeoutMs, options.fetch);
    const outcome: TicketJobOutcome = opened ? "found" : "created";
    if (!opened) {
      const events = await db.query<TimelineEvent & { occurred_at: Date; location: string | null }>(
        `SELECT occurred_at, status, description,
           COALESCE(location_text, NULLIF(concat_ws(', ', location_city, location_region, location_country), '')) AS location
         FROM tracking_events WHERE shipment_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 50`,
        [t.shipment_id],
      );
      const timeline = events.map((e) => ({
        occurredAt: e.occurred_at,
        status: e.status,
        description: e.description,
        place: e.location,
      }));
      const alert = t.payload;
      opened = await createTicket(
        conn,
        {
          externalId: t.external_id,
          content: ticketContent(alert, timeline),
          customerEmail: typeof alert.customerEmail === "string" ? alert.customerEmail : null,
          tags: ["shipwatch", String(alert.kind ?? "alert"), ...config.tags],
          urgent: alert.severity === "critical",
        },
        options.timeoutMs,
        options.fetch,
      );
    }
    await db.query(
      `UPDATE helpdesk_tickets SET status = 'created', ticket_id = $2, ticket_url = $3, opened_at = $4,
         attempts = attempts + 1, last_error = NULL WHERE id = $1`,
      [t.id, opened.id, opened.url, (options.now ?? new Date()).toISOString()],
    );
    return outcome;
  } catch (error) {
    await db.query(
      `UPDATE helpdesk_tickets SET attempts = attempts + 1, last_error = $2,
         status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`,
      [t.id, (error as Error).message.slice(0, 500), options.lastAttempt ?? false],
    );
    throw error;
  }
}

/** Ticket links per alert, for the API's alert view and the dashboard. */
export async function ticketsOfShipment(db: Database, sellerId: string, shipmentId: string) {
  return db.query<{
    alert_id: string;
    provider: string;
    status: string;
    ticket_id: string | null;
    ticket_url: string | null;
    last_error: string | null;
    attempts: number;
    opened_at: Date | null;
  }>(
    `SELECT alert_id, provider, status, ticket_id, ticket_url, last_error, attempts, opened_at
     FROM helpdesk_tickets WHERE seller_id = $1 AND shipment_id = $2 ORDER BY id DESC`,
    [sellerId, shipmentId],
  );
}

export interface EndpointTicketRow {
  alert_id: string;
  alert_kind: string;
  shipment_id: string;
  tracking_number: string;
  status: string;
  ticket_id: string | null;
  ticket_url: string | null;
  last_error: string | null;
  attempts: number;
  created_at: Date;
}

const ENDPOINT_TICKET_SELECT = `SELECT t.alert_id, a.kind AS alert_kind, t.shipment_id, s.tracking_number, t.status,
  t.ticket_id, t.ticket_url, t.last_error, t.attempts, t.created_at
  FROM helpdesk_tickets t JOIN alerts a ON a.id = t.alert_id JOIN shipments s ON s.id = t.shipment_id`;

/** The newest tickets decided for one helpdesk connection, with their alert and shipment (its settings page). */
export async function ticketsOfEndpoint(
  db: Database,
  sellerId: string,
  endpointId: string,
  limit: number,
): Promise<EndpointTicketRow[]> {
  return db.query<EndpointTicketRow>(
    `${ENDPOINT_TICKET_SELECT} WHERE t.seller_id = $1 AND t.endpoint_id = $2 ORDER BY t.id DESC LIMIT $3`,
    [sellerId, endpointId, limit],
  );
}

/** The newest ticket of each of the seller's helpdesk connections, by endpoint id: one query. */
export async function newestTickets(db: Database, sellerId: string): Promise<Map<string, EndpointTicketRow>> {
  const rows = await db.query<EndpointTicketRow & { endpoint_id: string }>(
    `SELECT e.id AS endpoint_id, x.* FROM outgoing_webhooks e
     CROSS JOIN LATERAL (${ENDPOINT_TICKET_SELECT} WHERE t.endpoint_id = e.id ORDER BY t.id DESC LIMIT 1) x
     WHERE e.seller_id = $1 AND e.kind = 'helpdesk'`,
    [sellerId],
  );
  return new Map(rows.map((r) => [r.endpoint_id, r]));
}
