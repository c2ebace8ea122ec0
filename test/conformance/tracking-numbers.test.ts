/**
 * Conformance of tracking-number detection with tracking_number_data's test vectors (couriers/*.json),
 * read from the shared fixtures folder at test time. Skipped, with a message, when the folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectTrackingNumber } from "../../src/carriers/detect/detect.js";
import { TRACKING_FORMATS } from "../../src/carriers/detect/formats.js";
import { compilePattern, TRACKING_ALPHABET } from "../../src/carriers/detect/pattern.js";
import type { ChecksumSpec, TrackingFormat } from "../../src/carriers/detect/types.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES_DIR = process.env.SHIPWATCH_FIXTURES_DIR ?? path.resolve(REPO_ROOT, "../shared/fixtures");
const COURIERS_DIR = path.join(FIXTURES_DIR, "tracking-numbers", "couriers");
const fixturesPresent = existsSync(COURIERS_DIR);

if (!fixturesPresent) {
  console.warn(
    `[conformance] tracking-number vectors not found at ${COURIERS_DIR}; skipping. ` +
      "Set SHIPWATCH_FIXTURES_DIR to the shared fixtures folder to run this suite.",
  );
}

/**
 * Upstream vectors this project deliberately disagrees with, each with the reason. Keep it minimal: an entry
 * here is a claim that the upstream data is wrong, not a way to make a failing test pass.
 */
const DISPUTED_VECTORS: ReadonlyMap<string, string> = new Map();

/** Where the table knowingly departs from upstream's definition of a format, and why. */
const DELIBERATE_DEPARTURES: Readonly<Record<string, string>> = {
  fedex_ground_sscc_18:
    "GS1 check digit over all 17 data digits (upstream skips the first two), and the 00-prefixed 20-digit form",
};

interface UpstreamChecksum {
  name: string;
  evens_multiplier?: number;
  odds_multiplier?: number;
  reverse?: boolean;
  weightings?: number[];
  modulo1?: number;
  modulo2?: number;
}

interface UpstreamFormat {
  id?: string;
  name: string;
  regex: string | string[];
  validation: {
    checksum?: UpstreamChecksum;
    serial_number_format?: { prepend_if: { matches_regex: string; content: string } };
    additional?: { exists: string[] };
  };
  test_numbers: { valid: string[]; invalid: string[] };
}

interface UpstreamCourier {
  courier_code: string;
  tracking_numbers: UpstreamFormat[];
}

function loadUpstreamFormats(): { courier: string; upstream: UpstreamFormat }[] {
  if (!fixturesPresent) return [];
  return readdirSync(COURIERS_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .flatMap((file) => {
      const courier = JSON.parse(readFileSync(path.join(COURIERS_DIR, file), "utf8")) as UpstreamCourier;
      return courier.tracking_numbers.map((upstream) => ({ courier: courier.courier_code, upstream }));
    });
}

/** Our entry for an upstream format: by upstream id, or by display name where upstream has no id. */
function ourFormatFor(upstream: UpstreamFormat): TrackingFormat | undefined {
  return TRACKING_FORMATS.find((format) =>
    upstream.id ? format.format === upstream.id : format.name === upstream.name,
  );
}

/** Upstream's checksum block in the table's vocabulary. */
function translateChecksum(checksum: UpstreamChecksum | undefined): ChecksumSpec | null {
  if (!checksum) return null;
  switch (checksum.name) {
    case "mod10":
      return {
        algorithm: "mod10",
        evensMultiplier: checksum.evens_multiplier ?? 1,
        oddsMultiplier: checksum.odds_multiplier ?? 1,
        reverse: checksum.reverse ?? false,
      };
    case "sum_product_with_weightings_and_modulo":
      return {
        algorithm: "sum_product",
        weightings: checksum.weightings ?? [],
        modulo1: checksum.modulo1 ?? 0,
        modulo2: checksum.modulo2 ?? 0,
      };
    case "s10":
      return { algorithm: "s10", weightings: checksum.weightings ?? [] };
    default:
      return { algorithm: checksum.name } as ChecksumSpec;
  }
}

/** A small seeded generator, so the shape comparison below is random but reproducible. */
function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

/** Strings around each layout of a format: random fills of the layout, then one-character edits of them. */
function sampleShapes(format: TrackingFormat, random: (below: number) => number): string[] {
  const samples: string[] = [];
  const pick = (chars: string): string => chars[random(chars.length)] as string;
  for (const layout of format.layouts) {
    for (let n = 0; n < 150; n++) {
      let text = "";
      for (const atom of compilePattern(layout.pattern).atoms) {
        const count = atom.min + random(atom.max - atom.min + 1);
        for (let i = 0; i < count; i++) text += pick(atom.chars);
      }
      const at = random(text.length);
      samples.push(text, text.slice(0, at) + pick(TRACKING_ALPHABET) + text.slice(at + 1));
      samples.push(
        text.slice(0, at) + text.slice(at + 1),
        text.slice(0, at) + pick("0123456789") + text.slice(at),
      );
    }
  }
  return samples;
}

const upstreamFormats = loadUpstreamFormats();

describe.skipIf(!fixturesPresent)("tracking_number_data conformance", () => {
  it("has a format in the table for every upstream format", () => {
    const missing = upstreamFormats
      .filter(({ upstream }) => !ourFormatFor(upstream))
      .map(({ courier, upstream }) => `${courier}/${upstream.id ?? upstream.name}`);
    expect(missing).toEqual([]);
    expect(upstreamFormats.length).toBeGreaterThan(0);
  });

  it.each(upstreamFormats)("transcribes the validation of $courier/$upstream.name", ({ upstream }) => {
    const ours = ourFormatFor(upstream);
    if (!ours || DELIBERATE_DEPARTURES[ours.format]) return;
    expect(ours.checksum).toEqual(translateChecksum(upstream.validation.checksum));
    const prepend = upstream.validation.serial_number_format?.prepend_if;
    expect(ours.prependToSerial?.content).toEqual(prepend?.content);
    if (prepend && ours.prependToSerial) {
      // Upstream says "prepend unless the serial starts with X" as a negative lookahead.
      const lookahead = `^(?!${ours.prependToSerial.unlessStartsWith})`;
      expect(prepend.matches_regex.replaceAll("\\s*", "").startsWith(lookahead)).toBe(true);
    }
    expect(ours.requiredLookup !== undefined).toBe((upstream.validation.additional?.exists.length ?? 0) > 0);
  });

  it.each(upstreamFormats)(
    "accepts the same shapes as upstream's regex for $courier/$upstream.name",
    ({ upstream }) => {
      const ours = ourFormatFor(upstream);
      if (!ours || DELIBERATE_DEPARTURES[ours.format]) return;
      const source = Array.isArray(upstream.regex) ? upstream.regex.join("") : upstream.regex;
      const upstreamRegex = new RegExp(`^(?:${source})$`);
      const ourRegexes = ours.layouts.map((layout) => compilePattern(layout.pattern).regex);
      // Upstream keeps LaserShip's "-1" suffix in its regex; the table works on numbers with dashes stripped.
      const asUpstreamWrites = (text: string): string =>
        ours.format === "lasership-1ls7-18" ? `${text.slice(0, -1)}-${text.slice(-1)}` : text;
      const disagreements = sampleShapes(ours, seededRandom(ours.format.length * 7919)).filter(
        (text) => upstreamRegex.test(asUpstreamWrites(text)) !== ourRegexes.some((regex) => regex.test(text)),
      );
      expect(disagreements).toEqual([]);
    },
  );

  const valid = upstreamFormats.flatMap(({ courier, upstream }) =>
    upstream.test_numbers.valid.map((number) => ({ courier, upstream, number })),
  );
  const invalid = upstreamFormats.flatMap(({ courier, upstream }) =>
    upstream.test_numbers.invalid.map((number) => ({ courier, upstream, number })),
  );

  it.each(valid.filter(({ number }) => !DISPUTED_VECTORS.has(number)))(
    "accepts $courier/$upstream.name valid vector '$number'",
    ({ upstream, number }) => {
      const ours = ourFormatFor(upstream);
      const { candidates } = detectTrackingNumber(number);
      expect(candidates).toContainEqual({
        carrier: ours?.carrier,
        format: ours?.format,
        checksumValid: true,
      });
    },
  );

  it.each(invalid.filter(({ number }) => !DISPUTED_VECTORS.has(number)))(
    "rejects $courier/$upstream.name invalid vector '$number'",
    ({ upstream, number }) => {
      const ours = ourFormatFor(upstream);
      const { candidates } = detectTrackingNumber(number);
      // Not valid for its format, nor for any other format of the same carrier.
      const acceptedBy = candidates.filter((c) => c.checksumValid && c.carrier === ours?.carrier);
      expect(acceptedBy).toEqual([]);
    },
  );

  it("lists only disputed vectors that exist upstream", () => {
    const all = new Set([...valid, ...invalid].map(({ number }) => number));
    expect([...DISPUTED_VECTORS.keys()].filter((number) => !all.has(number))).toEqual([]);
  });
});
