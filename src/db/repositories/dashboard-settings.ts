/**
 * What the settings screens read and write: carrier accounts (0006, never their credentials), inbound webhook
 * endpoints (0002), outgoing webhooks (0005), the notification policy and templates (0005), branding.
 */
import type { Database } from "../client.js";

export interface CarrierAccountRow {
  id: string;
  carrier: string;
  name: string;
  enabled: boolean;
  polling: boolean;
  /** Shipments are subscribed to the carrier's pushes (0017). */
  push: boolean;
  requestsPerMinute: number;
  burst: number;
  baseUrl: string | null;
  /** Which credential fields are set (their values never leave the database here). */
  credentialKeys: string[];
  shipmentsPolled: number;
}

export async function listCarrierAccounts(db: Database, sellerId: string): Promise<CarrierAccountRow[]> {
  return db.query<CarrierAccountRow>(
    `SELECT a.id, a.carrier, a.name, a.enabled, a.polling, a.push, a.requests_per_minute AS "requestsPerMinute", a.burst,
       a.base_url AS "baseUrl", a.credential_names AS "credentialKeys",
       (SELECT count(*)::int FROM shipment_poll_state p WHERE p.seller_id = a.seller_id AND p.carrier = a.carrier
          AND p.next_poll_at IS NOT NULL) AS "shipmentsPolled"
     FROM carrier_accounts a WHERE a.seller_id = $1 ORDER BY a.carrier, a.name`,
    [sellerId],
  );
}

export interface InboundWebhookRow {
  source: string;
  secretPrefix: string;
  createdAt: Date;
  rotatedAt: Date | null;
}

export async function listInboundWebhooks(db: Database, sellerId: string): Promise<InboundWebhookRow[]> {
  return db.query<InboundWebhookRow>(
    `SELECT source, secret_prefix AS "secretPrefix", created_at AS "createdAt", rotated_at AS "rotatedAt"
     FROM webhook_endpoints WHERE seller_id = $1 ORDER BY source`,
    [sellerId],
  );
}

/** The stored notification policy JSON (src/notifications/policy.ts merges it over defaults). */
export async function storedNotificationPolicy(db: Database, sellerId: string): Promise<unknown> {
  const [row] = await db.query<{ policy: unknown }>(
    "SELECT policy FROM notification_settings WHERE seller_id = $1",
    [sellerId],
  );
  return row?.policy ?? {};
}

export async function saveNotificationPolicy(db: Database, sellerId: string, policy: unknown): Promise<void> {
  await db.query(
    `INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)
     ON CONFLICT (seller_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
    [sellerId, JSON.stringify(policy)],
  );
}

export interface TemplateRow {
  trigger: string;
  channel: string;
  locale: string;
  subject: string | null;
  bodyText: string;
}

export async function listTemplates(db: Database, sellerId: string): Promise<TemplateRow[]> {
  return db.query<TemplateRow>(
    `SELECT trigger, channel, locale, subject, body_text AS "bodyText" FROM notification_templates
     WHERE seller_id = $1 ORDER BY trigger, channel, locale`,
    [sellerId],
  );
}

/** Saves the seller's wording for one trigger, channel and language; an empty body removes it (default applies). */
export async function saveTemplate(db: Database, sellerId: string, t: TemplateRow): Promise<void> {
  if (!t.bodyText.trim()) {
    await db.query(
      "DELETE FROM notification_templates WHERE seller_id = $1 AND trigger = $2 AND channel = $3 AND locale = $4",
      [sellerId, t.trigger, t.channel, t.locale],
    );
    return;
  }
  await db.query(
    `INSERT INTO notification_templates (seller_id, trigger, channel, locale, subject, body_text)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (seller_id, trigger, channel, locale)
     DO UPDATE SET subject = EXCLUDED.subject, body_text = EXCLUDED.body_text, updated_at = now()`,
    [sellerId, t.trigger, t.channel, t.locale, t.subject, t.bodyText],
  );
}

/** Replaces the seller's branding JSON. */
export async function saveBranding(
  db: Database,
  sellerId: string,
  branding: Record<string, unknown>,
): Promise<void> {
  await db.query("UPDATE sellers SET branding = $2::jsonb, updated_at = now() WHERE id = $1", [
    sellerId,
    JSON.stringify(branding),
  ]);
}
