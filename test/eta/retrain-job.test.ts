/**
 * The daily retrain through pg-boss: the worker registers the schedule, and an `eta-retrain` job trains every
 * seller with enough deliveries (imported history plus delivered shipments) and skips the others.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistory } from "../../src/eta/live/import-history.js";
import { JOB_SCHEDULES } from "../../src/jobs/catalog.js";
import { syntheticHistoryCsv } from "../../src/eta/synthetic.js";
import { createJobsTestApp, type JobsTestApp } from "../jobs/support.js";
import { HISTORY_OPTIONS } from "./support.js";

let t: JobsTestApp;

beforeAll(async () => {
  t = await createJobsTestApp();
});
afterAll(() => t.close());

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("eta-retrain job", { timeout: 180_000 }, () => {
  it("is scheduled daily and trains sellers with enough history, skipping the others", async () => {
    const rich = await t.seller("eta-rich");
    const poor = await t.seller("eta-poor");
    const csv = syntheticHistoryCsv(HISTORY_OPTIONS);
    await importHistory(t.db, rich.id, "rich.csv", [csv]);
    // 30 deliveries: too few to learn from.
    await importHistory(t.db, poor.id, "poor.csv", [csv.split("\n").slice(0, 31).join("\n")]);

    await t.startWorker();
    const schedules = await t.jobs.boss.getSchedules("eta-retrain");
    expect(schedules.map((s) => ({ key: s.key, cron: s.cron }))).toEqual([
      { key: "daily", cron: JOB_SCHEDULES.find((s) => s.name === "eta-retrain")!.cron },
    ]);

    await t.jobs.send("eta-retrain", {});
    const models = await waitFor(async () => {
      const rows = await t.db.query<{
        seller_id: string;
        version: number;
        active: boolean;
        from_history: number;
      }>(
        "SELECT seller_id, version, active, (training->>'fromHistory')::int AS from_history FROM eta_models",
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(models).toEqual([
      { seller_id: rich.id, version: 1, active: true, from_history: expect.any(Number) },
    ]);
    expect(models[0]!.from_history).toBeGreaterThan(1_000);

    // A second run makes version 2 the active one and keeps version 1.
    await t.jobs.send("eta-retrain", { sellerId: rich.id });
    await waitFor(async () => {
      const rows = await t.db.query<{ version: number }>(
        "SELECT version FROM eta_models WHERE seller_id = $1 AND active",
        [rich.id],
      );
      return rows[0]?.version === 2 ? true : undefined;
    });
    const all = await t.db.query<{ version: number; active: boolean }>(
      "SELECT version, active FROM eta_models WHERE seller_id = $1 ORDER BY version",
      [rich.id],
    );
    expect(all).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
    const none = await t.db.query("SELECT 1 FROM eta_models WHERE seller_id = $1", [poor.id]);
    expect(none).toHaveLength(0);
  });
});
