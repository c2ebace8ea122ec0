/**
 * What a return's change tells the seller, decided in the change's transaction: an outgoing webhook event
 * (`return.requested`, `return.received`...) to every subscribed endpoint, and an e-mail to the team's addresses
 * (notification policy `teamEmails`) when a return needs them: a new request to approve, a parcel received to
 * refund. Event keys are the return and its status, so a replay or a retried request sends nothing twice.
 */
import type { SqlSession } from "../db/client.js";
import { loadPolicy } from "../notifications/policy.js";
import { enqueueWebhookEvents } from "../notifications/webhook-enqueue.js";
import { topicOf, type ReturnStatus } from "./lifecycle.js";
import type { ReturnRow } from "./repository.js";
import { returnView } from "./view.js";
import { TRACKING_CHANNEL } from "../web/tracking/change-feed.js";

/** Team e-mails are sent for these statuses: the moments the seller has something to do. */
const TEAM_STATUSES: ReadonlySet<ReturnStatus> = new Set(["requested", "received"]);

/** Queues the seller-facing side effects of a return reaching its current status. */
export async function announceReturn(s: SqlSession, row: ReturnRow, now: Date): Promise<void> {
  const view = returnView(row);
  // The order's cached tracking pages show its returns: the change feed drops them when this commits.
  await s.query("SELECT pg_notify($1, $2)", [TRACKING_CHANNEL, `order:${row.order_id}`]);
  await enqueueWebhookEvents(
    s,
    row.seller_id,
    [{ topic: topicOf(row.status), key: `${topicOf(row.status)}:${row.id}`, data: view }],
    now,
  );
  if (!TEAM_STATUSES.has(row.status)) return;
  const emails = (await loadPolicy(s, row.seller_id)).teamEmails;
  if (emails.length === 0) return;
  // Notification rows hang off a shipment: the return parcel, else the order's latest outbound parcel.
  const [shipment] = await s.query<{ id: string }>(
    `SELECT id FROM shipments WHERE seller_id = $1 AND (id = $2 OR (order_id = $3 AND $2::uuid IS NULL))
     ORDER BY (id = $2) DESC NULLS LAST, created_at DESC LIMIT 1`,
    [row.seller_id, row.return_shipment_id, row.order_id],
  );
  if (!shipment) return;
  const context = {
    returnId: row.id,
    returnStatus: row.status,
    orderNumber: row.order_number,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
    items: row.items,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    at: now.toISOString(),
  };
  await s.query(
    `INSERT INTO notifications (seller_id, shipment_id, order_id, audience, trigger, milestone, channel, recipient,
       locale, context, send_after, decided_at)
     SELECT $1, $2, $3, 'team', $4, $5 || ':' || (x.i - 1), 'email', x.email, 'en', $6::jsonb, $7, $7
     FROM unnest($8::text[]) WITH ORDINALITY AS x(email, i)
     ON CONFLICT (shipment_id, trigger, milestone, channel) DO NOTHING`,
    [
      row.seller_id,
      shipment.id,
      row.order_id,
      `return_${row.status}`,
      `return:${row.id}:${row.status}`,
      JSON.stringify(context),
      now.toISOString(),
      emails,
    ],
  );
}
