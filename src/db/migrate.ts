/**
 * Applies the numbered SQL files in src/db/migrations in order, each in its own transaction, recording
 * them in schema_migrations. An advisory lock makes concurrent starters (API and worker) take turns.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Database } from "./client.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));
const LOCK_KEY = 7_461_535; // arbitrary, constant: "shipwatch migrations"

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The migration files, sorted by their number prefix (0001_core.sql → version 1). */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, "utf8");
      return {
        version: Number.parseInt(file.slice(0, 4), 10),
        name: file.replace(/\.sql$/, ""),
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
}

export interface MigrationReport {
  applied: string[];
  current: number;
}

/** Brings the database to the newest migration; returns what it applied. */
export async function migrate(db: Database, migrations = listMigrations()): Promise<MigrationReport> {
  await db.session(async (s) => {
    await s.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await s.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.session(async (s) => {
      await s.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
      const rows = await s.query<{ checksum: string }>(
        "SELECT checksum FROM schema_migrations WHERE version = $1",
        [migration.version],
      );
      if (rows[0]) {
        if (rows[0].checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} was changed after it was applied; add a new migration instead`,
          );
        }
        return true;
      }
      await s.exec(migration.sql);
      await s.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return false;
    });
    if (!done) applied.push(migration.name);
  }
  return { applied, current: migrations.at(-1)?.version ?? 0 };
}
