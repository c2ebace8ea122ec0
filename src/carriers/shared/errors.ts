/** Building `ParseOutput` errors: the error kinds adapters report as data. */
import type { NormalizedResult, ParseError, ParseOutput } from "../../core/events.js";

/** Shipwatch error kinds a parse can report (the carrier's own code goes in `carrierCode`). */
export type ParseErrorKind =
  "not_found" | "carrier_error" | "invalid_payload" | "unauthorized" | "rate_limited";

/** One ParseError. */
export function parseError(
  kind: ParseErrorKind,
  message: string,
  carrierCode: string | null = null,
  trackingNumber: string | null = null,
): ParseError {
  const error: ParseError = { code: kind, message: message || kind, carrierCode };
  if (trackingNumber) error.trackingNumber = trackingNumber;
  return error;
}

/** A ParseOutput holding only errors. */
export function errorOutput(...errors: ParseError[]): ParseOutput {
  return { results: [], errors };
}

/** A ParseOutput holding a single `invalid_payload` error: the body is not a payload of this carrier. */
export function invalidPayload(message: string): ParseOutput {
  return errorOutput(parseError("invalid_payload", message));
}

/** Assembles a ParseOutput. */
export function output(results: NormalizedResult[], errors: ParseError[] = []): ParseOutput {
  return { results, errors };
}

/** Maps an HTTP status a carrier put in its error body to an error kind. */
export function kindForHttpStatus(status: number | undefined): ParseErrorKind {
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  return "carrier_error";
}

/** True when the output says the body was not understood as this carrier's payload at all. */
export function isInvalidPayload(out: ParseOutput): boolean {
  return (
    out.results.length === 0 && out.errors.length > 0 && out.errors.every((e) => e.code === "invalid_payload")
  );
}
