/**
 * Normalization every detection starts from: people paste numbers with spaces, dashes and lower case.
 */

// Whitespace (including no-break spaces), ASCII and Unicode dashes.
const SEPARATORS = /[\s\-\u2010-\u2015]+/g;
const NEEDS_NORMALIZING = /[\s\-\u2010-\u2015a-z]/;

/** Trims, strips spaces and dashes, and upper-cases; returns the input itself when it is already normal. */
export function normalizeTrackingNumber(input: string): string {
  return NEEDS_NORMALIZING.test(input) ? input.replace(SEPARATORS, "").toUpperCase() : input;
}
