/** The "parse never throws" guarantee, applied once around every adapter's parse. */
import type { ParseOutput } from "../../core/events.js";
import type { ParseContext } from "../types.js";
import { invalidPayload } from "./errors.js";

export type ParseFn = (body: string | Buffer, contentType?: string, context?: ParseContext) => ParseOutput;

/**
 * Wraps a parse function: any exception (a bug meeting an unexpected payload) becomes an `invalid_payload`
 * error instead of crashing ingest. Also refuses non-string/non-Buffer input, and hands the parser only
 * well-formed context (tracking numbers that are non-empty strings).
 */
export function guardParse(adapterId: string, parse: ParseFn): ParseFn {
  return (body, contentType, context) => {
    if (typeof body !== "string" && !Buffer.isBuffer(body))
      return invalidPayload(`${adapterId}: body is not text`);
    try {
      const out = parse(body, contentType, safeContext(context));
      if (!out || !Array.isArray(out.results) || !Array.isArray(out.errors)) {
        return invalidPayload(`${adapterId}: parser returned no output`);
      }
      return out;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return invalidPayload(`${adapterId}: payload could not be parsed (${message.slice(0, 200)})`);
    }
  };
}

/** The context with only usable tracking numbers (trimmed, non-empty, at most 100 of at most 64 characters). */
function safeContext(context: ParseContext | undefined): ParseContext | undefined {
  const list: unknown = context?.trackingNumbers;
  const clean = (Array.isArray(list) ? (list as unknown[]) : [])
    .filter((n): n is string => typeof n === "string")
    .map((n) => n.trim())
    .filter((n) => n !== "" && n.length <= 64)
    .slice(0, 100);
  return clean.length ? { trackingNumbers: clean } : undefined;
}
