/**
 * Webhook endpoints: one secret per seller and source. The secret is shown when set (created or rotated) and
 * never listed again; after a rotation the previous secret keeps verifying for a grace period. Secrets are stored
 * sealed with the instance key (src/db/secrets) and opened only to verify a delivery. Lookups for deliveries are
 * cached per database for a few seconds: thousands of deliveries a second need not each ask.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { webhookEndpoints } from "../../db/schema.js";
import { webhookSecretContext } from "../../db/secrets/contexts.js";
import { secretKeyringOf } from "../../db/secrets/keyring-registry.js";
import { openSecret, sealSecret } from "../../db/secrets/sealed-box.js";

export type WebhookEndpointRecord = typeof webhookEndpoints.$inferSelect;
/** An endpoint as listed: never its secrets, sealed or not. */
export type WebhookEndpointView = Omit<WebhookEndpointRecord, "secret" | "previousSecret" | "sealedWith">;

/** How long the previous secret still verifies after a rotation. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;
const CACHE_TTL_MS = 5_000;

function view(record: WebhookEndpointRecord): WebhookEndpointView {
  const { secret: _secret, previousSecret: _previous, sealedWith: _sealedWith, ...rest } = record;
  return rest;
}

const generateSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;
// Enough to recognise a secret in a listing: 6 random characters of a generated one; 4 of a provider-issued one,
// which may be short.
const prefixOf = (secret: string) => secret.slice(0, secret.startsWith("whsec_") ? 12 : 4);

function seal(db: Database, sellerId: string, source: string, secret: string) {
  const keyring = secretKeyringOf(db);
  return {
    sealed: sealSecret(keyring, secret, webhookSecretContext(sellerId, source)),
    by: keyring.current.id,
  };
}

/** A stored secret in clear: sealed ones are opened; rows from before sealing (sealed at start) are plaintext. */
function openStored(
  db: Database,
  row: { sellerId: string; source: string; sealedWith: string | null },
  stored: string,
): string {
  if (row.sealedWith === null) return stored;
  return openSecret(secretKeyringOf(db), stored, webhookSecretContext(row.sellerId, row.source));
}

/** Creates the endpoint for a source (null when the seller has one already); returns the secret once. */
export async function createWebhookEndpoint(
  db: Database,
  input: { sellerId: string; source: string; secret?: string },
): Promise<{ endpoint: WebhookEndpointView; secret: string } | null> {
  const secret = input.secret ?? generateSecret();
  const { sealed, by } = seal(db, input.sellerId, input.source, secret);
  const [row] = await db.orm
    .insert(webhookEndpoints)
    .values({
      sellerId: input.sellerId,
      source: input.source,
      secret: sealed,
      sealedWith: by,
      secretPrefix: prefixOf(secret),
    })
    .onConflictDoNothing()
    .returning();
  forgetCachedEndpoints(db);
  return row ? { endpoint: view(row), secret } : null;
}

/** Replaces an endpoint's secret; the old one keeps verifying for ROTATION_GRACE_MS. */
export async function rotateWebhookSecret(
  db: Database,
  sellerId: string,
  id: string,
  input: { secret?: string; now?: Date } = {},
): Promise<{ endpoint: WebhookEndpointView; secret: string } | null> {
  const secret = input.secret ?? generateSecret();
  const now = input.now ?? new Date();
  const [current] = await db.orm
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.sellerId, sellerId), eq(webhookEndpoints.id, id)));
  if (!current) return null;
  const { sealed, by } = seal(db, sellerId, current.source, secret);
  const [row] = await db.orm
    .update(webhookEndpoints)
    .set({
      secret: sealed,
      sealedWith: by,
      secretPrefix: prefixOf(secret),
      previousSecret: seal(db, sellerId, current.source, openStored(db, current, current.secret)).sealed,
      previousSecretExpiresAt: new Date(now.getTime() + ROTATION_GRACE_MS),
      rotatedAt: now,
    })
    .where(and(eq(webhookEndpoints.sellerId, sellerId), eq(webhookEndpoints.id, id)))
    .returning();
  forgetCachedEndpoints(db);
  return row ? { endpoint: view(row), secret } : null;
}

export async function listWebhookEndpoints(db: Database, sellerId: string): Promise<WebhookEndpointView[]> {
  const rows = await db.orm
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.sellerId, sellerId))
    .orderBy(asc(webhookEndpoints.source));
  return rows.map(view);
}

/** Deletes an endpoint: its source's deliveries are refused from now on. */
export async function deleteWebhookEndpoint(
  db: Database,
  sellerId: string,
  id: string,
): Promise<WebhookEndpointView | null> {
  const [row] = await db.orm
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.sellerId, sellerId), eq(webhookEndpoints.id, id)))
    .returning();
  forgetCachedEndpoints(db);
  return row ? view(row) : null;
}

/** What a delivery to /hooks/{seller}/{source} is checked against. */
export interface DeliveryTarget {
  sellerId: string;
  /** Secrets that verify now: the current one, then the previous one within its grace period. Empty: no endpoint. */
  secrets: string[];
}

interface CachedTarget {
  target: DeliveryTarget | null;
  expiresAt: number;
}

const caches = new WeakMap<Database, Map<string, CachedTarget>>();

function cacheOf(db: Database): Map<string, CachedTarget> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** Drops this process's cached lookups (after a change to any endpoint). */
export function forgetCachedEndpoints(db: Database): void {
  cacheOf(db).clear();
}

/** The seller and secrets a delivery is verified with; null when no seller has that slug. */
export async function findDeliveryTarget(
  db: Database,
  sellerSlug: string,
  source: string,
  now: Date,
): Promise<DeliveryTarget | null> {
  const cache = cacheOf(db);
  const key = `${sellerSlug}\u0000${source}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now.getTime()) return hit.target;
  const [row] = await db.query<{
    seller_id: string;
    secret: string | null;
    previous_secret: string | null;
    previous_secret_expires_at: Date | null;
    sealed_with: string | null;
  }>(
    `SELECT s.id AS seller_id, e.secret, e.previous_secret, e.previous_secret_expires_at, e.sealed_with
     FROM sellers s LEFT JOIN webhook_endpoints e ON e.seller_id = s.id AND e.source = $2
     WHERE s.slug = $1`,
    [sellerSlug, source],
  );
  let target: DeliveryTarget | null = null;
  if (row) {
    const stored = { sellerId: row.seller_id, source, sealedWith: row.sealed_with };
    const secrets = row.secret ? [openStored(db, stored, row.secret)] : [];
    const graceEnds = row.previous_secret_expires_at ? new Date(row.previous_secret_expires_at).getTime() : 0;
    if (row.previous_secret && graceEnds > now.getTime())
      secrets.push(openStored(db, stored, row.previous_secret));
    target = { sellerId: row.seller_id, secrets };
  }
  // Unknown slugs are not cached: anyone can send those, and the cache must not grow with them.
  if (target) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { target, expiresAt: now.getTime() + CACHE_TTL_MS });
  }
  return target;
}
