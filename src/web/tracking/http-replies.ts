/** How tracking responses leave: cached gzip bytes as-is for browsers, ETag revalidation, private caching. */
import { gunzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { CachedPage } from "./page-cache.js";

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers["accept-encoding"];
  return typeof header === "string" && /\bgzip\b(?!\s*;\s*q=0(\.0*)?\b)/i.test(header);
}

/** Sends a rendered page. Tracking URLs carry a capability, so shared caches must not keep them. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage,
  status = 200,
  extraHeaders: Record<string, string> = {},
): FastifyReply {
  reply
    .code(status)
    .header("content-type", page.contentType)
    .header("cache-control", "private, no-cache")
    .header("vary", "Accept-Language, Accept-Encoding")
    .header("etag", page.etag);
  for (const name in page.headers) reply.header(name, page.headers[name]);
  for (const name in extraHeaders) reply.header(name, extraHeaders[name]);
  if (status === 200 && request.headers["if-none-match"] === page.etag) return reply.code(304).send();
  if (acceptsGzip(request)) return reply.header("content-encoding", "gzip").send(page.gzip);
  return reply.send(gunzipSync(page.gzip));
}

/** A problem+json answer (the JSON endpoint's errors), in the API's format. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .header("access-control-allow-origin", "*")
    .type("application/problem+json")
    .send({
      type: `https://shipwatch.dev/problems/${code.toLowerCase().replace(/_/g, "-")}`,
      title,
      status,
      code,
      detail,
      instance: request.url.split("?")[0],
      requestId: request.id,
      ...extensions,
    });
}
