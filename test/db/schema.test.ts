import { getTableColumns, getTableName } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db/schema.js";
import { listMigrations, migrate } from "../../src/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("schema", () => {
  it("the Drizzle schema names exactly the columns the SQL migrations create", async () => {
    for (const table of Object.values(schema)) {
      const name = getTableName(table);
      const rows = await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()",
        [name],
      );
      const inDb = rows.map((r) => r.column_name).sort();
      const inDrizzle = Object.values(getTableColumns(table))
        .map((c) => c.name)
        .sort();
      expect({ table: name, columns: inDrizzle }).toEqual({ table: name, columns: inDb });
    }
  });

  it("migrating again is a no-op, and an edited applied migration is refused", async () => {
    expect((await migrate(db)).applied).toEqual([]);
    const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/changed after it was applied/);
  });
});
