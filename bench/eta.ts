/**
 * ETA backtest benchmark: writes a seeded synthetic marketplace history (100k orders; --quick 20k), runs
 * `shipwatch eta backtest` on it through the command itself, and prints the time, the model's accuracy and the
 * naive global-median baseline's, measured in the same run. Ends with one `BENCH {json}` line whose ratio is
 * the model's MAE over the baseline's (lower is better).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { etaCommand } from "../src/cli/commands/eta.js";
import { syntheticHistoryCsv } from "../src/eta/synthetic.js";

const quick = process.argv.includes("--quick");
const orders = quick ? 20_000 : 100_000;
const dir = await mkdtemp(join(tmpdir(), "shipwatch-bench-eta-"));
try {
  const history = join(dir, "history.csv");
  await writeFile(history, syntheticHistoryCsv({ orders, seed: 7 }));
  let out = "";
  let err = "";
  const started = performance.now();
  const code = await etaCommand.run(
    ["backtest", "--history", history, "--train-before", "2018-01-01", "--test-to", "2018-08-31", "--json"],
    { stdout: (t) => (out += t), stderr: (t) => (err += t), env: process.env },
  );
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`eta backtest exited ${code}: ${err}`);
  const r = JSON.parse(out);
  const o = r.at_order;
  const s = r.at_ship;
  console.log(`orders ${orders}, train ${r.train_rows}, test ${r.test_rows}, ${seconds.toFixed(2)} s`);
  console.log(
    `at_order model    MAE ${o.mae_days} d, 80% window ${o.mean_window_days} d covering ${o.coverage_80}`,
  );
  console.log(`at_order baseline MAE ${o.baseline.mae_days} d, covering ${o.baseline.coverage_80}`);
  console.log(
    `at_order promise  ${o.mean_promise_days} d late ${o.late_rate_vs_promise}; promised_at ${o.promised.mean_promise_days} d late ${o.promised.late_rate_vs_promise}`,
  );
  console.log(
    `at_ship  model    MAE ${s.mae_days} d (baseline ${s.baseline.mae_days}), covering ${s.coverage_80}`,
  );
  const bench = {
    bench: "eta",
    orders,
    seconds: Number(seconds.toFixed(2)),
    rows_per_s: Math.round(orders / seconds),
    mae_days: o.mae_days,
    coverage_80: o.coverage_80,
    late_rate: r.model_on_promised_rows.at_order.late_rate_vs_promise,
    promise_days: r.model_on_promised_rows.at_order.mean_promise_days,
    promised_late_rate: o.promised.late_rate_vs_promise,
    promised_days: o.promised.mean_promise_days,
    baseline: "global_median",
    baseline_mae_days: o.baseline.mae_days,
    ratio: Number((o.mae_days / o.baseline.mae_days).toFixed(4)),
  };
  console.log(`BENCH ${JSON.stringify(bench)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
