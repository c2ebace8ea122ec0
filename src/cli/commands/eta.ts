/**
 * `shipwatch eta backtest --history FILE.csv --train-before DATE [--test-from DATE] [--test-to DATE] [--json]`:
 * trains the delivery-window model on orders placed before the split and scores orders placed in the test
 * range, next to a naive global-median baseline and the marketplace's promised_at, in one run (metric
 * definitions: src/eta/README.md). The history is streamed. Exit 0; 1 when the file cannot be used; 2 for usage.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { CliCommand, CliIO } from "../command.js";
import type { BacktestResult, BacktestSplit, StageMetrics } from "../../eta/backtest.js";
import { backtestEta, describeSplit, loadHistorySplit } from "../../eta/backtest.js";
import { LAST_SUPPORTED_YEAR } from "../../eta/calendar.js";
import { dayFromYmd, parseDayOrThrow } from "../../eta/dates.js";
import type { DayCount } from "../../eta/features.js";
import type { HistoryReport } from "../../eta/history.js";
import { HistoryFormatError, emptyHistoryReport, historyFileChunks } from "../../eta/history.js";
import { serializeEtaModel } from "../../eta/model.js";
import type { TrainOptions } from "../../eta/train.js";
import { ETA_TRAIN_USAGE, etaTrainFromCli } from "./eta-train.js";

const USAGE = `shipwatch eta backtest --history FILE.csv --train-before DATE [--test-from DATE] [--test-to DATE] [--json]
    [--promise-quantile Q|auto] [--coverage C] [--half-life DAYS] [--prior-strength K]
    [--day-count auto|business|calendar] [--model-out FILE]

  Trains on orders placed before --train-before and scores orders placed from --test-from (default: the split)
  to --test-to (default: the end of the file), both inclusive, against a naive global-median baseline and the
  file's promised_at. --promise-quantile is the share of deliveries the promise should cover; "auto" (default)
  aims below the marketplace's own late rate in the training data (0.93 when promised_at is absent).`;

interface EtaArgs {
  history: string;
  split: BacktestSplit;
  testToGiven: boolean;
  json: boolean;
  modelOut: string | null;
  train: TrainOptions;
}

function numberIn(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name} must be a number in [${min}, ${max}]`);
  return value;
}

function parseBacktestArgs(argv: string[]): EtaArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      history: { type: "string" },
      "train-before": { type: "string" },
      "test-from": { type: "string" },
      "test-to": { type: "string" },
      json: { type: "boolean", default: false },
      "promise-quantile": { type: "string" },
      coverage: { type: "string" },
      "half-life": { type: "string" },
      "prior-strength": { type: "string" },
      "day-count": { type: "string" },
      "model-out": { type: "string" },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}`);
  if (!values.history) throw new Error("missing --history FILE.csv");
  if (!values["train-before"]) throw new Error("missing --train-before DATE");
  const trainBefore = parseDayOrThrow(values["train-before"], "--train-before");
  const testFrom = values["test-from"] ? parseDayOrThrow(values["test-from"], "--test-from") : trainBefore;
  const testTo = values["test-to"]
    ? parseDayOrThrow(values["test-to"], "--test-to")
    : dayFromYmd(LAST_SUPPORTED_YEAR, 12, 31);
  if (testTo < testFrom) throw new Error("--test-to is before --test-from");
  const quantileText = values["promise-quantile"];
  const dayCount = values["day-count"];
  if (dayCount !== undefined && !["auto", "business", "calendar"].includes(dayCount)) {
    throw new Error("--day-count must be auto, business or calendar");
  }
  const train: TrainOptions = {
    promiseQuantile:
      quantileText === undefined || quantileText === "auto"
        ? "auto"
        : numberIn(quantileText, "--promise-quantile", 0.5, 0.999),
    coverage: numberIn(values.coverage, "--coverage", 0.1, 0.99),
    halfLifeDays: numberIn(values["half-life"], "--half-life", 1, 100_000),
    priorStrength: numberIn(values["prior-strength"], "--prior-strength", 0, 10_000),
    dayCount: dayCount as DayCount | "auto" | undefined,
  };
  for (const key of Object.keys(train) as (keyof TrainOptions)[])
    if (train[key] === undefined) delete train[key];
  return {
    history: values.history,
    split: { trainBefore, testFrom, testTo },
    testToGiven: values["test-to"] !== undefined,
    json: values.json ?? false,
    modelOut: values["model-out"] ?? null,
    train,
  };
}

const fmt = (v: number | null, digits = 2) => (v === null ? "-" : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? "-" : `${(v * 100).toFixed(1)}%`);

function table(result: BacktestResult, report: HistoryReport, split: BacktestSplit): string {
  const s = describeSplit(split);
  const lines = [
    `ETA backtest: trained on ${result.train_rows} orders placed before ${s.train_before}; ` +
      `scored ${result.test_rows} orders placed ${s.test_from}..${s.test_to}`,
    "",
    `${"stage".padEnd(9)} ${"source".padEnd(9)} ${"n".padStart(7)} ${"MAE d".padStart(6)} ${"bias d".padStart(7)} ` +
      `${"in window".padStart(9)} ${"window d".padStart(8)} ${"cov 80%".padStart(7)} ${"late".padStart(6)} ${"promise d".padStart(9)}`,
  ];
  for (const stage of ["at_order", "at_ship"] as const) {
    for (const source of ["model", "baseline", "promised"] as const) {
      const m: StageMetrics = result[stage][source];
      lines.push(
        `${(source === "model" ? stage : "").padEnd(9)} ${source.padEnd(9)} ${String(m.n).padStart(7)} ` +
          `${fmt(m.mae_days).padStart(6)} ${fmt(m.bias_days).padStart(7)} ${pct(m.window_hit_rate).padStart(9)} ` +
          `${fmt(m.mean_window_days, 1).padStart(8)} ${pct(m.coverage_80).padStart(7)} ` +
          `${pct(m.late_rate_vs_promise).padStart(6)} ${fmt(m.mean_promise_days, 1).padStart(9)}`,
      );
    }
  }
  const g = result.goals;
  const p = result.params;
  lines.push(
    "",
    `Goals: MAE vs baseline ${fmt(g.mae_vs_baseline)} (≤ 0.75), late rate vs promised_at ${fmt(g.late_rate_vs_promised)} (≤ 1), ` +
      `promise length vs promised_at ${fmt(g.promise_days_vs_promised)} (≤ 0.75), 80% window coverage ${pct(g.coverage_80)} (75–85%)`,
    `Model: ${p.atOrder} at order (handling ${p.handlingDayCount} days, transit ${p.transitDayCount} days), ` +
      `promise quantile ${p.promiseQuantile} (${p.promiseQuantileSource}), coverage ${p.coverage}, ` +
      `half-life ${p.halfLifeDays} d, cut-off ${p.cutoffMinute === null ? "none" : `${p.cutoffMinute / 60}:00`}`,
  );
  const skipped = Object.entries(report.skipped).map(([k, v]) => `${k} ${v}`);
  const warned = Object.entries(report.warnings).map(([k, v]) => `${k} ${v}`);
  lines.push(
    `Rows read ${report.rowsRead}, usable ${report.rowsUsable}; skipped: ${skipped.join(", ") || "none"}`,
  );
  if (warned.length) lines.push(`Kept with a field ignored: ${warned.join(", ")}`);
  for (const e of report.examples.slice(0, 5))
    lines.push(`  line ${e.line}: ${e.reason} ${JSON.stringify(e.value)}`);
  const weeks = result.training.disruptedWeeks;
  if (weeks.length) lines.push(`Down-weighted disrupted order weeks: ${weeks.map((w) => w.week).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

async function backtest(argv: string[], io: CliIO): Promise<number> {
  let args: EtaArgs;
  try {
    args = parseBacktestArgs(argv);
  } catch (error) {
    io.stderr(`shipwatch eta: ${(error as Error).message}\nusage: ${USAGE}\n`);
    return 2;
  }
  const started = performance.now();
  const report = emptyHistoryReport();
  let loaded: Awaited<ReturnType<typeof loadHistorySplit>>;
  try {
    loaded = await loadHistorySplit(historyFileChunks(args.history), args.split, report);
  } catch (error) {
    const reason = error instanceof HistoryFormatError ? error.message : (error as Error).message;
    io.stderr(`shipwatch eta: cannot read ${args.history}: ${reason}\n`);
    return 1;
  }
  const read = performance.now();
  if (loaded.train.length === 0) {
    io.stderr(`shipwatch eta: no delivered orders placed before --train-before in ${args.history}\n`);
    return 1;
  }
  if (loaded.test.length === 0) io.stderr("shipwatch eta: warning: no delivered orders in the test range\n");
  // Without --test-to the range ends with the file: report the last order actually scored.
  const split = args.testToGiven
    ? args.split
    : { ...args.split, testTo: loaded.lastTestDay ?? args.split.testFrom };
  const { result, model } = backtestEta(loaded.train, loaded.test, {
    ...args.train,
    trainBefore: args.split.trainBefore,
  });
  const done = performance.now();
  if (args.modelOut) await writeFile(args.modelOut, serializeEtaModel(model));
  if (args.json) {
    const output = {
      command: "eta backtest",
      history: args.history,
      split: describeSplit(split),
      ...result,
      data_quality: { ...report, rows_outside_split: loaded.outside },
      timing_ms: { read: Math.round(read - started), train_and_score: Math.round(done - read) },
    };
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    io.stdout(table(result, report, split));
  }
  return 0;
}

export const etaCommand: CliCommand = {
  name: "eta",
  summary: "Delivery-window model: train a seller's model, or backtest it on a delivery history",
  usage: `${ETA_TRAIN_USAGE}\n\n${USAGE}`,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "backtest") return backtest(rest, io);
    if (sub === "train") return etaTrainFromCli(rest, io);
    io.stderr(
      `shipwatch eta: ${sub ? `unknown subcommand '${sub}'` : "missing subcommand"}\nusage: ${ETA_TRAIN_USAGE}\n\n${USAGE}\n`,
    );
    return 2;
  },
};
