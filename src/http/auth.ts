/**
 * Bearer API keys with scopes. A route declares the scope it needs; unknown or revoked keys get 401, a key
 * without the scope 403. `write` includes `read`, and `admin` includes both.
 */
import type { FastifyInstance } from "fastify";
import { AppError } from "../core/errors.js";
import type { Database } from "../db/client.js";
import { authenticateApiKey, type Scope } from "../db/repositories/api-keys.js";
import { apiKeys } from "../db/schema.js";
import { eq } from "drizzle-orm";

const IMPLIES: Record<Scope, readonly Scope[]> = {
  read: ["read"],
  write: ["read", "write"],
  admin: ["read", "write", "admin"],
};

export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  return granted.some((g) => IMPLIES[g].includes(needed));
}

// Recording last use on every request would add a write per read; once a minute per key is enough.
const LAST_USED_EVERY_MS = 60_000;

export function installAuth(app: FastifyInstance, db: Database): void {
  const lastUsedWrites = new Map<string, number>();
  app.addHook("preHandler", async (request) => {
    const needed = request.routeOptions.config.scope;
    if (!needed) return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AppError("SW_ERR_UNAUTHENTICATED", "Send an API key as 'Authorization: Bearer <key>'.");
    }
    const key = await authenticateApiKey(db.orm, match[1]!);
    if (!key) throw new AppError("SW_ERR_UNAUTHENTICATED", "The API key is unknown or has been revoked.");
    const scopes = key.scopes as Scope[];
    if (!hasScope(scopes, needed)) {
      throw new AppError("SW_ERR_FORBIDDEN", `This route needs the '${needed}' scope.`, {
        requiredScope: needed,
      });
    }
    request.auth = { sellerId: key.sellerId, keyId: key.id, scopes };
    const now = Date.now();
    if ((lastUsedWrites.get(key.id) ?? 0) < now - LAST_USED_EVERY_MS) {
      lastUsedWrites.set(key.id, now);
      await db.orm
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, key.id));
    }
  });
}
