/**
 * Turns the format table into a lookup by (length, first character), so detecting a number only tests the
 * handful of layouts that could match it, and validates a matched layout without allocating.
 */
import { isCheckDigitValid } from "./checksums.js";
import { compilePattern, shapeSpecificityBits, TRACKING_ALPHABET } from "./pattern.js";
import type { ChecksumSpec, DetectionCandidate, FormatLayout, TrackingFormat } from "./types.js";

export interface IndexEntry {
  readonly format: TrackingFormat;
  readonly layout: FormatLayout;
  readonly regex: RegExp;
  /** How unlikely a chance match of this layout at this length is; ranks candidates for the same number. */
  readonly specificityBits: number;
  /** Shared, frozen answers, so detection does not build a candidate object per match. */
  readonly validCandidate: DetectionCandidate;
  readonly invalidCandidate: DetectionCandidate;
}

export interface FormatIndex {
  /** Entries for a number of this length and first character, each format's layouts in upstream order. */
  entriesFor(trackingNumber: string): readonly IndexEntry[] | undefined;
}

const FIRST_CODE = 48; // "0"
const CODE_SLOTS = 91 - FIRST_CODE; // "0".."Z"

function checksumBits(checksum: ChecksumSpec | null): number {
  if (!checksum) return 0;
  switch (checksum.algorithm) {
    case "mod7":
      return Math.log2(7);
    case "mod_37_36":
      return Math.log2(36);
    case "sum_product":
      return Math.log2(checksum.modulo2);
    default:
      return Math.log2(10);
  }
}

function lookupBits(format: TrackingFormat): number {
  const lookup = format.requiredLookup;
  if (!lookup) return 0;
  return lookup.length * Math.log2(TRACKING_ALPHABET.length) - Math.log2(lookup.values.size);
}

/** Builds the index; throws when a pattern is outside the supported subset, so a bad table fails at load. */
export function buildFormatIndex(formats: readonly TrackingFormat[]): FormatIndex {
  const cells: (IndexEntry[] | undefined)[] = [];
  let maxLength = 0;
  for (const format of formats) {
    const validCandidate = Object.freeze({
      carrier: format.carrier,
      format: format.format,
      checksumValid: true,
    });
    const invalidCandidate = Object.freeze({
      carrier: format.carrier,
      format: format.format,
      checksumValid: false,
    });
    const extraBits = checksumBits(format.checksum) + lookupBits(format);
    for (const layout of format.layouts) {
      const pattern = compilePattern(layout.pattern);
      maxLength = Math.max(maxLength, pattern.maxLength);
      for (let length = pattern.minLength; length <= pattern.maxLength; length++) {
        const entry: IndexEntry = {
          format,
          layout,
          regex: pattern.regex,
          specificityBits: shapeSpecificityBits(pattern, length) + extraBits,
          validCandidate,
          invalidCandidate,
        };
        for (const char of pattern.firstChars) {
          const slot = length * CODE_SLOTS + char.charCodeAt(0) - FIRST_CODE;
          (cells[slot] ??= []).push(entry);
        }
      }
    }
  }
  return {
    entriesFor(trackingNumber: string) {
      const length = trackingNumber.length;
      const code = trackingNumber.charCodeAt(0) - FIRST_CODE;
      if (length > maxLength || code < 0 || code >= CODE_SLOTS) return undefined;
      return cells[length * CODE_SLOTS + code];
    },
  };
}

/** True when the matched layout passes every check its format defines: required lookup, then check digit. */
export function isEntryValid(entry: IndexEntry, trackingNumber: string): boolean {
  const { format, layout } = entry;
  const length = trackingNumber.length;
  const lookup = format.requiredLookup;
  if (lookup) {
    const start = length - lookup.fromEnd;
    if (!lookup.values.has(trackingNumber.slice(start, start + lookup.length))) return false;
  }
  if (!format.checksum) return true;
  const checkIndex = length - (layout.checkFromEnd ?? 1);
  const prepend = format.prependToSerial;
  const prefix =
    prepend && !trackingNumber.startsWith(prepend.unlessStartsWith, layout.serialStart)
      ? prepend.content
      : "";
  return isCheckDigitValid(
    format.checksum,
    trackingNumber,
    layout.serialStart,
    checkIndex,
    checkIndex,
    prefix,
  );
}
