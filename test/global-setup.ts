/**
 * Builds one migrated PGlite template per test run (initdb costs seconds and ~750 MB), written to a file;
 * each test file then starts its own database from it in a fraction of a second.
 * With TEST_DATABASE_URL set, test files use the PostgreSQL server instead, one schema each.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";

export default async function setup(project: TestProject): Promise<void> {
  const file = resolve(".tmp", `pglite-template-${process.pid}.tar.gz`);
  mkdirSync(resolve(".tmp"), { recursive: true });
  const db = await openDatabase();
  await migrate(db);
  const dump = await db.pglite!.dumpDataDir("gzip");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide("pgliteTemplate", file);
  if (process.env.TEST_DATABASE_URL) console.log(`database tests run on ${process.env.TEST_DATABASE_URL}`);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
