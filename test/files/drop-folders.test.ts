/**
 * Drop folders as a worker runs them (SHIPWATCH_DROP_DIR): each seller's sub-folder is watched, complete files
 * are imported and filed under processed/ with a report, a file interrupted mid-import is imported again without
 * adding anything twice, and only one process at a time (the lease holder) watches a root.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDropFolders } from "../../src/ingest/files/drop-folders.js";
import { importEventsFile } from "../../src/ingest/files/import-events.js";
import { createJobsTestApp, eventually, type JobsTestApp } from "../jobs/support.js";

let t: JobsTestApp;
let root: string;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const fast = { intervalMs: 50, stableMs: 100, batchSize: 2 };

beforeAll(async () => {
  t = await createJobsTestApp();
  root = await mkdtemp(join(tmpdir(), "shipwatch-drop-"));
});
afterAll(() => t.close());

const counts = (sellerId: string) =>
  t.db
    .query<{ events: number; payloads: number }>(
      `SELECT (SELECT count(*)::int FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id
                WHERE s.seller_id = $1) AS events,
              (SELECT count(*)::int FROM raw_payloads WHERE seller_id = $1) AS payloads`,
      [sellerId],
    )
    .then((rows) => rows[0]!);

describe("drop folders in the worker", () => {
  it("imports a seller's complete files and files them under processed/ with a report", async () => {
    const seller = await t.seller("dropper");
    await mkdir(join(root, "dropper"), { recursive: true });
    await mkdir(join(root, "nobody"), { recursive: true });
    await copyFile(fixture("events.csv"), join(root, "dropper", "monday.csv"));
    await copyFile(fixture("events.csv"), join(root, "nobody", "ignored.csv"));
    const worker = await t.startWorker({ pollLoop: false, dropFolders: { root, ...fast } });
    try {
      await eventually(
        async () =>
          (await readdir(join(root, "dropper", "processed")).catch(() => [] as string[])).length === 2,
      );
      expect((await readdir(join(root, "dropper"))).sort()).toEqual(["failed", "processed"]);
      const report = JSON.parse(
        await readFile(join(root, "dropper", "processed", "monday.csv.report.json"), "utf8"),
      ) as Record<string, unknown>;
      expect(report).toMatchObject({ file: "monday.csv", eventsRead: 4, eventsAdded: 4, errorCount: 4 });
      expect((await counts(seller.id)).events).toBe(4);
      // A folder that names no seller is left as it is.
      expect(await readdir(join(root, "nobody"))).toEqual(["ignored.csv"]);
    } finally {
      await worker.stop();
    }
  });

  it("imports a file interrupted mid-import again from the start, adding nothing twice", async () => {
    const clean = await t.seller("clean-run");
    await importEventsFile(t.db, clean.id, fixture("events.csv"), { batchSize: 2 });
    const expected = await counts(clean.id);

    const seller = await t.seller("interrupted");
    await mkdir(join(root, "interrupted"), { recursive: true });
    const path = join(root, "interrupted", "tuesday.csv");
    await copyFile(fixture("events.csv"), path);
    // The worker stops after the first batch committed (a deploy, a crash): the file is still in the folder.
    let batches = 0;
    await expect(
      importEventsFile(t.db, seller.id, path, {
        batchSize: 2,
        onProgress: () => {
          if (++batches === 1) throw new Error("worker stopped");
        },
      }),
    ).rejects.toThrow("worker stopped");
    const partial = await counts(seller.id);
    expect(partial.events).toBeGreaterThan(0);
    expect(partial.events).toBeLessThan(expected.events);

    const worker = await t.startWorker({ pollLoop: false, dropFolders: { root, ...fast } });
    try {
      await eventually(async () =>
        (await readdir(join(root, "interrupted", "processed")).catch(() => [] as string[])).includes(
          "tuesday.csv",
        ),
      );
      expect(await counts(seller.id)).toEqual(expected);
      const report = JSON.parse(
        await readFile(join(root, "interrupted", "processed", "tuesday.csv.report.json"), "utf8"),
      ) as { eventsAdded: number; duplicateEvents: number };
      expect(report.eventsAdded + report.duplicateEvents).toBe(4);
      expect(report.duplicateEvents).toBe(partial.events);
    } finally {
      await worker.stop();
    }
  });

  it("lets one process at a time watch a root: the lease holder", async () => {
    const seller = await t.seller("leased");
    await mkdir(join(root, "leased"), { recursive: true });
    // Each starts with a scan: the second starts once the first holds the lease (on PostgreSQL the two first
    // scans would otherwise race for it, and either winning is correct).
    const first = startDropFolders(t.db, { root, ...fast, intervalMs: 60_000 });
    await first.scanOnce();
    const second = startDropFolders(t.db, { root, ...fast, intervalMs: 60_000 });
    try {
      await first.scanOnce();
      await copyFile(fixture("events.csv"), join(root, "leased", "wednesday.csv"));
      // Two looks, stableMs apart, before a file is taken; the second process never looks.
      await first.scanOnce();
      await second.scanOnce();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await second.scanOnce()).toEqual([]);
      const taken = await first.scanOnce();
      expect(taken.map((o) => o.file)).toEqual(["wednesday.csv"]);
      expect((await counts(seller.id)).events).toBe(4);
      // Once the holder stops (and releases the lease), the other takes over.
      await first.stop();
      await copyFile(fixture("events.csv"), join(root, "leased", "thursday.csv"));
      await second.scanOnce();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await second.scanOnce()).map((o) => o.file)).toEqual(["thursday.csv"]);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
