/**
 * A large CSV streams through the importer in constant memory: the JS heap after the whole file is not larger
 * than after its first part (GC forced at both points). 50,000 rows by default; the full million when CI=true on
 * embedded PGlite, where the database shares this process's memory. The PostgreSQL run keeps 50,000 rows: the
 * importer's memory does not depend on the engine, and a second million-row run took CI close to its time limit.
 * No timing is asserted.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { importEventsFile } from "../../src/ingest/files/import-events.js";
import { createTestDatabase, testEngine, type TestDatabase } from "../support/db.js";

const ROWS = process.env.CI === "true" && testEngine === "pglite" ? 1_000_000 : 50_000;
setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

let db: TestDatabase;
let sellerId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "bulk", name: "Bulk" })).id;
});
afterAll(() => db.destroy());

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write("carrier,tracking_number,occurred_at,status,description,city,region,country\n");
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < rows; i++) {
    const tn = `1ZBULK${String(i % 2_000).padStart(12, "0")}`;
    const at = new Date(base + i * 1000).toISOString();
    await write(`ups,${tn},${at},in_transit,"Scan ${i}, arrived",Louisville,KY,US\n`);
    if (i % 997 === 0) await write(`ups,${tn},not-a-time,in_transit,bad row,,,\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

it(
  `imports ${ROWS.toLocaleString("en-US")} rows without heap growth and reports every bad row`,
  { timeout: 900_000 },
  async () => {
    const path = join(await mkdtemp(join(tmpdir(), "sw-bulk-")), "bulk.csv");
    await writeCsv(path, ROWS);
    const size = (await stat(path)).size;
    let early: number | null = null;
    const report = await importEventsFile(db, sellerId, path, {
      batchSize: 5000,
      onProgress: (p) => {
        if (early === null && p.bytesRead > size * 0.2) {
          gc();
          early = process.memoryUsage().heapUsed;
        }
      },
    });
    gc();
    const late = process.memoryUsage().heapUsed;
    const badRows = Math.floor((ROWS - 1) / 997) + 1;
    expect(report).toMatchObject({ eventsRead: ROWS, eventsAdded: ROWS, errorCount: badRows });
    expect(report.errors[0]).toEqual({
      line: 3,
      message: 'occurred_at "not-a-time" is not an ISO 8601 date-time',
    });
    expect(early).not.toBeNull();
    const growth = late - early!;
    console.log(
      `file ${(size / 1e6).toFixed(1)} MB; heap at 20%: ${(early! / 1e6).toFixed(1)} MB; at the end: ${(late / 1e6).toFixed(1)} MB`,
    );
    // Holding the file (or its rows) would grow the heap by more than the file's size; allow GC slack, not that.
    expect(growth).toBeLessThan(Math.min(16e6, size / 4));
  },
);
