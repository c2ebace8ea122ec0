/**
 * The messages decided for a seller's shoppers and team (the built-in outbox when no SMTP or SMS provider is set):
 * one query, newest first and paged on the id, read by GET /v1/notifications and the dashboard's Messages page.
 */
import { normalizeEmail, normalizePhone } from "../../core/contact.js";
import type { Database } from "../client.js";
import { escapeLike } from "./dashboard-search.js";

export const NOTIFICATION_STATUSES = [
  "queued",
  "sending",
  "sent",
  "failed",
  "suppressed",
  "collapsed",
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationFilters {
  status?: NotificationStatus | undefined;
  shipmentId?: string | undefined;
  channel?: string | undefined;
  trigger?: string | undefined;
  /** An e-mail address or phone number as typed, whole or its start. */
  recipient?: string | undefined;
  /** Only messages older than this id (the `nextBefore` of the previous page). */
  before?: number | undefined;
  limit: number;
}

export interface NotificationItem {
  id: number;
  shipment_id: string;
  order_id: string | null;
  audience: "shopper" | "team";
  trigger: string;
  milestone: string;
  channel: "email" | "sms";
  recipient: string | null;
  locale: string | null;
  status: NotificationStatus;
  reason: string | null;
  decided_at: Date;
  send_after: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  transport: string | null;
  subject: string | null;
  body_text: string | null;
  /** What the dashboard shows besides (the API's items leave these out). */
  carrier: string;
  tracking_number: string;
  order_number: string | null;
  collapsed_into: number | null;
  provider_message_id: string | null;
}

/**
 * Recipients are stored normalized (orders keep e-mail addresses lower-cased and phone numbers as digits with a
 * leading "+"), so the typed text is normalized the same way and matched on the start of the stored value:
 * `LIKE 'x%'` on (seller_id, recipient text_pattern_ops) is a range scan of that index (migration 0021).
 */
function recipientPrefix(typed: string | undefined): string | null {
  const text = typed?.trim().slice(0, 254);
  if (!text) return null;
  const normalized = /^[\d\s()+.-]+$/.test(text) ? normalizePhone(text) : normalizeEmail(text);
  return `${escapeLike(normalized)}%`;
}

const SELECT = `SELECT n.id, n.shipment_id, n.order_id, n.audience, n.trigger, n.milestone, n.channel, n.recipient,
    n.locale, n.status, n.reason, n.decided_at, n.send_after, n.sent_at, n.attempts, n.last_error, n.transport,
    n.subject, n.body_text, s.carrier, s.tracking_number, o.order_number, n.collapsed_into, n.provider_message_id
  FROM notifications n JOIN shipments s ON s.id = n.shipment_id LEFT JOIN orders o ON o.id = n.order_id`;

/** A page of the seller's messages, newest first; `nextBefore` is the cursor of the next (older) page. */
export async function listNotifications(
  db: Database,
  sellerId: string,
  f: NotificationFilters,
): Promise<{ items: NotificationItem[]; nextBefore: number | null }> {
  const items = await db.query<NotificationItem>(
    `${SELECT}
     WHERE n.seller_id = $1 AND ($2::text IS NULL OR n.status = $2)
       AND ($3::uuid IS NULL OR n.shipment_id = $3) AND ($4::text IS NULL OR n.channel = $4)
       AND ($5::bigint IS NULL OR n.id < $5) AND ($6::text IS NULL OR n.trigger = $6)
       AND ($7::text IS NULL OR n.recipient LIKE $7)
     ORDER BY n.id DESC LIMIT $8`,
    [
      sellerId,
      f.status ?? null,
      f.shipmentId ?? null,
      f.channel ?? null,
      f.before ?? null,
      f.trigger ?? null,
      recipientPrefix(f.recipient),
      f.limit,
    ],
  );
  return { items, nextBefore: items.length === f.limit ? items.at(-1)!.id : null };
}

/** One message of the seller (undefined for another seller's id). */
export async function getNotification(
  db: Database,
  sellerId: string,
  id: number,
): Promise<NotificationItem | undefined> {
  const [row] = await db.query<NotificationItem>(`${SELECT} WHERE n.seller_id = $1 AND n.id = $2`, [
    sellerId,
    id,
  ]);
  return row;
}
