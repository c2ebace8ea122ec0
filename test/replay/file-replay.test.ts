/**
 * Replay of file imports: a stored `file:csv` or `file:edi214` batch is read again by the file readers (not as
 * normalized JSON, which would mark it failed). Yesterday's reader lost the deliveries; the replay gives them
 * back, without storing anything twice or adding events — and a replay of files read right adds nothing.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { importEventsFile } from "../../src/ingest/files/import-events.js";
import { parseStoredFilePayload } from "../../src/ingest/files/stored-file-payload.js";
import { ingest, type RawInput } from "../../src/ingest/ingest.js";
import { replayRawPayloads } from "../../src/ingest/replay.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
const fixture = (name: string) => fileURLToPath(new URL(`../files/fixtures/${name}`, import.meta.url));
const SINCE = new Date("2000-01-01T00:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

interface Stored {
  source: string;
  content_type: string;
  body: Buffer | Uint8Array;
  headers: Record<string, string>;
}

const storedPayloads = (sellerId: string) =>
  db.query<Stored & { id: number; parse_status: string; event_count: number }>(
    `SELECT id, source, content_type, body, headers, parse_status, event_count FROM raw_payloads
     WHERE seller_id = $1 ORDER BY id`,
    [sellerId],
  );

const shipments = (sellerId: string) =>
  db.query<{ carrier: string; tracking_number: string; status: string; event_count: number }>(
    `SELECT carrier, tracking_number, status, event_count FROM shipments WHERE seller_id = $1
     ORDER BY carrier, tracking_number`,
    [sellerId],
  );

describe("replaying file imports", () => {
  let imported: string;
  beforeAll(async () => {
    imported = (await createSeller(db.orm, { slug: "files-ok", name: "Files" })).id;
    await importEventsFile(db, imported, fixture("events.csv"), { batchSize: 2 });
    await importEventsFile(db, imported, fixture("status.214"));
  });

  it("reads stored CSV and EDI 214 batches with the file readers: nothing new, nothing marked failed", async () => {
    const before = await shipments(imported);
    const payloads = await storedPayloads(imported);
    expect(new Set(payloads.map((p) => p.source))).toEqual(new Set(["file:csv", "file:edi214"]));
    const progress = await replayRawPayloads(db, { since: SINCE, sellerId: imported });
    expect(progress).toMatchObject({ payloads: payloads.length, failed: 0, eventsAdded: 0 });
    expect((await storedPayloads(imported)).map((p) => p.parse_status)).toEqual(payloads.map(() => "parsed"));
    expect(await shipments(imported)).toEqual(before);
  });

  it("gives back what yesterday's reader lost, from the same stored bytes", async () => {
    const buggy = (await createSeller(db.orm, { slug: "files-bug", name: "Files bug" })).id;
    // The same batches as the import stored them, first read by a reader that could not map deliveries.
    for (const p of await storedPayloads(imported)) {
      const input: RawInput = {
        source: p.source,
        contentType: p.content_type,
        body: Buffer.from(p.body),
        headers: p.headers,
      };
      const output = await parseStoredFilePayload(input);
      for (const result of output.results)
        for (const event of result.events)
          if (event.status === "delivered")
            Object.assign(event, { status: null, substatus: null, unmapped: true });
      await ingest(db, buggy, input, { normalize: () => output, createMissingShipments: true });
    }
    const wrong = await shipments(buggy);
    expect(wrong.some((s) => s.status === "delivered")).toBe(false);
    const storedBefore = (await storedPayloads(buggy)).length;

    const progress = await replayRawPayloads(db, { since: SINCE, sellerId: buggy, source: "file:csv" });
    expect(progress).toMatchObject({ failed: 0, eventsAdded: 0, shipmentsChanged: 1 });
    await replayRawPayloads(db, { since: SINCE, sellerId: buggy, source: "file:edi214" });

    // Now the same as the seller whose import read them right, and still one stored payload per batch.
    expect(await shipments(buggy)).toEqual(await shipments(imported));
    expect((await storedPayloads(buggy)).length).toBe(storedBefore);
    expect((await shipments(buggy)).filter((s) => s.status === "delivered")).toHaveLength(2);
  });

  it("keeps an import's --carrier for EDI, so a replay reads an unknown SCAC the same way", async () => {
    const seller = (await createSeller(db.orm, { slug: "files-scac", name: "SCAC" })).id;
    const report = await importEventsFile(db, seller, fixture("status.214"), { carrier: "ups" });
    expect(report.eventsRead).toBe(6); // ACME's set is read as UPS now
    const progress = await replayRawPayloads(db, { since: SINCE, sellerId: seller });
    expect(progress).toMatchObject({ failed: 0, eventsAdded: 0 });
    const [stored] = await storedPayloads(seller);
    const reread = await parseStoredFilePayload({
      source: stored!.source,
      contentType: stored!.content_type,
      body: Buffer.from(stored!.body),
      headers: stored!.headers,
    });
    expect(reread.results.reduce((n, r) => n + r.events.length, 0)).toBe(6);
  });
});
