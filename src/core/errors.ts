/**
 * One registry of error codes. Every API error is `application/problem+json` with one of these codes;
 * expected failures inside the domain are data (ParseError), not exceptions.
 */

export const ERROR_CODES = {
  SW_ERR_VALIDATION: { status: 400, title: "The request is not valid" },
  SW_ERR_MALFORMED_JSON: { status: 400, title: "The request body is not valid JSON" },
  SW_ERR_UNAUTHENTICATED: { status: 401, title: "A valid API key is required" },
  SW_ERR_BAD_SIGNATURE: { status: 401, title: "The webhook signature does not verify" },
  SW_ERR_FORBIDDEN: { status: 403, title: "The API key lacks the scope this needs" },
  SW_ERR_SIGN_IN_REQUIRED: { status: 401, title: "Sign in to the dashboard to continue" },
  SW_ERR_ROLE_FORBIDDEN: { status: 403, title: "Your role does not allow this" },
  SW_ERR_CSRF: { status: 403, title: "The form expired or was sent from another site" },
  SW_ERR_NOT_FOUND: { status: 404, title: "Not found" },
  SW_ERR_METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  SW_ERR_CONFLICT: { status: 409, title: "The request conflicts with existing data" },
  SW_ERR_IDEMPOTENCY_MISMATCH: {
    status: 422,
    title: "This Idempotency-Key was used with a different request",
  },
  SW_ERR_IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: "A request with this Idempotency-Key is in progress",
  },
  SW_ERR_RETURN_NOT_ELIGIBLE: {
    status: 422,
    title: "This order cannot be returned now (not delivered, or past the return window)",
  },
  SW_ERR_RETURN_TRANSITION: {
    status: 409,
    title: "The return cannot move to that status from its current one",
  },
  SW_ERR_PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  SW_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported content type" },
  SW_ERR_UNPARSEABLE_PAYLOAD: {
    status: 422,
    title: "The payload was stored but could not be understood",
  },
  SW_ERR_WEBHOOK_TARGET_FORBIDDEN: {
    status: 422,
    title: "This URL points at an address outgoing requests may not reach",
  },
  SW_ERR_RATE_LIMITED: { status: 429, title: "Too many requests" },
  SW_ERR_INTERNAL: { status: 500, title: "Internal error" },
  SW_ERR_UNAVAILABLE: { status: 503, title: "Not ready" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** An error that becomes a problem+json response with its code's HTTP status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = "AppError";
    this.status = ERROR_CODES[code].status;
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: `https://shipwatch.dev/problems/${this.code.toLowerCase().replace(/_/g, "-")}`,
      title: ERROR_CODES[this.code].title,
      status: this.status,
      code: this.code,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}
