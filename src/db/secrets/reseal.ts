/**
 * Run at every start, before serving: seals the secrets written before migrations 0009 and 0015 (plaintext,
 * `sealed_with` NULL) and re-seals those sealed with an earlier key (after a key change) under the current one.
 * Idempotent and safe with several processes starting at once (each row is updated only while it still needs it).
 * A row that no key of the keyring opens stops the start with a SecretKeyError naming the keys.
 */
import type { Database } from "../client.js";
import { resealOutgoingEndpoints } from "../../notifications/outgoing-endpoints.js";
import { openSecret, sealSecret, type SecretKeyring } from "./sealed-box.js";
import { carrierCredentialsContext, commerceSecretContext, webhookSecretContext } from "./contexts.js";

export interface ResealReport {
  carrierAccounts: number;
  webhookEndpoints: number;
  commerceConnections: number;
  /** Outgoing webhook signing secrets and helpdesk credentials (0015). */
  outgoingWebhooks: number;
}

/** Seals plaintext secrets and re-seals secrets of earlier keys; returns how many rows changed. */
export async function sealStoredSecrets(db: Database, keyring: SecretKeyring): Promise<ResealReport> {
  const current = keyring.current.id;
  const report: ResealReport = {
    carrierAccounts: 0,
    webhookEndpoints: 0,
    commerceConnections: 0,
    outgoingWebhooks: 0,
  };

  const accounts = await db.query<{
    id: string;
    seller_id: string;
    carrier: string;
    name: string;
    credentials: Record<string, string>;
    credentials_sealed: string | null;
    sealed_with: string | null;
  }>(
    `SELECT id, seller_id, carrier, name, credentials, credentials_sealed, sealed_with FROM carrier_accounts
     WHERE sealed_with IS DISTINCT FROM $1`,
    [current],
  );
  for (const a of accounts) {
    const context = carrierCredentialsContext(a.seller_id, a.carrier, a.name);
    const plain =
      a.sealed_with === null || a.credentials_sealed === null
        ? JSON.stringify(a.credentials ?? {})
        : openSecret(keyring, a.credentials_sealed, context);
    const names = Object.keys(JSON.parse(plain) as Record<string, string>).sort();
    const updated = await db.query(
      `UPDATE carrier_accounts SET credentials = '{}'::jsonb, credentials_sealed = $2, credential_names = $3,
         sealed_with = $4
       WHERE id = $1 AND sealed_with IS NOT DISTINCT FROM $5 RETURNING id`,
      [a.id, sealSecret(keyring, plain, context), names, current, a.sealed_with],
    );
    report.carrierAccounts += updated.length;
  }

  const endpoints = await db.query<{
    id: string;
    seller_id: string;
    source: string;
    secret: string;
    previous_secret: string | null;
    sealed_with: string | null;
  }>(
    `SELECT id, seller_id, source, secret, previous_secret, sealed_with FROM webhook_endpoints
     WHERE sealed_with IS DISTINCT FROM $1`,
    [current],
  );
  for (const e of endpoints) {
    const context = webhookSecretContext(e.seller_id, e.source);
    const open = (value: string) => (e.sealed_with === null ? value : openSecret(keyring, value, context));
    const updated = await db.query(
      `UPDATE webhook_endpoints SET secret = $2, previous_secret = $3, sealed_with = $4
       WHERE id = $1 AND sealed_with IS NOT DISTINCT FROM $5 RETURNING id`,
      [
        e.id,
        sealSecret(keyring, open(e.secret), context),
        e.previous_secret === null ? null : sealSecret(keyring, open(e.previous_secret), context),
        current,
        e.sealed_with,
      ],
    );
    report.webhookEndpoints += updated.length;
  }

  // Commerce connections were sealed from the start (migration 0012): only a key change leaves work here.
  const connections = await db.query<{
    id: string;
    credentials_sealed: string;
    webhook_secret_sealed: string;
    sealed_with: string;
  }>(
    `SELECT id, credentials_sealed, webhook_secret_sealed, sealed_with FROM commerce_connections
     WHERE sealed_with <> $1`,
    [current],
  );
  for (const c of connections) {
    const reseal = (value: string, field: "credentials" | "webhook_secret") =>
      sealSecret(
        keyring,
        openSecret(keyring, value, commerceSecretContext(c.id, field)),
        commerceSecretContext(c.id, field),
      );
    const updated = await db.query(
      `UPDATE commerce_connections SET credentials_sealed = $2, webhook_secret_sealed = $3, sealed_with = $4
       WHERE id = $1 AND sealed_with = $5 RETURNING id`,
      [
        c.id,
        reseal(c.credentials_sealed, "credentials"),
        reseal(c.webhook_secret_sealed, "webhook_secret"),
        current,
        c.sealed_with,
      ],
    );
    report.commerceConnections += updated.length;
  }

  report.outgoingWebhooks = await resealOutgoingEndpoints(db, keyring);
  return report;
}
