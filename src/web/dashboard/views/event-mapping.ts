/** Which carrier mapping turned a raw carrier code into a normalized status, for the detail screen. */
import { getCarrier } from "../../../carriers/registry.js";

export interface MappingExplanation {
  /** "UPS Tracking API v1", or "Shipwatch normalized JSON". */
  adapter: string;
  /** The status-map key that matched ("011"), when one did. */
  key: string | null;
  /** The carrier's own wording of that code. */
  carrierMeaning: string | null;
  note: string;
}

/** Explains how the event's status was decided from its source and carrier code. */
export function explainMapping(source: string, code: string | null, unmapped: boolean): MappingExplanation {
  const carrierId = /^(?:webhook|poll|file):([a-z0-9_]+)$/.exec(source)?.[1];
  const adapter = carrierId ? getCarrier(carrierId) : undefined;
  if (!adapter) {
    return {
      adapter: "Shipwatch normalized JSON",
      key: null,
      carrierMeaning: null,
      note: "The sender gave the normalized status itself; no carrier mapping applies.",
    };
  }
  const candidates = code ? [code, code.toUpperCase(), `type:${code}`] : [];
  for (const key of candidates) {
    const entry = adapter.statusMap[key];
    if (entry) {
      return {
        adapter: `${adapter.label} (${adapter.api})`,
        key,
        carrierMeaning: entry.description,
        note: `status map row ${key} → ${entry.status}${entry.substatus ? ` / ${entry.substatus}` : ""}`,
      };
    }
  }
  return {
    adapter: `${adapter.label} (${adapter.api})`,
    key: null,
    carrierMeaning: null,
    note: unmapped
      ? "The carrier code is not in the status map: the status was inferred from the description (flagged unmapped)."
      : "Mapped by the adapter's parser from fields other than a status-map code.",
  };
}

/** A raw body as readable text: JSON pretty-printed, anything else as UTF-8, cut at `max` characters. */
export function readableBody(body: Uint8Array, contentType: string, max = 20_000): string {
  const text = Buffer.from(body).toString("utf8");
  let out = text;
  if (/json/i.test(contentType)) {
    try {
      out = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      out = text;
    }
  }
  return out.length > max ? `${out.slice(0, max)}\n… (${out.length - max} more characters)` : out;
}
