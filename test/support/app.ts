/** A real app on a real test database, with a seller and keys of every scope. */
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/index.js";
import { createApiKey, type Scope } from "../../src/db/repositories/api-keys.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

export interface TestSeller {
  id: string;
  slug: string;
  keys: Record<Scope, string>;
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  seller(slug: string, settings?: Record<string, unknown>): Promise<TestSeller>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await buildApp(loadConfig({}, { logLevel: "silent", ...overrides }), { db });
  return {
    app,
    db,
    async seller(slug, settings = {}) {
      const seller = await createSeller(db.orm, { slug, name: slug, settings });
      const keys = {} as Record<Scope, string>;
      for (const scope of ["read", "write", "admin"] as const) {
        keys[scope] = (
          await createApiKey(db.orm, { sellerId: seller.id, name: scope, scopes: [scope] })
        ).secret;
      }
      return { id: seller.id, slug, keys };
    },
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
