/**
 * Check-digit algorithms of tracking numbers, as tracking_number_data's CHECKSUM_ALGORITHMS.md defines them.
 * Each works on a slice [start, end) of an already normalized string so detection never allocates substrings,
 * and returns the expected check value, or -1 when the slice holds a character the algorithm cannot weigh.
 */
import type { ChecksumSpec } from "./types.js";

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_A = 65;
const CODE_Z = 90;

/** The S10 weights fixed by UPU standard S10. */
export const S10_WEIGHTINGS: readonly number[] = [8, 6, 4, 2, 3, 5, 9, 7];

function digitValue(code: number): number {
  return code >= CODE_0 && code <= CODE_9 ? code - CODE_0 : -1;
}

/** Value of a check character: 0-9 for digits, 10-35 for A-Z (mod 37,36's letters), else -1. */
export function checkCharacterValue(code: number): number {
  if (code >= CODE_0 && code <= CODE_9) return code - CODE_0;
  if (code >= CODE_A && code <= CODE_Z) return code - CODE_A + 10;
  return -1;
}

// Letters weigh (char code - 3) mod 10 in mod10, the convention UPS uses for the letters of a 1Z number.
function mod10Value(code: number): number {
  if (code >= CODE_0 && code <= CODE_9) return code - CODE_0;
  if (code >= CODE_A && code <= CODE_Z) return (code - 3) % 10;
  return -1;
}

/**
 * Weighted mod 10 over `prefix` + s[start, end): even positions (0-based) weigh `evens`, odd ones `odds`,
 * counted from the right when `reverse`. The prefix is upstream's `serial_number_format.prepend_if` content.
 */
export function mod10CheckDigit(
  s: string,
  start: number,
  end: number,
  evensMultiplier: number,
  oddsMultiplier: number,
  reverse: boolean,
  prefix = "",
): number {
  const prefixLength = prefix.length;
  const count = prefixLength + end - start;
  let total = 0;
  for (let k = 0; k < count; k++) {
    const code = k < prefixLength ? prefix.charCodeAt(k) : s.charCodeAt(start + k - prefixLength);
    const value = mod10Value(code);
    if (value < 0) return -1;
    const position = reverse ? count - 1 - k : k;
    total += value * ((position & 1) === 0 ? evensMultiplier : oddsMultiplier);
  }
  const remainder = total % 10;
  return remainder === 0 ? 0 : 10 - remainder;
}

/** GS1 check digit (SSCC, GTIN): weights 3 and 1 alternating from the rightmost data digit. */
export function gs1CheckDigit(s: string, start: number, end: number): number {
  return mod10CheckDigit(s, start, end, 3, 1, true);
}

/** The serial read as a decimal number, modulo 7 (DHL Express air waybills). */
export function mod7CheckDigit(s: string, start: number, end: number): number {
  let remainder = 0;
  for (let i = start; i < end; i++) {
    const value = digitValue(s.charCodeAt(i));
    if (value < 0) return -1;
    remainder = (remainder * 10 + value) % 7;
  }
  return remainder;
}

/** Luhn over a serial that excludes its check digit: the rightmost serial digit is the one doubled. */
export function luhnCheckDigit(s: string, start: number, end: number): number {
  let total = 0;
  for (let i = end - 1, fromRight = 0; i >= start; i--, fromRight++) {
    let value = digitValue(s.charCodeAt(i));
    if (value < 0) return -1;
    if ((fromRight & 1) === 0) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    total += value;
  }
  const remainder = total % 10;
  return remainder === 0 ? 0 : 10 - remainder;
}

/** UPU S10: weighted sum mod 11, where remainder 1 gives 0 and remainder 0 gives 5. */
export function s10CheckDigit(s: string, start: number, end: number, weightings = S10_WEIGHTINGS): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    const value = digitValue(s.charCodeAt(i));
    if (value < 0) return -1;
    total += value * (weightings[i - start] ?? 0);
  }
  const remainder = total % 11;
  if (remainder === 1) return 0;
  if (remainder === 0) return 5;
  return 11 - remainder;
}

/** Sum of digit × weight, then modulo `modulo1` and `modulo2` in turn (FedEx Express). */
export function sumProductCheckDigit(
  s: string,
  start: number,
  end: number,
  weightings: readonly number[],
  modulo1: number,
  modulo2: number,
): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    const value = digitValue(s.charCodeAt(i));
    if (value < 0) return -1;
    total += value * (weightings[i - start] ?? 0);
  }
  return (total % modulo1) % modulo2;
}

/** ISO 7064 MOD 37,36 as DPD's label specification computes it; returns the check character's value (0-35). */
export function mod37Of36CheckCharacter(s: string, start: number, end: number): number {
  const modulus = 36;
  let cd = modulus;
  for (let i = start; i < end; i++) {
    const value = checkCharacterValue(s.charCodeAt(i));
    if (value < 0) return -1;
    cd += value;
    if (cd > modulus) cd -= modulus;
    cd *= 2;
    if (cd > modulus) cd -= modulus + 1;
  }
  cd = modulus + 1 - cd;
  return cd === modulus ? 0 : cd;
}

/**
 * True when s[checkIndex] is the check character `spec` computes over `prefix` + s[start, end).
 * The prefix only applies to mod10, the one algorithm upstream prepends serial digits for.
 */
export function isCheckDigitValid(
  spec: ChecksumSpec,
  s: string,
  start: number,
  end: number,
  checkIndex: number,
  prefix = "",
): boolean {
  const actual = checkCharacterValue(s.charCodeAt(checkIndex));
  if (actual < 0) return false;
  let expected: number;
  switch (spec.algorithm) {
    case "mod10":
      expected = mod10CheckDigit(
        s,
        start,
        end,
        spec.evensMultiplier,
        spec.oddsMultiplier,
        spec.reverse,
        prefix,
      );
      break;
    case "mod7":
      expected = mod7CheckDigit(s, start, end);
      break;
    case "luhn":
      expected = luhnCheckDigit(s, start, end);
      break;
    case "s10":
      expected = s10CheckDigit(s, start, end, spec.weightings);
      break;
    case "sum_product":
      expected = sumProductCheckDigit(s, start, end, spec.weightings, spec.modulo1, spec.modulo2);
      break;
    case "mod_37_36":
      expected = mod37Of36CheckCharacter(s, start, end);
      break;
  }
  return expected >= 0 && expected === actual;
}
