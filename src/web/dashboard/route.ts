/** How a dashboard route is declared: method, path under /app, the permission it needs, and its handler. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config/index.js";
import type { Database } from "../../db/client.js";
import type { SessionWithUser } from "../../db/repositories/dashboard-sessions.js";
import type { Permission } from "./roles.js";

export interface DashboardDeps {
  db: Database;
  config: Config;
}

export interface DashboardState {
  /** The signed-in session (undefined on public routes when nobody is signed in). */
  session?: SessionWithUser;
  /** The CSRF token forms on this page must carry. */
  csrfToken: string;
  /** A one-shot message from the previous request (set by `flash`). */
  flash?: string;
}

export interface DashboardRoute {
  method: "GET" | "POST";
  /** Path under /app, Fastify syntax ("/shipments/:id"). */
  url: string;
  /** "public" routes work without a session (sign-in, invitations, assets). */
  permission: Permission | "public";
  handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

/** The session of a route that requires one (the permission hook has already checked it). */
export function sessionOf(request: FastifyRequest): SessionWithUser {
  const session = request.dashboard?.session;
  if (!session) throw new Error("route declared a permission but ran without a session");
  return session;
}

/** A form field as a trimmed string ("" when absent). */
export function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return String(value[0] ?? "").trim();
  return typeof value === "string" ? value.trim() : "";
}

/** A form field that may repeat (checkboxes) as a list of strings. */
export function fieldList(request: FastifyRequest, name: string): string[] {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" && value ? [value] : [];
}

/** A query-string parameter as a trimmed string. */
export function queryParam(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value.trim() : "";
}

declare module "fastify" {
  interface FastifyRequest {
    dashboard?: DashboardState;
  }
  interface FastifyContextConfig {
    dashboardPermission?: Permission | "public";
  }
}
