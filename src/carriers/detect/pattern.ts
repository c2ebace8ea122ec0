/**
 * Compiles a layout pattern (a small, fixed-shape regex subset) into an anchored RegExp plus what the
 * detection index needs: the lengths it can have, the characters it can start with, and how specific it is.
 * Patterns have no alternation and at most one variable count, so they cannot backtrack.
 */

/** The characters a normalized tracking number is made of. */
export const TRACKING_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export interface PatternAtom {
  /** The characters this position accepts. */
  readonly chars: string;
  readonly min: number;
  readonly max: number;
}

export interface CompiledPattern {
  readonly source: string;
  readonly regex: RegExp;
  readonly atoms: readonly PatternAtom[];
  readonly minLength: number;
  readonly maxLength: number;
  /** Characters a matching number can start with. */
  readonly firstChars: string;
}

function expandClass(body: string, source: string): string {
  let chars = "";
  for (let i = 0; i < body.length; i++) {
    const from = body[i] as string;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const to = body[i + 2] as string;
      for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++)
        chars += String.fromCharCode(code);
      i += 2;
    } else {
      chars += from;
    }
  }
  for (const char of chars) {
    if (!TRACKING_ALPHABET.includes(char)) throw new Error(`pattern ${source}: "${char}" is not [0-9A-Z]`);
  }
  return chars;
}

/** Parses and compiles a layout pattern; throws on anything outside the subset, so a bad table fails at load. */
export function compilePattern(source: string): CompiledPattern {
  const atoms: PatternAtom[] = [];
  let i = 0;
  while (i < source.length) {
    let chars: string;
    if (source[i] === "[") {
      const close = source.indexOf("]", i);
      if (close < 0) throw new Error(`pattern ${source}: unclosed [`);
      chars = expandClass(source.slice(i + 1, close), source);
      i = close + 1;
    } else {
      chars = expandClass(source[i] as string, source);
      i += 1;
    }
    let min = 1;
    let max = 1;
    const count = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(i));
    if (count) {
      min = Number(count[1]);
      max = count[2] === undefined ? min : Number(count[2]);
      i += count[0].length;
    }
    atoms.push({ chars, min, max });
  }
  if (atoms.filter((atom) => atom.min !== atom.max).length > 1) {
    throw new Error(`pattern ${source}: more than one variable count`);
  }
  const first = atoms[0];
  if (!first || first.min === 0) throw new Error(`pattern ${source}: must start with a required character`);
  return {
    source,
    regex: new RegExp(`^${source}$`),
    atoms,
    minLength: atoms.reduce((sum, atom) => sum + atom.min, 0),
    maxLength: atoms.reduce((sum, atom) => sum + atom.max, 0),
    firstChars: first.chars,
  };
}

/**
 * Bits of evidence a match of `length` characters carries: how unlikely a random [0-9A-Z] string of that
 * length is to have this shape. Used to rank candidates for the same number, the most specific first.
 */
export function shapeSpecificityBits(pattern: CompiledPattern, length: number): number {
  const variableCount = length - pattern.minLength;
  let bits = 0;
  for (const atom of pattern.atoms) {
    const count = atom.min === atom.max ? atom.min : atom.min + variableCount;
    bits += count * Math.log2(TRACKING_ALPHABET.length / atom.chars.length);
  }
  return bits;
}
