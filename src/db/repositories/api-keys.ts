/**
 * API keys: 256-bit random, shown once, stored as a sha256 hash. A key has scopes (read, write, admin),
 * can be rotated (a new key replaces it; the old one is revoked) and revoked.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Orm } from "../client.js";
import { apiKeys } from "../schema.js";

export const SCOPES = ["read", "write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export type ApiKeyRecord = typeof apiKeys.$inferSelect;
/** A key as listed: never the secret or its hash. */
export type ApiKeyView = Omit<ApiKeyRecord, "keyHash">;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateKey(): string {
  return `sw_${randomBytes(32).toString("base64url")}`;
}

/** What is stored of a key: the first characters to recognise it by, and its hash. */
export function storedKeyColumns(secret: string): { prefix: string; keyHash: string } {
  return { prefix: secret.slice(0, 10), keyHash: hashApiKey(secret) };
}

function view(record: ApiKeyRecord): ApiKeyView {
  const { keyHash: _hash, ...rest } = record;
  return rest;
}

/** Creates a key; the returned `secret` is the only time the key itself exists outside the caller. */
export async function createApiKey(
  orm: Orm,
  input: { sellerId: string; name: string; scopes: readonly Scope[]; secret?: string; rotatedFrom?: string },
): Promise<{ key: ApiKeyView; secret: string }> {
  const secret = input.secret ?? generateKey();
  const [row] = await orm
    .insert(apiKeys)
    .values({
      sellerId: input.sellerId,
      name: input.name,
      ...storedKeyColumns(secret),
      scopes: [...new Set(input.scopes)],
      rotatedFrom: input.rotatedFrom ?? null,
    })
    .returning();
  return { key: view(row!), secret };
}

/** The live key matching this secret, or undefined (unknown or revoked). */
export async function authenticateApiKey(orm: Orm, secret: string): Promise<ApiKeyRecord | undefined> {
  const [row] = await orm
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(secret)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row;
}

export async function listApiKeys(orm: Orm, sellerId: string): Promise<ApiKeyView[]> {
  const rows = await orm
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.sellerId, sellerId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(view);
}

/** Revokes a key of this seller; undefined when there is no such live key. */
export async function revokeApiKey(orm: Orm, sellerId: string, id: string): Promise<ApiKeyView | undefined> {
  const [row] = await orm
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.sellerId, sellerId), isNull(apiKeys.revokedAt)))
    .returning();
  return row ? view(row) : undefined;
}

/** Replaces a live key with a new one of the same name and scopes, revoking the old one. */
export async function rotateApiKey(
  orm: Orm,
  sellerId: string,
  id: string,
): Promise<{ key: ApiKeyView; secret: string } | undefined> {
  return orm.transaction(async (tx) => {
    const [old] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.sellerId, sellerId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!old) return undefined;
    return createApiKey(tx as unknown as Orm, {
      sellerId,
      name: old.name,
      scopes: old.scopes as Scope[],
      rotatedFrom: old.id,
    });
  });
}
