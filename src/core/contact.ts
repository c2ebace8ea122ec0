/**
 * Customer contact, kept minimal and normalized so lookups compare like with like: a shopper typing
 * " Ana@Example.COM " or "sw1a 1aa" finds their order.
 */

export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** Digits with a leading "+" when the number was given in international form; punctuation dropped. */
export function normalizePhone(value: string): string {
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D+/g, "");
  return trimmed.startsWith("+") || trimmed.startsWith("00") ? `+${digits.replace(/^00/, "")}` : digits;
}

export function normalizePostcode(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}
