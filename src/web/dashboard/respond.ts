/** Small reply helpers shared by dashboard routes: pages, redirects with a flash message, the audit trail. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { writeAudit } from "../../ingest/audit.js";
import { FLASH_COOKIE, setCookie } from "./cookies.js";
import type { Html } from "./html.js";
import type { DashboardDeps } from "./route.js";

export const isSecure = (deps: DashboardDeps) => (deps.config.publicUrl ?? "").startsWith("https:");

/** Sends a rendered page. */
export function sendHtml(reply: FastifyReply, body: Html, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(body.toString());
}

/** Post/redirect/get: a 303 to `url`, with a message shown once on the next page. */
export function redirectWithFlash(deps: DashboardDeps, reply: FastifyReply, url: string, message?: string) {
  if (message)
    setCookie(reply, FLASH_COOKIE, message.slice(0, 300), { secure: isSecure(deps), maxAgeSeconds: 60 });
  return reply.redirect(url, 303);
}

/** Appends to the audit trail as the signed-in person. */
export async function auditAsUser(
  deps: DashboardDeps,
  request: FastifyRequest,
  entry: { action: string; targetType: string; targetId?: string | null; data?: Record<string, unknown> },
  /** Who acted when it is not the request's session (someone signing in or joining). */
  actor?: { userId: string; sellerId: string },
): Promise<void> {
  const who = actor ?? request.dashboard?.session;
  await deps.db.session((s) =>
    writeAudit(s, {
      sellerId: who?.sellerId ?? null,
      actor: who ? `user:${who.userId}` : "system",
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      requestId: request.id,
      ip: request.ip,
      data: entry.data ?? {},
    }),
  );
}

/** A same-site path under /app to return to after a form, or the fallback. */
export function safeNext(value: string, fallback = "/app"): string {
  return /^\/app(\/|\?|$)/.test(value) && !value.includes("\\") ? value : fallback;
}
