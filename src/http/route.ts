/**
 * One declaration per API route: method, path, scope, zod schemas and handler. The same declaration registers
 * the Fastify route, validates input, and feeds the OpenAPI document, so the docs cannot drift from the code.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { AppError } from "../core/errors.js";
import type { Scope } from "../db/repositories/api-keys.js";

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The authenticated seller (routes with a scope only). */
  sellerId: string;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  /** Required API-key scope; omit for public routes. */
  scope?: Scope;
  params?: P;
  query?: Q;
  body?: B;
  /** Documented success status and body. */
  response?: { status: number; schema?: z.ZodType; description?: string };
  /** Accepts an Idempotency-Key header (POSTs that create or ingest). */
  idempotent?: boolean;
  /**
   * The handler stores the body raw before reading it: a body that is not JSON or not valid still reaches the
   * handler (`request.rawBody`), and `body` documents the format without rejecting anything up front.
   */
  rawIngest?: boolean;
  handler(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<unknown>;
}

// Loosely typed on purpose: the registry holds routes of every shape.
export type AnyRouteSpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<P, Q, B>): AnyRouteSpec {
  return spec as unknown as AnyRouteSpec;
}

/** Validates `value` with `schema`, or throws SW_ERR_VALIDATION listing every problem with its path. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new AppError("SW_ERR_VALIDATION", errors.map((e) => `${e.path}: ${e.message}`).join("; "), {
    errors,
  });
}

/** Registers the routes on a Fastify instance (auth and idempotency hooks read `routeOptions.config`). */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRouteSpec[]): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      config: { scope: spec.scope, idempotent: spec.idempotent ?? false, rawIngest: spec.rawIngest ?? false },
      handler: async (request, reply) => {
        const params = spec.params ? validate(spec.params, request.params, "params") : request.params;
        const query = spec.query ? validate(spec.query, request.query, "query") : request.query;
        const body = spec.body && !spec.rawIngest ? validate(spec.body, request.body, "body") : request.body;
        const result = await spec.handler({
          params,
          query,
          body,
          request,
          reply,
          sellerId: request.auth?.sellerId ?? "",
        });
        if (spec.response?.status && reply.statusCode === 200) reply.code(spec.response.status);
        if (spec.response?.status === 204) return reply.send();
        return result;
      },
    });
  }
}
