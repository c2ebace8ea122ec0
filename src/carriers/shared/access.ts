/**
 * Accessors for untrusted nested data (parsed JSON or XML). None of them throws: a wrong type reads as
 * "absent", so adapters can walk carrier payloads without guarding every step.
 */

export type Dict = Record<string, unknown>;

/** The value as a plain object, or undefined. */
export function asObject(value: unknown): Dict | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Dict) : undefined;
}

/** The value as an array; a single non-null value becomes a one-element array (XML collapses lists of one). */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** The objects of a list (or a single object), skipping anything that is not an object. */
export function asObjects(value: unknown): Dict[] {
  return asArray(value).flatMap((v) => {
    const o = asObject(v);
    return o ? [o] : [];
  });
}

/**
 * A trimmed non-empty string, or undefined. Numbers and booleans are stringified (XML and sloppy JSON mix
 * them up); objects are read through their XML text node ("#text").
 */
export function asString(value: unknown): string | undefined {
  if (typeof value === "string") {
    const t = value.trim();
    return t === "" ? undefined : t;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  const o = asObject(value);
  if (o && "#text" in o) return asString(o["#text"]);
  return undefined;
}

/** A finite number (numeric strings accepted), or undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  const s = asString(value);
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** true/false from booleans or "true"/"false"/"Y"/"N" strings, else undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  const s = asString(value)?.toLowerCase();
  if (s === "true" || s === "y" || s === "yes" || s === "1") return true;
  if (s === "false" || s === "n" || s === "no" || s === "0") return false;
  return undefined;
}

/**
 * Walks `keys` from `value`: strings index objects, numbers index arrays. Returns undefined as soon as a
 * step does not fit. `at(payload, "output", "completeTrackResults", 0, "trackingNumber")`.
 */
export function at(value: unknown, ...keys: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const key of keys) {
    if (typeof key === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key];
    } else {
      const o = asObject(cur);
      if (!o || !Object.prototype.hasOwnProperty.call(o, key)) return undefined;
      cur = o[key];
    }
  }
  return cur;
}

/** `asString(at(value, ...keys))`. */
export function str(value: unknown, ...keys: (string | number)[]): string | undefined {
  return asString(at(value, ...keys));
}

/** The first argument that is a non-empty string after `asString`. */
export function firstString(...values: unknown[]): string | undefined {
  for (const v of values) {
    const s = asString(v);
    if (s !== undefined) return s;
  }
  return undefined;
}
