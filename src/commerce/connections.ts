/**
 * Commerce connections: one per seller, platform and shop. This is the ONLY file that writes or reads the
 * credential and webhook-secret columns: both are sealed with the instance key (src/db/secrets) on write and
 * opened only where they are used (verifying a delivery, a write-back). Listings never carry them: only a prefix
 * of the secret and whether credentials are set (from the field names kept in clear).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Database, SqlSession } from "../db/client.js";
import { commerceSecretContext } from "../db/secrets/contexts.js";
import { secretKeyringOf } from "../db/secrets/keyring-registry.js";
import { openSecret, sealSecret } from "../db/secrets/sealed-box.js";
import { commerceConnections } from "./tables.js";
import type { Platform } from "./types.js";
import { normalizeSiteUrl } from "./woocommerce/verify.js";

type Row = typeof commerceConnections.$inferSelect;

export interface ShopifyCredentials {
  accessToken: string;
}
export interface WooCommerceCredentials {
  consumerKey: string;
  consumerSecret: string;
}
export type Credentials = Partial<ShopifyCredentials & WooCommerceCredentials>;

/** A connection as the API shows it: never its credentials or secret. */
export interface ConnectionView {
  id: string;
  sellerId: string;
  platform: Platform;
  shop: string;
  webhookSecretPrefix: string;
  hasCredentials: boolean;
  enabled: boolean;
  writeback: boolean;
  lastSyncAt: Date | null;
  lastWritebackAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the write-back job needs: the view plus the credentials, opened. */
export interface ConnectionWithCredentials extends ConnectionView {
  credentials: Credentials;
}

const SHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]{0,98}\.myshopify\.com$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The shop as stored and matched, or a reason it is not one: a myshopify.com domain, or an https site URL. */
export function normalizeShop(platform: Platform, value: string): { shop: string } | { problem: string } {
  if (platform === "shopify") {
    const shop = value
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/+$/, "");
    return SHOPIFY_DOMAIN.test(shop)
      ? { shop }
      : { problem: "a Shopify shop is its myshopify.com domain, e.g. acme.myshopify.com" };
  }
  const site = normalizeSiteUrl(value);
  if (!site) return { problem: "a WooCommerce shop is its site URL, e.g. https://shop.example.com" };
  const url = new URL(site);
  // WooCommerce refuses basic auth over plain http; loopback stays allowed for local testing.
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    return { problem: "the site URL must be https (WooCommerce's REST API needs it for key authentication)" };
  return { shop: site };
}

function hasCredentials(platform: Platform, names: readonly string[]): boolean {
  return platform === "shopify"
    ? names.includes("accessToken")
    : names.includes("consumerKey") && names.includes("consumerSecret");
}

/** The sealed columns of a connection: credentials and webhook secret, both under the current key. */
function sealed(db: Database, id: string, credentials: Credentials, webhookSecret: string) {
  const keyring = secretKeyringOf(db);
  const set = Object.fromEntries(Object.entries(credentials).filter(([, v]) => typeof v === "string" && v));
  return {
    credentialsSealed: sealSecret(keyring, JSON.stringify(set), commerceSecretContext(id, "credentials")),
    credentialNames: Object.keys(set).sort(),
    webhookSecretSealed: sealSecret(keyring, webhookSecret, commerceSecretContext(id, "webhook_secret")),
    sealedWith: keyring.current.id,
  };
}

function openCredentials(db: Database, row: Pick<Row, "id" | "credentialsSealed">): Credentials {
  const json = openSecret(
    secretKeyringOf(db),
    row.credentialsSealed,
    commerceSecretContext(row.id, "credentials"),
  );
  return JSON.parse(json) as Credentials;
}

function openWebhookSecret(db: Database, id: string, sealedSecret: string): string {
  return openSecret(secretKeyringOf(db), sealedSecret, commerceSecretContext(id, "webhook_secret"));
}

function view(row: Row): ConnectionView {
  return {
    id: row.id,
    sellerId: row.sellerId,
    platform: row.platform,
    shop: row.shop,
    webhookSecretPrefix: row.webhookSecretPrefix,
    hasCredentials: hasCredentials(row.platform, row.credentialNames),
    enabled: row.enabled,
    writeback: row.writeback,
    lastSyncAt: row.lastSyncAt,
    lastWritebackAt: row.lastWritebackAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const generateSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;
const prefixOf = (secret: string) => secret.slice(0, 8);

export interface ConnectionInput {
  sellerId: string;
  platform: Platform;
  /** Already normalized with normalizeShop. */
  shop: string;
  credentials?: Credentials;
  /** Omitted: one is generated (WooCommerce lets the seller paste any secret; Shopify's is given by Shopify). */
  webhookSecret?: string;
  enabled?: boolean;
  writeback?: boolean;
}

/** Creates a connection; null when the seller has that shop already. The secret is returned this once. */
export async function createConnection(
  db: Database,
  input: ConnectionInput,
): Promise<{ connection: ConnectionView; webhookSecret: string } | null> {
  const secret = input.webhookSecret ?? generateSecret();
  // The id is chosen here because the sealed values are bound to it.
  const id = randomUUID();
  const [row] = await db.orm
    .insert(commerceConnections)
    .values({
      id,
      sellerId: input.sellerId,
      platform: input.platform,
      shop: input.shop,
      ...sealed(db, id, input.credentials ?? {}, secret),
      webhookSecretPrefix: prefixOf(secret),
      enabled: input.enabled ?? true,
      writeback: input.writeback ?? true,
    })
    .onConflictDoNothing()
    .returning();
  return row ? { connection: view(row), webhookSecret: secret } : null;
}

export async function listConnections(db: Database, sellerId: string): Promise<ConnectionView[]> {
  const rows = await db.orm
    .select()
    .from(commerceConnections)
    .where(eq(commerceConnections.sellerId, sellerId))
    .orderBy(asc(commerceConnections.platform), asc(commerceConnections.shop));
  return rows.map(view);
}

export async function getConnection(
  db: Database,
  sellerId: string,
  id: string,
): Promise<ConnectionView | null> {
  const [row] = await db.orm
    .select()
    .from(commerceConnections)
    .where(and(eq(commerceConnections.sellerId, sellerId), eq(commerceConnections.id, id)));
  return row ? view(row) : null;
}

export interface ConnectionPatch {
  credentials?: Credentials;
  webhookSecret?: string;
  enabled?: boolean;
  writeback?: boolean;
}

/** Updates a connection; credentials given replace the stored ones as a whole. */
export async function updateConnection(
  db: Database,
  sellerId: string,
  id: string,
  patch: ConnectionPatch,
): Promise<ConnectionView | null> {
  const where = and(eq(commerceConnections.sellerId, sellerId), eq(commerceConnections.id, id));
  let secrets = {};
  if (patch.credentials !== undefined || patch.webhookSecret !== undefined) {
    // Both are sealed again together, so one key id (`sealed_with`) always describes the row.
    const [current] = await db.orm.select().from(commerceConnections).where(where);
    if (!current) return null;
    secrets = {
      ...sealed(
        db,
        id,
        patch.credentials ?? openCredentials(db, current),
        patch.webhookSecret ?? openWebhookSecret(db, id, current.webhookSecretSealed),
      ),
      ...(patch.webhookSecret !== undefined ? { webhookSecretPrefix: prefixOf(patch.webhookSecret) } : {}),
    };
  }
  const [row] = await db.orm
    .update(commerceConnections)
    .set({
      ...secrets,
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.writeback !== undefined ? { writeback: patch.writeback } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(commerceConnections.sellerId, sellerId), eq(commerceConnections.id, id)))
    .returning();
  return row ? view(row) : null;
}

export async function deleteConnection(
  db: Database,
  sellerId: string,
  id: string,
): Promise<ConnectionView | null> {
  const [row] = await db.orm
    .delete(commerceConnections)
    .where(and(eq(commerceConnections.sellerId, sellerId), eq(commerceConnections.id, id)))
    .returning();
  return row ? view(row) : null;
}

/** What a delivery to /hooks/{seller}/{platform} is checked against. */
export interface DeliveryConnection {
  sellerId: string;
  /** The connection of that shop; null when the seller has none (unknown shop). */
  connection: { id: string; secret: string; enabled: boolean } | null;
}

/**
 * The seller by slug and its connection for the shop a delivery names (null shop: the seller's only connection of
 * that platform, if it has exactly one). Null when no seller has the slug.
 */
export async function findDeliveryConnection(
  db: Database,
  sellerSlug: string,
  platform: Platform,
  shop: string | null,
): Promise<DeliveryConnection | null> {
  const rows = await db.query<{
    seller_id: string;
    id: string | null;
    shop: string | null;
    webhook_secret_sealed: string | null;
    enabled: boolean | null;
  }>(
    `SELECT s.id AS seller_id, c.id, c.shop, c.webhook_secret_sealed, c.enabled
     FROM sellers s LEFT JOIN commerce_connections c ON c.seller_id = s.id AND c.platform = $2
     WHERE s.slug = $1`,
    [sellerSlug, platform],
  );
  if (rows.length === 0) return null;
  const connections = rows.filter((r) => r.id !== null);
  const match = shop
    ? connections.find((r) => r.shop === shop)
    : connections.length === 1
      ? connections[0]
      : undefined;
  return {
    sellerId: rows[0]!.seller_id,
    connection: match
      ? {
          id: match.id!,
          secret: openWebhookSecret(db, match.id!, match.webhook_secret_sealed!),
          enabled: match.enabled ?? false,
        }
      : null,
  };
}

/** A connection with its credentials opened, for the write-back job (no seller check: ids come from our rows). */
export async function loadConnectionForWriteback(
  db: Database,
  id: string,
): Promise<ConnectionWithCredentials | null> {
  const [row] = await db.orm.select().from(commerceConnections).where(eq(commerceConnections.id, id));
  return row ? { ...view(row), credentials: openCredentials(db, row) } : null;
}

/** Notes that a webhook of the connection was applied (in the applying transaction). */
export async function markConnectionSynced(s: SqlSession, id: string, at: Date): Promise<void> {
  await s.query(
    `UPDATE commerce_connections SET last_sync_at = GREATEST(COALESCE(last_sync_at, $2), $2) WHERE id = $1`,
    [id, at.toISOString()],
  );
}

/** Notes a write-back's outcome on the connection: its time, or the error the seller should see. */
export async function markWritebackOutcome(
  db: Database,
  id: string,
  outcome: { ok: true } | { ok: false; error: string },
  at: Date = new Date(),
): Promise<void> {
  if (outcome.ok) {
    await db.query("UPDATE commerce_connections SET last_writeback_at = $2 WHERE id = $1", [
      id,
      at.toISOString(),
    ]);
  } else {
    await db.query("UPDATE commerce_connections SET last_error = $2, last_error_at = $3 WHERE id = $1", [
      id,
      outcome.error.slice(0, 1000),
      at.toISOString(),
    ]);
  }
}
