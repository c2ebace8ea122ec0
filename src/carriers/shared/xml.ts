/**
 * XML parsing for carrier payloads with safe options: DOCTYPE/ENTITY declarations are refused outright
 * (carriers never send them; that rules out entity-expansion bombs and external entities), nesting is
 * bounded, values stay strings ("0012" tracking numbers must not become numbers), namespace prefixes are
 * dropped and attributes are kept under "@_name".
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type XmlParseResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

export interface XmlParseOptions {
  /** Tag names that repeat in the carrier's schema: always parsed as arrays, even with one element. */
  arrays?: readonly string[];
}

const MAX_DEPTH = 64;

/** Parses an XML carrier body. Never throws; invalid or unsafe XML comes back as `{ ok: false }`. */
export function parseXmlSafe(body: string | Buffer, options: XmlParseOptions = {}): XmlParseResult {
  const text = (typeof body === "string" ? body : body.toString("utf8")).replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, error: "empty body" };
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    return { ok: false, error: "XML with DOCTYPE/ENTITY declarations refused" };
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return { ok: false, error: `invalid XML: ${valid.err.msg} (line ${valid.err.line})` };
    const arrays = new Set(options.arrays ?? []);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      processEntities: {
        enabled: true,
        maxEntityCount: 0,
        maxTotalExpansions: 10_000,
        maxExpandedLength: 1_000_000,
      },
      maxNestedTags: MAX_DEPTH,
      isArray: (name) => arrays.has(name),
    });
    const value = parser.parse(text) as unknown;
    if (typeof value !== "object" || value === null)
      return { ok: false, error: "XML without a root element" };
    return { ok: true, value: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: `invalid XML: ${err instanceof Error ? err.message : String(err)}` };
  }
}
