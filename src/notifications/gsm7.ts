/**
 * SMS length in the way carriers bill it: GSM-7 (160 characters in one segment, 153 per part when split;
 * the extension characters count twice) or UCS-2 as soon as one character is outside GSM-7 (70, then 67).
 * Accents GSM-7 lacks (á, ç, õ...) are folded to their base letter so a Portuguese or French SMS keeps its
 * 160-character budget instead of falling to 70.
 */

const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENDED = "^{}\\[~]|€\f";
const BASIC_SET = new Set(BASIC);
const EXTENDED_SET = new Set(EXTENDED);

/** Typographic characters with a plain GSM-7 equivalent. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u00A0": " ",
};

const isGsm = (ch: string) => BASIC_SET.has(ch) || EXTENDED_SET.has(ch);

/** Folds characters outside GSM-7 to an equivalent inside it where one exists (á → a, ç → c, “ → "). */
export function foldToGsm7(text: string): string {
  let out = "";
  for (const ch of text) {
    if (isGsm(ch)) out += ch;
    else if (REPLACEMENTS[ch]) out += REPLACEMENTS[ch];
    else {
      const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
      out += base.length > 0 && [...base].every(isGsm) ? base : ch;
    }
  }
  return out;
}

export interface SmsSize {
  encoding: "GSM-7" | "UCS-2";
  /** Billing units (septets for GSM-7, UTF-16 code units for UCS-2). */
  units: number;
  segments: number;
}

/** How many segments a text takes. */
export function smsSize(text: string): SmsSize {
  const chars = [...text];
  if (chars.every(isGsm)) {
    const units = chars.reduce((n, ch) => n + (EXTENDED_SET.has(ch) ? 2 : 1), 0);
    return { encoding: "GSM-7", units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length;
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
