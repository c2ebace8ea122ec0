/** Every error leaves as `application/problem+json` with a stable code (src/core/errors.ts). */
import type { FastifyError, FastifyInstance } from "fastify";
import { AppError, type ErrorCode } from "../core/errors.js";

function fromFastify(error: FastifyError): AppError | null {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("SW_ERR_PAYLOAD_TOO_LARGE", error.message);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("SW_ERR_UNSUPPORTED_MEDIA_TYPE", error.message);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError("SW_ERR_MALFORMED_JSON", error.message);
    default:
      break;
  }
  if (error instanceof SyntaxError) return new AppError("SW_ERR_MALFORMED_JSON", error.message);
  if (error.statusCode === 413) return new AppError("SW_ERR_PAYLOAD_TOO_LARGE", error.message);
  if (error.statusCode === 415) return new AppError("SW_ERR_UNSUPPORTED_MEDIA_TYPE", error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError("SW_ERR_VALIDATION", error.message);
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFastify(error);
    const appError =
      known ??
      new AppError("SW_ERR_INTERNAL", "Something went wrong; the request id identifies it in the logs.");
    if (!known) request.log.error({ err: error }, "unhandled error");
    if (appError.code === "SW_ERR_RATE_LIMITED" && appError.extensions.retryAfterSeconds) {
      reply.header("retry-after", String(appError.extensions.retryAfterSeconds));
    }
    return reply
      .code(appError.status)
      .type("application/problem+json")
      .send({ ...appError.toProblem(request.url), requestId: request.id });
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = new AppError(
      "SW_ERR_NOT_FOUND",
      `No route ${request.method} ${request.url.split("?")[0]}`,
    );
    return reply
      .code(404)
      .type("application/problem+json")
      .send({ ...problem.toProblem(request.url), requestId: request.id });
  });
}

/** Throws the not-found problem: the same answer for "does not exist" and "belongs to another seller". */
export function notFound(what: string): never {
  throw new AppError("SW_ERR_NOT_FOUND", `${what} not found`);
}

export function fail(code: ErrorCode, detail?: string, extensions?: Record<string, unknown>): never {
  throw new AppError(code, detail, extensions);
}
