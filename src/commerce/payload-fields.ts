/** Reading loosely typed platform JSON: fields are checked one by one, never trusted to be of the right type. */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A non-empty trimmed string (numbers become text: platform ids are numbers in JSON), at most `max` long. */
export function text(v: unknown, max = 200): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? null : t.slice(0, max);
}

/** An instant; `assumeUtc` for platforms that write GMT wall-clock without an offset (WooCommerce's *_gmt). */
export function instant(v: unknown, assumeUtc = false): Date | null {
  const t = text(v, 64);
  if (!t) return null;
  const withZone = assumeUtc && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t}Z` : t;
  const d = new Date(withZone);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A locale in our form (`en`, `pt-BR`) from a platform's (`en`, `fr-CA`, `pt_br`); null when it is not one. */
export function locale(v: unknown): string | null {
  const t = text(v, 20);
  const m = t ? /^([a-zA-Z]{2})(?:[-_]([a-zA-Z]{2}))?$/.exec(t) : null;
  if (!m) return null;
  return m[2] ? `${m[1]!.toLowerCase()}-${m[2].toUpperCase()}` : m[1]!.toLowerCase();
}

/** An e-mail address when the value looks like one (anything else is dropped, not stored). */
export function email(v: unknown): string | null {
  const t = text(v, 254);
  return t && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) ? t : null;
}

/** A phone number when the value looks like one. */
export function phone(v: unknown): string | null {
  const t = text(v, 32);
  return t && /^[+0-9 ().-]{5,32}$/.test(t) ? t : null;
}

/** The first non-null of the candidates. */
export const firstOf = <T>(...values: (T | null | undefined)[]): T | null =>
  values.find((v) => v !== null && v !== undefined) ?? null;

/** Parses a JSON object body; null when it is not one. */
export function parseJsonObject(body: Buffer): Json | null {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
