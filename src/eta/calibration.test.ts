import { describe, expect, it } from "vitest";
import type { CalibrationSample } from "./calibration.js";
import { calibrateStage, calibratedConfidence, levelAt } from "./calibration.js";
import type { DateDistribution } from "./distribution.js";
import { cdfAt, quantileDay, withCdf } from "./distribution.js";
import { LEVEL_GRID } from "./model.js";
import { seededRandom } from "./synthetic.js";

/** A discretized normal distribution of days around `center`. */
function normalDays(center: number, sd: number): DateDistribution {
  const p = new Float64Array(center + 8 * sd + 2);
  for (let i = 0; i < p.length; i++) p[i] = Math.exp(-((i - center) ** 2) / (2 * sd * sd));
  return withCdf(0, p);
}

function draw(random: () => number, center: number, sd: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(0, Math.round(center + sd * z));
}

function coverage(samples: CalibrationSample[], lower: number, upper: number): number {
  return (
    samples.filter(
      ({ dist, actual }) => quantileDay(dist, lower) <= actual && actual <= quantileDay(dist, upper),
    ).length / samples.length
  );
}

describe("calibrateStage", () => {
  it("widens an overconfident model's window until it covers what it claims, out of sample", () => {
    const random = seededRandom(7);
    const make = (n: number) =>
      Array.from({ length: n }, (): CalibrationSample => {
        const center = 5 + Math.floor(random() * 15);
        const sd = 1 + random();
        // The model believes sd 1–2; reality is twice as wide and runs a day late.
        return { dist: normalDays(center, sd), actual: draw(random, center + 1, 2 * sd) };
      });
    const fit = make(4000);
    const held = make(4000);
    const raw = coverage(held, 0.1, 0.9);
    const calibration = calibrateStage(fit);
    const fixed = coverage(held, levelAt(calibration.lower, 0.1), levelAt(calibration.upper, 0.9));
    expect(raw).toBeLessThan(0.6);
    expect(fixed).toBeGreaterThan(0.76);
    expect(fixed).toBeLessThan(0.84);
    expect(calibration.median).toBeGreaterThan(0.55);
    const late = held.filter(
      ({ dist, actual }) => actual > quantileDay(dist, levelAt(calibration.upper, 0.95)),
    );
    expect(late.length / held.length).toBeCloseTo(0.05, 1);
  });

  it("leaves a calibrated model nearly alone", () => {
    const random = seededRandom(11);
    const samples = Array.from({ length: 5000 }, (): CalibrationSample => {
      const center = 10 + Math.floor(random() * 10);
      return { dist: normalDays(center, 3), actual: draw(random, center, 3) };
    });
    const calibration = calibrateStage(samples);
    expect(calibration.median).toBeCloseTo(0.5, 1);
    expect(coverage(samples, levelAt(calibration.lower, 0.1), levelAt(calibration.upper, 0.9))).toBeCloseTo(
      0.8,
      1,
    );
    const p90 = LEVEL_GRID.indexOf(0.9);
    expect(Math.abs((calibration.upper[p90] ?? 0) - 0.9)).toBeLessThan(0.05);
  });

  it("puts the level on the nearer side of a run of tied probabilities", () => {
    // Every row has the same distribution: 30% on day 0, 70% on day 1, and reality matches it.
    const dist = withCdf(0, Float64Array.from([0.3, 0.7]));
    const samples = Array.from({ length: 1000 }, (_, i): CalibrationSample => ({
      dist,
      actual: i % 10 < 3 ? 0 : 1,
    }));
    const calibration = calibrateStage(samples);
    // Exactly 10% or 25% before the earliest day is impossible: it is 0% (earliest = day 0) or 30% (day 1).
    expect(quantileDay(dist, levelAt(calibration.lower, 0.1))).toBe(0);
    expect(quantileDay(dist, levelAt(calibration.lower, 0.25))).toBe(1);
    expect(quantileDay(dist, levelAt(calibration.upper, 0.2))).toBe(0);
    expect(quantileDay(dist, levelAt(calibration.upper, 0.9))).toBe(1);
  });

  it("counts weighted samples by their weight", () => {
    const dist = withCdf(0, Float64Array.from([0.5, 0.5]));
    const early = Array.from({ length: 200 }, (): CalibrationSample => ({ dist, actual: 0, weight: 1 }));
    const late = Array.from({ length: 200 }, (): CalibrationSample => ({ dist, actual: 1, weight: 0.01 }));
    const calibration = calibrateStage([...early, ...late]);
    // Nearly everything that counts arrives on day 0, so even a 95% promise stays on day 0.
    expect(quantileDay(dist, levelAt(calibration.upper, 0.95))).toBe(0);
    expect(cdfAt(dist, 0)).toBe(0.5);
  });

  it("needs enough rows, and maps confidence monotonically", () => {
    const few = calibrateStage([{ dist: normalDays(3, 1), actual: 3 }]);
    expect(few.rows).toBe(0);
    expect(levelAt(few.upper, 0.9)).toBeCloseTo(0.9);
    const calibration = { ...few, confidence: { raw: [0.2, 0.5, 0.8], calibrated: [0.1, 0.4, 0.9] } };
    expect(calibratedConfidence(calibration, 0.1)).toBe(0.1);
    expect(calibratedConfidence(calibration, 0.35)).toBeCloseTo(0.25);
    expect(calibratedConfidence(calibration, 0.95)).toBe(0.9);
  });
});
