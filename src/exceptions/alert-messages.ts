/**
 * The messages an alert's actions decide (to the shopper, to the team), written to the notifications table for
 * the sender. One insert for both; the team digest (team-emails.ts) also sets a row's status, where it folds and
 * when it may go.
 */
import type { SqlSession } from "../db/client.js";

export interface AlertMessage {
  seller_id: string;
  shipment_id: string;
  order_id: string | null;
  audience: "shopper" | "team";
  trigger: string;
  milestone: string;
  recipient: string;
  locale: string | null;
  time_zone: string | null;
  context: Record<string, unknown>;
  /** Default: queued, to go now. */
  status?: "queued" | "collapsed";
  reason?: string | null;
  collapsed_into?: number | null;
  send_after?: string;
}

/** Inserts e-mails; one already decided (same shipment, trigger, milestone) is skipped. Returns those inserted. */
export function insertAlertMessages(s: SqlSession, rows: readonly AlertMessage[], now: Date) {
  if (rows.length === 0) return Promise.resolve([]);
  return s.query<{ id: number; recipient: string }>(
    `INSERT INTO notifications (seller_id, shipment_id, order_id, audience, trigger, milestone, channel, recipient,
       locale, time_zone, context, status, reason, collapsed_into, send_after, decided_at)
     SELECT x.seller_id, x.shipment_id, x.order_id, x.audience, x.trigger, x.milestone, 'email', x.recipient,
       x.locale, x.time_zone, x.context, COALESCE(x.status, 'queued'), x.reason, x.collapsed_into,
       COALESCE(x.send_after, $2), $2
     FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, shipment_id uuid, order_id uuid, audience text,
       trigger text, milestone text, recipient text, locale text, time_zone text, context jsonb, status text,
       reason text, collapsed_into bigint, send_after timestamptz)
     ON CONFLICT (shipment_id, trigger, milestone, channel) DO NOTHING
     RETURNING id, recipient`,
    [JSON.stringify(rows), now.toISOString()],
  );
}
