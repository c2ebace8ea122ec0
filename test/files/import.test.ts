/**
 * Importing event files into the ledger: good rows become events on the seller's shipments (stored raw, deduped),
 * bad rows are reported by line; the CLI prints a report; the drop folder takes only complete files and files
 * them under processed/ or failed/ with a report.
 */
import { mkdtemp, readdir, readFile, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createDropFolderWatcher } from "../../src/ingest/files/drop-folder.js";
import { importEventsFile } from "../../src/ingest/files/import-events.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
let sellerId: string;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "importer", name: "Importer" })).id;
});
afterAll(() => db.destroy());

async function shipment(carrier: string, tn: string) {
  const rows = await db.query<{ status: string; event_count: number; substatus: string | null }>(
    "SELECT status, substatus, event_count FROM shipments WHERE seller_id = $1 AND carrier = $2 AND tracking_number = $3",
    [sellerId, carrier, tn],
  );
  return rows[0];
}

describe("importEventsFile", () => {
  it("imports the good CSV rows, reports the bad ones by line, and is idempotent", async () => {
    const report = await importEventsFile(db, sellerId, fixture("events.csv"), { batchSize: 2 });
    expect(report).toMatchObject({
      format: "csv",
      records: 8,
      eventsRead: 4,
      eventsAdded: 4,
      duplicateEvents: 0,
      errorCount: 4,
    });
    expect(report.errors.map((e) => e.line)).toEqual([4, 7, 8, 9]);
    expect(await shipment("fedex", "794623158442")).toMatchObject({ status: "delivered", event_count: 2 });
    expect(await shipment("ups", "1Z999AA10123456784")).toMatchObject({
      status: "in_transit",
      substatus: "picked_up",
    });
    const raw = await db.query<{ source: string; content_type: string }>(
      "SELECT DISTINCT source, content_type FROM raw_payloads WHERE seller_id = $1",
      [sellerId],
    );
    expect(raw).toEqual([{ source: "file:csv", content_type: "text/csv" }]);
    const again = await importEventsFile(db, sellerId, fixture("events.csv"), { batchSize: 2 });
    expect(again).toMatchObject({ eventsRead: 4, eventsAdded: 0, duplicateEvents: 4 });
  });

  it("imports an EDI 214 file, detected by its ISA header", async () => {
    const report = await importEventsFile(db, sellerId, fixture("status.214"));
    expect(report).toMatchObject({ format: "edi214", eventsRead: 5, errorCount: 2 });
    expect(await shipment("ups", "1Z999AA10123456784")).toMatchObject({ status: "delivered" });
    expect(await shipment("usps", "9400100000000000000001")).toMatchObject({
      status: "exception",
      substatus: "address_issue",
    });
  });
});

describe("drop folder", () => {
  it("waits for a file to stop growing, ignores partial uploads, and files each delivery with a report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-drop-"));
    let clock = 1_000_000;
    const watcher = createDropFolderWatcher({ db, sellerId, dir, stableMs: 5_000, now: () => clock });
    await copyFile(fixture("status.214"), join(dir, "ups-0302.214"));
    await writeFile(join(dir, "fedex-0302.csv.part"), "carrier,tracking_number,occurred_at\n");
    await writeFile(join(dir, "garbage.csv"), "this is not,an events file\n1,2\n");
    expect(await watcher.scanOnce()).toEqual([]); // first sight: not yet known to be complete
    clock += 6_000;
    const outcomes = await watcher.scanOnce();
    expect(outcomes.map((o) => [o.file, o.movedTo.slice(dir.length + 1)])).toEqual([
      ["garbage.csv", "failed/garbage.csv"],
      ["ups-0302.214", "processed/ups-0302.214"],
    ]);
    expect((await readdir(dir)).sort()).toEqual(["failed", "fedex-0302.csv.part", "processed"]);
    const report = JSON.parse(
      await readFile(join(dir, "processed", "ups-0302.214.report.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(report).toMatchObject({ file: "ups-0302.214", format: "edi214", eventsRead: 5, errorCount: 2 });
    const failed = JSON.parse(await readFile(join(dir, "failed", "garbage.csv.report.json"), "utf8")) as {
      errors: { line: number; message: string }[];
    };
    expect(failed.errors[0]).toEqual({
      line: 1,
      message: "header: missing required column(s): carrier, tracking_number, occurred_at",
    });
    // The same name delivered again is kept beside the first, never over it.
    await copyFile(fixture("status.214"), join(dir, "ups-0302.214"));
    await watcher.scanOnce();
    clock += 6_000;
    const second = await watcher.scanOnce();
    expect(second[0]!.movedTo).toMatch(/processed\/ups-0302\.\d{4}-.*\.214$/);
  });
});
