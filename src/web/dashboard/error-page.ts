/** Errors under /app: an HTML page for browsers, problem+json for scripts, sign-in redirect for page loads. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.js";
import { html } from "./html.js";
import { barePage, page } from "./layout.js";

function toAppError(error: FastifyError | AppError): AppError {
  if (error instanceof AppError) return error;
  if (error.statusCode === 413) return new AppError("SW_ERR_PAYLOAD_TOO_LARGE", error.message);
  if (error.statusCode === 415) return new AppError("SW_ERR_UNSUPPORTED_MEDIA_TYPE", error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError("SW_ERR_VALIDATION", error.message);
  }
  return new AppError("SW_ERR_INTERNAL", "Something went wrong; the request id identifies it in the logs.");
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? "").includes("text/html");

/** Sends the error in the form the client asked for. */
export function renderError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.code === "SW_ERR_INTERNAL") request.log.error({ err: error }, "dashboard error");
  // Opening a page while signed out is not an error to show: go to sign-in and come back after.
  if (appError.code === "SW_ERR_SIGN_IN_REQUIRED" && request.method === "GET") {
    const next = request.url.startsWith("/app") ? request.url : "/app";
    return reply.redirect(`/app/sign-in?next=${encodeURIComponent(next)}`, 303);
  }
  reply.code(appError.status);
  if (appError.code === "SW_ERR_RATE_LIMITED" && appError.extensions.retryAfterSeconds) {
    reply.header("retry-after", String(appError.extensions.retryAfterSeconds));
  }
  if (!wantsHtml(request)) {
    return reply
      .type("application/problem+json")
      .send({ ...appError.toProblem(request.url), requestId: request.id });
  }
  const problem = appError.toProblem();
  const body = html`<p class="error">${problem.detail ?? problem.title}</p>
    <p class="muted">Code ${problem.code} · request ${request.id}</p>
    <p><a href="/app">Back to the overview</a></p>`;
  const title = problem.title;
  return reply
    .type("text/html; charset=utf-8")
    .send(String(request.dashboard?.session ? page(request, { title, body }) : barePage(title, body)));
}
