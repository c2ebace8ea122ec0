/**
 * Replay after a mapping fix: payloads first read by a parser that could not map "DL" are read again with
 * today's reader. Events take their new reading, state is recomputed, the outbox gets the change once, and
 * nothing is stored twice. Runs the module on the test database and the CLI on an embedded data folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { ingest, type RawInput } from "../../src/ingest/ingest.js";
import { parseNormalizedJson } from "../../src/ingest/normalized-json.js";
import { replayRawPayloads } from "../../src/ingest/replay.js";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { scanBody } from "../webhooks/support.js";

/** Yesterday's reader: it knew no status for code DL (the bug the mapping fix repairs). */
const buggyReader = (input: RawInput) => {
  const output = parseNormalizedJson(input.body.toString("utf8"));
  for (const result of output.results)
    for (const event of result.events)
      if (event.code === "DL") Object.assign(event, { status: null, substatus: null, unmapped: true });
  return output;
};

const journey = (tn: string) => [
  scanBody([
    {
      trackingNumber: tn,
      occurredAt: "2026-03-01T08:00:00Z",
      status: "in_transit",
      substatus: "picked_up",
      code: "PU",
    },
  ]),
  scanBody([
    { trackingNumber: tn, occurredAt: "2026-03-02T08:00:00Z", status: "out_for_delivery", code: "OD" },
  ]),
  scanBody([
    {
      trackingNumber: tn,
      occurredAt: "2026-03-02T15:00:00Z",
      status: "delivered",
      substatus: "left_at_door",
      code: "DL",
    },
  ]),
];

async function seed(db: Database, slug: string, tn: string): Promise<string> {
  const seller = await createSeller(db.orm, { slug, name: slug });
  for (const body of journey(tn)) {
    await ingest(
      db,
      seller.id,
      { source: "api", contentType: "application/json", body: Buffer.from(body) },
      { normalize: buggyReader },
    );
  }
  return seller.id;
}

const count = async (db: Database, sql: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

describe("replayRawPayloads", () => {
  let db: TestDatabase;
  let acme: string;
  let other: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    acme = await seed(db, "acme", "1ZREPLAY01");
    other = await seed(db, "other", "1ZREPLAY02");
  });
  afterAll(() => db.destroy());

  const status = async (sellerId: string) =>
    (await db.query<{ status: string }>("SELECT status FROM shipments WHERE seller_id = $1", [sellerId]))[0]!
      .status;

  it("re-reads the seller's payloads with today's reader and recomputes state, writing the change once", async () => {
    expect(await status(acme)).toBe("out_for_delivery");
    const rawBefore = await count(db, "raw_payloads");
    const progress: number[] = [];
    const result = await replayRawPayloads(
      db,
      { since: new Date(Date.now() - 86_400_000), sellerId: acme },
      { pageSize: 2, onProgress: (p) => progress.push(p.payloads) },
    );
    expect(result).toMatchObject({ total: 3, payloads: 3, eventsAdded: 0, shipmentsChanged: 1, failed: 0 });
    expect(progress).toEqual([2, 3]);
    expect(await status(acme)).toBe("delivered");
    expect(await status(other)).toBe("out_for_delivery");
    expect(await count(db, "raw_payloads")).toBe(rawBefore);
    const [event] = await db.query<{ status: string; unmapped: boolean }>(
      "SELECT e.status, e.unmapped FROM tracking_events e WHERE e.seller_id = $1 AND e.code = 'DL'",
      [acme],
    );
    expect(event).toEqual({ status: "delivered", unmapped: false });
    expect(await count(db, "outbox WHERE seller_id = $1 AND payload->>'to' = 'delivered'", [acme])).toBe(1);
    const counts = await db.query<{ event_count: number }>(
      "SELECT event_count FROM raw_payloads WHERE seller_id = $1",
      [acme],
    );
    expect(counts.map((c) => c.event_count)).toEqual([1, 1, 1]);
  });

  it("is a no-op the second time, and never replays a payload outside its window or source", async () => {
    const outbox = await count(db, "outbox");
    const again = await replayRawPayloads(db, { since: new Date(Date.now() - 86_400_000), sellerId: acme });
    expect(again).toMatchObject({ payloads: 3, eventsAdded: 0, shipmentsChanged: 0 });
    expect(await count(db, "outbox")).toBe(outbox);
    expect((await replayRawPayloads(db, { since: new Date(Date.now() + 60_000) })).payloads).toBe(0);
    expect((await replayRawPayloads(db, { since: new Date(0), source: "webhook:easypost" })).payloads).toBe(
      0,
    );
    expect(await status(other)).toBe("out_for_delivery");
  });
});

describe("shipwatch replay (CLI, embedded database)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shipwatch-replay-"));
    const db = await openDatabase({ dataDir: dir });
    await migrate(db);
    await seed(db, "cli", "1ZREPLAY03");
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports progress on stderr and a summary on stdout", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      env: { SHIPWATCH_DATA_DIR: dir },
    };
    expect(await runCli(["replay", "--since", "2000-01-01", "--seller", "cli", "--source", "api"], io)).toBe(
      0,
    );
    expect(err.join("")).toMatch(
      /replay: 3\/3 payloads \(100%\) · 0 events added · 1 status changes · 0 unparseable/,
    );
    expect(out.join("")).toMatch(
      /^replayed 3 payload\(s\) in [\d.]+ s: 0 new event\(s\), 1 shipment status change\(s\)/,
    );
    expect(await runCli(["replay"], io)).toBe(2);
    expect(await runCli(["replay", "--since", "2000-01-01", "--seller", "nobody"], io)).toBe(1);
  }, 120_000);
});
