/** The "parse never throws" guarantee, applied once around every adapter's parse. */
import type { ParseOutput } from "../../core/events.js";
import { invalidPayload } from "./errors.js";

export type ParseFn = (body: string | Buffer, contentType?: string) => ParseOutput;

/**
 * Wraps a parse function: any exception (a bug meeting an unexpected payload) becomes an `invalid_payload`
 * error instead of crashing ingest. Also refuses non-string/non-Buffer input.
 */
export function guardParse(adapterId: string, parse: ParseFn): ParseFn {
  return (body, contentType) => {
    if (typeof body !== "string" && !Buffer.isBuffer(body))
      return invalidPayload(`${adapterId}: body is not text`);
    try {
      const out = parse(body, contentType);
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
