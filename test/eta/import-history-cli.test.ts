/**
 * `shipwatch import history FILE.csv`: streamed, bad rows reported by reason with their line numbers, good rows
 * stored once per order id (a second import updates them), then a model trained and activated.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.js";
import { runHistoryImport } from "../../src/cli/commands/import-history.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { syntheticHistoryCsv } from "../../src/eta/synthetic.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { HISTORY_OPTIONS } from "./support.js";

let db: TestDatabase;
let dir: string;
let sellerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "shipwatch-history-"));
  sellerId = (await createSeller(db.orm, { slug: "hist", name: "Hist" })).id;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.destroy();
});

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} };
  const code = await runHistoryImport(db, argv, io);
  return { code, out, err };
}

/** The synthetic history without its own dirty rows, and four bad rows at known lines. */
function fileWithBadRows(): { text: string; bad: Record<number, string> } {
  const lines = syntheticHistoryCsv({ ...HISTORY_OPTIONS, dirty: false })
    .trimEnd()
    .split("\n");
  const good = lines[1]!.split(",");
  const row = (patch: Record<number, string>) => good.map((v, i) => patch[i] ?? v).join(",");
  // Columns: 0 order_id … 9 ordered_at, 10 shipped_at, 11 delivered_at.
  const inserted: [number, string, string][] = [
    [5, row({ 0: "bad-1", 9: "yesterday" }), "bad_ordered_at"],
    [40, row({ 0: "bad-2", 11: "2017-12-01 10:00:00" }), "delivered_before_ordered"],
    [77, row({ 0: "" }), "missing_order_id"],
    [120, "bad-4,correios,pac", "column_count"],
  ];
  const bad: Record<number, string> = {};
  for (const [at, text, reason] of inserted) {
    lines.splice(at - 1, 0, text);
    bad[at] = reason;
  }
  return { text: `${lines.join("\n")}\n`, bad };
}

describe("shipwatch import history", { timeout: 180_000 }, () => {
  it("reports bad rows with their line numbers, stores the rest and trains a model", async () => {
    const { text, bad } = fileWithBadRows();
    const file = join(dir, "history.csv");
    await writeFile(file, text);
    const { code, out, err } = await run(file, "--seller", "hist");
    expect(err).toBe("");
    expect(code).toBe(0);
    for (const [line, reason] of Object.entries(bad)) expect(out).toContain(`line ${line}: ${reason}`);
    const usable = HISTORY_OPTIONS.orders;
    expect(out).toContain(`${usable + 4} rows read, ${usable} usable (${usable} new, 0 already imported`);
    expect(out).toMatch(/Model version 1 trained on \d+ deliveries/);
    const [count] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM eta_history_rows WHERE seller_id = $1",
      [sellerId],
    );
    expect(count!.n).toBe(usable);
    const [model] = await db.query<{ version: number; active: boolean }>(
      "SELECT version, active FROM eta_models WHERE seller_id = $1",
      [sellerId],
    );
    expect(model).toEqual({ version: 1, active: true });

    // Importing the same file again stores nothing twice.
    const again = await run(file, "--seller", sellerId, "--no-train", "--json");
    expect(again.code).toBe(0);
    const report = JSON.parse(again.out);
    expect(report).toMatchObject({ rowsUsable: usable, inserted: 0, updated: usable, training: null });
    expect(report.skipped).toEqual({
      bad_ordered_at: 1,
      delivered_before_ordered: 1,
      missing_order_id: 1,
      column_count: 1,
    });
    expect(
      report.examples.map((e: { line: number }) => e.line).sort((a: number, b: number) => a - b),
    ).toEqual(Object.keys(bad).map(Number));
    const [after] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM eta_history_rows WHERE seller_id = $1",
      [sellerId],
    );
    expect(after!.n).toBe(usable);
  });

  it("refuses a file without the dates it needs, an unknown seller and a missing file", async () => {
    const file = join(dir, "nodates.csv");
    await writeFile(file, "order_id,carrier\n1,ups\n");
    const noDates = await run(file, "--seller", "hist");
    expect(noDates.code).toBe(1);
    expect(noDates.err).toContain("history header lacks ordered_at, delivered_at");
    expect((await run(file, "--seller", "nobody")).code).toBe(2);
    expect((await run(join(dir, "missing.csv"), "--seller", "hist")).err).toContain("ENOENT");
  });
});
