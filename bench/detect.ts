/**
 * Tracking-number detection throughput and accuracy, against ts-tracking-number (the npm package built on the
 * same upstream data) on the same inputs in the same run: every valid and invalid vector of
 * tracking_number_data, as written upstream (spaces included), repeated for a fixed time per trial.
 *
 *   node bin/run-ts.js bench/detect.ts [--quick]
 *
 * Ends with one `BENCH {json}` line. ratio = our detections per second / the baseline's.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTracking } from "ts-tracking-number";
import { detectTrackingNumber } from "../src/carriers/detect/detect.js";
import { TRACKING_FORMATS } from "../src/carriers/detect/formats.js";

const quick = process.argv.includes("--quick");
const TRIALS = quick ? 3 : 5;
const TRIAL_MS = quick ? 1_500 : 5_000;

interface Vector {
  number: string;
  carrier: string;
  valid: boolean;
}

function loadVectors(): Vector[] {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const fixtures = process.env.SHIPWATCH_FIXTURES_DIR ?? path.resolve(repoRoot, "../shared/fixtures");
  const dir = path.join(fixtures, "tracking-numbers", "couriers");
  if (!existsSync(dir)) {
    console.error(`bench/detect: no tracking-number vectors at ${dir} (set SHIPWATCH_FIXTURES_DIR)`);
    process.exit(1);
  }
  type Upstream = { id?: string; name: string; test_numbers: { valid: string[]; invalid: string[] } };
  const vectors: Vector[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const courier = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      tracking_numbers: Upstream[];
    };
    for (const upstream of courier.tracking_numbers) {
      const ours = TRACKING_FORMATS.find((f) =>
        upstream.id ? f.format === upstream.id : f.name === upstream.name,
      );
      if (!ours) throw new Error(`no format in the table for upstream ${upstream.id ?? upstream.name}`);
      for (const number of upstream.test_numbers.valid)
        vectors.push({ number, carrier: ours.carrier, valid: true });
      for (const number of upstream.test_numbers.invalid)
        vectors.push({ number, carrier: ours.carrier, valid: false });
    }
  }
  return vectors;
}

/** ts-tracking-number's answer in our carrier ids (it files DHL Express and eCommerce under one "dhl"). */
function baselineCarrier(number: string): string | null {
  const found = getTracking(number);
  if (!found) return null;
  if (found.courier.code === "dhl") return /e-?commerce/i.test(found.name) ? "dhl_ecommerce" : "dhl_express";
  return found.courier.code;
}

/**
 * Share of vectors answered right. A valid vector counts when the tool names its carrier; an invalid one when
 * the tool does not accept it as that carrier. `answers` gives the carriers the tool accepts the number as.
 */
function accuracy(vectors: readonly Vector[], answers: (number: string) => readonly string[]): number {
  const right = vectors.filter((v) => answers(v.number).includes(v.carrier) === v.valid).length;
  return right / vectors.length;
}

/** Calls per second of `detect` over all inputs, in whole passes, for about `ms` milliseconds. */
function measure(inputs: readonly string[], detect: (input: string) => unknown, ms: number): number {
  let calls = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  do {
    for (const input of inputs) if (detect(input) !== undefined) sink++;
    calls += inputs.length;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  if (sink < 0) console.log(sink); // keeps the results observable so the calls cannot be optimized away
  return calls / (Number(elapsed) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const vectors = loadVectors();
const inputs = vectors.map((v) => v.number);
const ours = (input: string) => detectTrackingNumber(input);
const baseline = (input: string) => getTracking(input);

const oursAccuracy = accuracy(vectors, (n) =>
  detectTrackingNumber(n)
    .candidates.filter((c) => c.checksumValid)
    .map((c) => c.carrier),
);
const oursUnambiguousAccuracy = accuracy(vectors, (n) => {
  const { carrier } = detectTrackingNumber(n);
  return carrier ? [carrier] : [];
});
const baselineAccuracy = accuracy(vectors, (n) => {
  const carrier = baselineCarrier(n);
  return carrier ? [carrier] : [];
});

// Warm both up so the JIT has compiled the hot paths before timing starts.
measure(inputs, ours, 300);
measure(inputs, baseline, 300);
const oursRates: number[] = [];
const baselineRates: number[] = [];
for (let trial = 0; trial < TRIALS; trial++) {
  oursRates.push(measure(inputs, ours, TRIAL_MS));
  baselineRates.push(measure(inputs, baseline, TRIAL_MS));
}
const perSecond = median(oursRates);
const baselinePerSecond = median(baselineRates);
const baselineVersion = (
  createRequire(import.meta.url)("ts-tracking-number/package.json") as { version: string }
).version;

const round3 = (x: number) => Math.round(x * 1000) / 1000;
console.log(
  `inputs: ${vectors.length} upstream vectors (${vectors.filter((v) => v.valid).length} valid), ` +
    `${TRIALS} trials of ${TRIAL_MS} ms each, median reported; node ${process.version}, ${os.cpus().length} cpus`,
);
console.log(
  `shipwatch detect      ${Math.round(perSecond).toLocaleString("en")} /s  ` +
    `accuracy ${round3(oursAccuracy)} (named without ambiguity: ${round3(oursUnambiguousAccuracy)})`,
);
console.log(
  `ts-tracking-number ${baselineVersion}  ${Math.round(baselinePerSecond).toLocaleString("en")} /s  ` +
    `accuracy ${round3(baselineAccuracy)}`,
);
console.log(
  `BENCH ${JSON.stringify({
    bench: "detect",
    inputs: vectors.length,
    per_s: Math.round(perSecond),
    baseline: "ts-tracking-number",
    baseline_version: baselineVersion,
    baseline_per_s: Math.round(baselinePerSecond),
    ratio: Math.round((perSecond / baselinePerSecond) * 100) / 100,
    accuracy: round3(oursAccuracy),
    unambiguous_accuracy: round3(oursUnambiguousAccuracy),
    baseline_accuracy: round3(baselineAccuracy),
    quick,
  })}`,
);
