/**
 * The one database client factory: embedded PGlite in a local folder by default, a PostgreSQL server when
 * a connection URL is given. Both expose the same Drizzle instance type and the same raw-SQL helpers.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./lock.js";
import { schemaRelations } from "./relations.js";
import { schema, type Schema } from "./schema.js";

const ormSchema = { ...schema, ...schemaRelations };

// Prepared statements are named by their text, so two texts never share a name. The set a process prepares is
// small and fixed (the ingest paths' statements, pg-boss's); the cap keeps a mistake from growing every
// connection's statement cache without bound: past it, statements simply run unprepared.
const statementNames = new Map<string, string>();
const MAX_PREPARED_STATEMENTS = 512;
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_PREPARED_STATEMENTS) {
    name = `sw_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

export type Orm = PgDatabase<PgQueryResultHKT, Schema & typeof schemaRelations>;
export type Engine = "pglite" | "postgres";

/** A single connection inside a transaction, for multi-statement SQL (migrations) and raw queries. */
export interface SqlSession {
  /** PGlite runs one transaction at a time, so row locks there cost work and buy nothing. */
  readonly engine: Engine;
  /**
   * `options.prepare` makes the statement a prepared one on a PostgreSQL server (named by its text): each
   * connection parses and plans it once and then only binds and runs it. For the hot statements of the ingest
   * paths, run thousands of times; the server may keep a generic plan after five runs, so not for queries whose
   * best plan depends on the values.
   */
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: { prepare?: boolean },
  ): Promise<T[]>;
  exec(text: string): Promise<void>;
}

export interface Database {
  readonly engine: Engine;
  readonly orm: Orm;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction on one connection. */
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Set for PGlite; used by tests to snapshot a migrated database. */
  readonly pglite?: PGlite;
  /** The embedded database's folder (PGlite on disk); its instance key file lives there too. */
  readonly dataDir?: string;
  readonly pool?: pg.Pool;
}

export interface DatabaseOptions {
  /** postgres://… — a PostgreSQL server. When absent, embedded PGlite is used. */
  url?: string;
  /** Folder for PGlite (the database lives in `<dataDir>/pg`); omitted = in memory. */
  dataDir?: string;
  /** A PGlite data-folder snapshot to start from (tests start from a migrated template). */
  loadDataDir?: Blob;
  /** PostgreSQL only: schema to use, created if missing (tests isolate each file in its own schema). */
  schemaName?: string;
  poolSize?: number;
}

// PGlite returns int8 as a number and pg as a string: parse both to numbers so queries agree.
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (value: string) => Number.parseInt(value, 10);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) lock = acquireDataDirLock(options.dataDir);
  try {
    const pglite = new PGlite({
      ...(options.dataDir ? { dataDir: join(options.dataDir, "pg") } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      // A 16 MB buffer pool keeps the process near 200 MB instead of ~1 GB; plenty for one seller.
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
    });
    await pglite.waitReady;
    const orm = drizzlePglite({ client: pglite, schema: ormSchema }) as unknown as Orm;
    return {
      engine: "pglite",
      orm,
      pglite,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      async query<T>(text: string, params?: unknown[]) {
        return (await pglite.query<T>(text, params as never[])).rows;
      },
      session<T>(fn: (session: SqlSession) => Promise<T>) {
        return pglite.transaction((tx) =>
          fn({
            engine: "pglite",
            query: async <R>(text: string, params?: unknown[]) =>
              (await tx.query<R>(text, params as never[])).rows,
            exec: async (text: string) => {
              await tx.exec(text);
            },
          }),
        );
      },
      async close() {
        try {
          if (!pglite.closed) await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const schemaName = options.schemaName;
  if (schemaName && !/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`bad schema name ${schemaName}`);
  if (schemaName) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    ...(schemaName ? { options: `-c search_path=${schemaName}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const orm = drizzlePg({ client: pool, schema: ormSchema }) as unknown as Orm;
  return {
    engine: "postgres",
    orm,
    pool,
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    async session<T>(fn: (session: SqlSession) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          engine: "postgres",
          query: async <R>(text: string, params?: unknown[], options?: { prepare?: boolean }) => {
            const name = options?.prepare ? statementName(text) : undefined;
            const result = name
              ? await client.query({ name, text, values: params ?? [] })
              : await client.query(text, params);
            return result.rows as R[];
          },
          exec: async (text: string) => {
            await client.query(text);
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
