import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.js";
import { etaCommand } from "../../src/cli/commands/eta.js";
import { parseEtaModel } from "../../src/eta/model.js";
import { predictEta } from "../../src/eta/predict.js";
import { syntheticHistoryCsv } from "../../src/eta/synthetic.js";

let dir: string;
let history: string;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {} };
  const code = await etaCommand.run(argv, io);
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "shipwatch-eta-"));
  history = join(dir, "history.csv");
  await writeFile(history, syntheticHistoryCsv({ orders: 12_000, seed: 21 }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each backtest trains a model: give them room on a busy 2-core machine.
describe("shipwatch eta backtest", { timeout: 120_000 }, () => {
  it("prints one JSON object with model, baseline and promised figures for both stages", async () => {
    const { code, out, err } = await run(
      "backtest",
      "--history",
      history,
      "--train-before",
      "2018-01-01",
      "--test-from",
      "2018-01-01",
      "--test-to",
      "2018-06-30",
      "--json",
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.split).toEqual({
      train_before: "2018-01-01",
      test_from: "2018-01-01",
      test_to: "2018-06-30",
    });
    for (const stage of ["at_order", "at_ship"]) {
      for (const source of [
        result[stage],
        result[stage].model,
        result[stage].baseline,
        result[stage].promised,
      ]) {
        for (const field of [
          "n",
          "mae_days",
          "bias_days",
          "window_hit_rate",
          "mean_window_days",
          "coverage_80",
          "late_rate_vs_promise",
          "mean_promise_days",
        ]) {
          expect(source).toHaveProperty(field);
        }
      }
      expect(result[stage].n).toBeGreaterThan(1000);
      expect(result[stage].promised.window_hit_rate).toBeNull();
      expect(result.baseline[stage]).toEqual(result[stage].baseline);
    }
    expect(result.at_order.mae_days).toBeLessThan(result.at_order.baseline.mae_days);
    expect(result.data_quality.skipped.not_delivered).toBeGreaterThan(0);
    expect(result.data_quality.examples[0]).toMatchObject({
      line: expect.any(Number),
      reason: expect.any(String),
    });
  });

  it("prints a readable table without --json, and takes the quantile and coverage flags", async () => {
    const { code, out } = await run(
      "backtest",
      "--history",
      history,
      "--train-before",
      "2018-01-01",
      "--promise-quantile",
      "0.97",
      "--coverage",
      "0.9",
    );
    expect(code).toBe(0);
    expect(out).toMatch(/at_order\s+model/);
    expect(out).toMatch(/promise quantile 0\.97 \(fixed\)/);
    expect(out).toContain("2018-01-01..2018-08-");
  });

  it("writes the trained model when asked", async () => {
    const modelFile = join(dir, "model.json");
    const { code } = await run(
      "backtest",
      "--history",
      history,
      "--train-before",
      "2018-01-01",
      "--json",
      "--model-out",
      modelFile,
    );
    expect(code).toBe(0);
    const model = parseEtaModel(await readFile(modelFile, "utf8"));
    const prediction = predictEta(model, {
      facts: { destination: { region: "SP", country: "BR" } },
      orderedAt: "2018-02-01 10:00",
    });
    expect(prediction.ok).toBe(true);
  });

  it("exits 2 on usage errors and 1 on unusable files", async () => {
    expect((await run()).code).toBe(2);
    expect((await run("forecast")).code).toBe(2);
    expect((await run("backtest", "--history", history)).code).toBe(2);
    expect((await run("backtest", "--history", history, "--train-before", "someday")).code).toBe(2);
    expect(
      (await run("backtest", "--history", history, "--train-before", "2018-01-01", "--bogus")).code,
    ).toBe(2);
    expect(
      (await run("backtest", "--history", history, "--train-before", "2018-01-01", "--promise-quantile", "2"))
        .code,
    ).toBe(2);
    const missing = await run("backtest", "--history", join(dir, "nope.csv"), "--train-before", "2018-01-01");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read");
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "order_id,carrier\n1,x\n");
    expect((await run("backtest", "--history", bad, "--train-before", "2018-01-01")).code).toBe(1);
    expect((await run("backtest", "--history", history, "--train-before", "2010-01-01")).code).toBe(1);
  });
});
