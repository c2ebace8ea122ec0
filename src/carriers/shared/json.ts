/** JSON parsing that returns failure as data instead of throwing. */

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses a carrier body (string or bytes, UTF-8, optional BOM) as JSON. Never throws. */
export function parseJsonSafe(body: string | Buffer): JsonParseResult {
  const text = (typeof body === "string" ? body : body.toString("utf8")).replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, error: "empty body" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** True when the body looks like XML (first non-blank character is "<"), so adapters can route legacy XML. */
export function looksLikeXml(body: string | Buffer): boolean {
  const text = typeof body === "string" ? body : body.subarray(0, 512).toString("utf8");
  return /^\uFEFF?\s*</.test(text);
}
