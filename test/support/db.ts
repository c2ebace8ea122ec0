/**
 * A fresh, migrated database for one test file: PGlite from the run's template by default, or a schema of its
 * own on the PostgreSQL server named by TEST_DATABASE_URL. Never a mock: every test runs real SQL.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { useSecretKeyring } from "../../src/db/secrets/keyring-registry.js";
import { parseSecretKey } from "../../src/db/secrets/keyring-source.js";
import { secretKey } from "../../src/db/secrets/sealed-box.js";

/**
 * The instance key of test databases (SHIPWATCH_SECRET_KEY for a child `shipwatch` process sharing one). A fixed
 * key, so a process started by a test opens what the test sealed; never used outside tests.
 */
export const TEST_SECRET_KEY = "c2hpcHdhdGNoIHRlc3Qga2V5LCBuZXZlciBpbiBwcm8=";

function attachTestKey(db: Database): void {
  useSecretKeyring(db, {
    current: secretKey(parseSecretKey(TEST_SECRET_KEY, "TEST_SECRET_KEY")),
    previous: [],
    origin: "the test key",
  });
}

export interface TestDatabase extends Database {
  /** Drops the schema (PostgreSQL) and closes the connection. */
  destroy(): Promise<void>;
}

export const testEngine = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schemaName = `t_${randomBytes(6).toString("hex")}`;
    const db = await openDatabase({ url, schemaName, poolSize: 5 });
    await migrate(db);
    attachTestKey(db);
    return Object.assign(db, {
      async destroy() {
        await db.query(`DROP SCHEMA ${schemaName} CASCADE`);
        await db.close();
      },
    });
  }
  const template = readFileSync(inject("pgliteTemplate"));
  const db = await openDatabase({ loadDataDir: new Blob([template]) });
  attachTestKey(db);
  return Object.assign(db, { destroy: () => db.close() });
}
