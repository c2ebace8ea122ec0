/**
 * Tracking-number detection: which carriers a number can belong to, whether its check digit holds for each,
 * and a carrier only when the answer is unambiguous. Sellers pass their enabled carriers to break ties.
 */
import { buildFormatIndex, isEntryValid } from "./format-index.js";
import { TRACKING_FORMATS } from "./formats.js";
import { normalizeTrackingNumber } from "./normalize.js";
import type {
  DetectableCarrier,
  DetectionCandidate,
  DetectionResult,
  DetectOptions,
  TrackingFormat,
} from "./types.js";

const INDEX = buildFormatIndex(TRACKING_FORMATS);
const NO_OPTIONS: DetectOptions = Object.freeze({});

// Rank keys: validity dominates preference, which dominates specificity (bits, well under 1000).
const VALID_WEIGHT = 1e12;
const PREFERRED_WEIGHT = 1e9;
const SPECIFICITY_WEIGHT = 1e3;

/** Inserts keeping `candidates` sorted by descending key; equal keys keep table order. */
function insertRanked(
  candidates: DetectionCandidate[],
  keys: number[],
  candidate: DetectionCandidate,
  key: number,
): void {
  // Insertion sort in place: a number rarely has more than three candidates.
  let at = candidates.length;
  candidates.push(candidate);
  keys.push(key);
  while (at > 0 && (keys[at - 1] as number) < key) {
    candidates[at] = candidates[at - 1] as DetectionCandidate;
    keys[at] = keys[at - 1] as number;
    at--;
  }
  candidates[at] = candidate;
  keys[at] = key;
}

/** The one carrier of the valid candidates (of those in `among`, if given): undefined if none, null if several. */
function soleValidCarrier(
  candidates: readonly DetectionCandidate[],
  among?: readonly string[],
): DetectableCarrier | null | undefined {
  let found: DetectableCarrier | undefined;
  for (const candidate of candidates) {
    if (!candidate.checksumValid) break; // valid candidates are ranked first
    if (among && !among.includes(candidate.carrier)) continue;
    if (found === undefined) found = candidate.carrier;
    else if (found !== candidate.carrier) return null;
  }
  return found;
}

/** Detects the carriers a tracking number can belong to; names a carrier only when exactly one fits. */
export function detectTrackingNumber(input: string, options: DetectOptions = NO_OPTIONS): DetectionResult {
  const trackingNumber = normalizeTrackingNumber(input);
  const preferred = options.preferredCarriers;
  const candidates: DetectionCandidate[] = [];
  const entries = INDEX.entriesFor(trackingNumber);
  if (entries) {
    const keys: number[] = [];
    let matchedFormat: TrackingFormat | undefined;
    for (const entry of entries) {
      // Upstream validates the first reading its regex finds; a format's later layouts don't count.
      if (entry.format === matchedFormat || !entry.regex.test(trackingNumber)) continue;
      matchedFormat = entry.format;
      const valid = isEntryValid(entry, trackingNumber);
      const isPreferred = preferred !== undefined && preferred.includes(entry.format.carrier);
      const key =
        (valid ? VALID_WEIGHT : 0) +
        (isPreferred ? PREFERRED_WEIGHT : 0) +
        Math.round(entry.specificityBits * SPECIFICITY_WEIGHT);
      insertRanked(candidates, keys, valid ? entry.validCandidate : entry.invalidCandidate, key);
    }
  }
  // A valid match among the seller's carriers settles it; otherwise every valid match competes.
  let carrier = preferred && preferred.length > 0 ? soleValidCarrier(candidates, preferred) : undefined;
  if (carrier === undefined) carrier = soleValidCarrier(candidates);
  return { trackingNumber, carrier: carrier ?? null, candidates, ambiguous: carrier === null };
}

/** Detects each input in turn with the same options. */
export function detectMany(
  inputs: readonly string[],
  options: DetectOptions = NO_OPTIONS,
): DetectionResult[] {
  return inputs.map((input) => detectTrackingNumber(input, options));
}
