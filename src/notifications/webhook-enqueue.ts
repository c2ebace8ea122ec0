/**
 * Deciding outgoing webhook deliveries in the caller's transaction: one row per subscribed endpoint and event,
 * unique on (endpoint, event key), so the event decided twice is delivered once. webhook-out.ts sends them.
 */
import type { SqlSession } from "../db/client.js";
import { RETURN_TOPICS } from "../returns/lifecycle.js";

export const WEBHOOK_TOPICS = [
  "shipment.status_changed",
  "alert.opened",
  "alert.updated",
  "alert.resolved",
  ...RETURN_TOPICS,
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export interface WebhookEvent {
  topic: WebhookTopic;
  /** Identifies the event: the same key is never delivered twice to one endpoint. */
  key: string;
  data: Record<string, unknown>;
}

/** Queues events for every enabled webhook endpoint of the seller subscribed to their topic (none = all). */
export async function enqueueWebhookEvents(
  s: SqlSession,
  sellerId: string,
  events: readonly WebhookEvent[],
  now: Date = new Date(),
): Promise<void> {
  if (events.length === 0) return;
  // Most sellers have no endpoint: asking first spares serializing and parsing a whole batch's events for nothing.
  const [endpoint] = await s.query(
    `SELECT 1 FROM outgoing_webhooks WHERE seller_id = $1 AND kind = 'webhook' AND enabled LIMIT 1`,
    [sellerId],
  );
  if (!endpoint) return;
  await s.query(
    `INSERT INTO outgoing_webhook_deliveries (seller_id, endpoint_id, topic, event_key, payload, next_attempt_at)
     SELECT $1, e.id, x.topic, x.key,
       jsonb_build_object('id', x.key, 'type', x.topic, 'createdAt', $3::text, 'data', x.data), $3::timestamptz
     FROM jsonb_to_recordset($2::jsonb) AS x(topic text, key text, data jsonb)
     JOIN outgoing_webhooks e ON e.seller_id = $1 AND e.kind = 'webhook' AND e.enabled
       AND (cardinality(e.topics) = 0 OR x.topic = ANY(e.topics))
     ON CONFLICT (endpoint_id, event_key) DO NOTHING`,
    [sellerId, JSON.stringify(events), now.toISOString()],
  );
}

/** Queues one request to a helpdesk endpoint (a ticket for an alert); the preset shapes the body when sent. */
export async function enqueueHelpdeskRequest(
  s: SqlSession,
  sellerId: string,
  endpointId: string,
  event: WebhookEvent,
  now: Date = new Date(),
): Promise<void> {
  await s.query(
    `INSERT INTO outgoing_webhook_deliveries (seller_id, endpoint_id, topic, event_key, payload, next_attempt_at)
     SELECT $1, e.id, $3, $4, jsonb_build_object('id', $4::text, 'type', $3::text, 'createdAt', $6::text, 'data', $5::jsonb),
       $6::timestamptz
     FROM outgoing_webhooks e WHERE e.id = $2 AND e.seller_id = $1 AND e.kind = 'helpdesk' AND e.enabled
     ON CONFLICT (endpoint_id, event_key) DO NOTHING`,
    [sellerId, endpointId, event.topic, event.key, JSON.stringify(event.data), now.toISOString()],
  );
}
