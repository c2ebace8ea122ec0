/**
 * Secrets shared by every process of one installation, created on first use. Signed tracking links made by
 * one node (a notification worker) must verify on another (an API node), so the key lives in the database.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "../client.js";

/** The secret that signs tracking links (and anything else a shopper carries back to us). */
export const TRACKING_LINK_SECRET = "tracking_links";

const cache = new WeakMap<Database, Map<string, Promise<Buffer>>>();

async function loadOrCreate(db: Database, name: string): Promise<Buffer> {
  // Two processes racing on first use both insert; the conflict makes the loser read the winner's secret.
  await db.query(
    "INSERT INTO instance_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    [name, randomBytes(32).toString("base64url")],
  );
  const rows = await db.query<{ secret: string }>("SELECT secret FROM instance_secrets WHERE name = $1", [
    name,
  ]);
  if (!rows[0]) throw new Error(`instance secret ${name} could not be created`);
  return Buffer.from(rows[0].secret, "base64url");
}

/** A named instance secret (32 random bytes), created on first use and cached per database handle. */
export function getInstanceSecret(db: Database, name: string): Promise<Buffer> {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  let secret = byName.get(name);
  if (!secret) {
    secret = loadOrCreate(db, name);
    byName.set(name, secret);
    // A failed first read (database down) must not be cached forever.
    secret.catch(() => byName.delete(name));
  }
  return secret;
}

/** The key that signs shopper tracking links; the same on every process sharing this database. */
export function getSigningSecret(db: Database): Promise<Buffer> {
  return getInstanceSecret(db, TRACKING_LINK_SECRET);
}
