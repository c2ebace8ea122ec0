/**
 * The ops dashboard at /app as one encapsulated Fastify plugin: form bodies, security headers, session
 * loading, CSRF checks and the role check for every route, and HTML error pages for browsers.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.js";
import { findSession, touchSession } from "../../db/repositories/dashboard-sessions.js";
import { APP_CSS, APP_JS } from "./assets.js";
import {
  FLASH_COOKIE,
  PRE_SESSION_COOKIE,
  SESSION_COOKIE,
  clearCookie,
  readCookies,
  setCookie,
} from "./cookies.js";
import { csrfTokenFor, newPreSessionToken, originMatches, presentedToken, sameToken } from "./csrf.js";
import { renderError } from "./error-page.js";
import type { DashboardDeps, DashboardRoute } from "./route.js";
import { allows } from "./roles.js";
import { dashboardRoutes } from "./route-table.js";

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

// A session is touched at most once a minute: sliding expiry without a write per click.
const TOUCH_EVERY_MS = 60_000;

/** Registers /app and everything under it. */
export async function registerDashboard(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  await app.register(
    async (scope) => {
      installFormParser(scope);
      installHeaders(scope);
      scope.setErrorHandler((error, request, reply) => renderError(error as FastifyError, request, reply));
      scope.setNotFoundHandler((request, reply) =>
        renderError(new AppError("SW_ERR_NOT_FOUND", "There is no such page."), request, reply),
      );
      scope.get("/assets/app.css", async (_r, reply) =>
        reply
          .type("text/css; charset=utf-8")
          .header("cache-control", "public, max-age=31536000, immutable")
          .send(APP_CSS),
      );
      scope.get("/assets/app.js", async (_r, reply) =>
        reply
          .type("text/javascript; charset=utf-8")
          .header("cache-control", "public, max-age=31536000, immutable")
          .send(APP_JS),
      );
      const secure = (deps.config.publicUrl ?? "").startsWith("https:");
      for (const route of dashboardRoutes(deps)) {
        scope.route({
          method: route.method,
          url: route.url === "/" ? "/" : route.url,
          config: { dashboardPermission: route.permission },
          preHandler: (request, reply) => guard(deps, route, request, reply, secure),
          handler: (request, reply) => route.handler(request, reply),
        });
      }
    },
    { prefix: "/app" },
  );
}

function installFormParser(scope: FastifyInstance): void {
  scope.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 1024 * 1024 },
    (_request, body: string, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [key, value] of new URLSearchParams(body)) {
        const prior = out[key];
        out[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
      }
      done(null, out);
    },
  );
}

function installHeaders(scope: FastifyInstance): void {
  scope.addHook("onSend", async (request, reply, payload) => {
    reply.header("content-security-policy", CSP);
    reply.header("x-frame-options", "DENY");
    // Same-origin referrers let the browser send a real Origin on form posts (no-referrer makes it "null").
    reply.header("referrer-policy", "same-origin");
    if (!request.url.startsWith("/app/assets/")) reply.header("cache-control", "no-store");
    return payload;
  });
}

/** Loads the session, enforces the route's permission and CSRF, and prepares the page state. */
async function guard(
  deps: DashboardDeps,
  route: DashboardRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
): Promise<void> {
  const cookies = readCookies(request);
  const token = cookies[SESSION_COOKIE];
  const session = token ? await findSession(deps.db, token) : undefined;
  if (token && !session) clearCookie(reply, SESSION_COOKIE, secure);
  const flash = cookies[FLASH_COOKIE];
  if (flash !== undefined) clearCookie(reply, FLASH_COOKIE, secure);

  let csrfToken: string;
  if (session) {
    csrfToken = csrfTokenFor(session.csrfSecret);
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(deps.db, session.id);
  } else {
    csrfToken = cookies[PRE_SESSION_COOKIE] ?? newPreSessionToken();
    if (!cookies[PRE_SESSION_COOKIE]) {
      setCookie(reply, PRE_SESSION_COOKIE, csrfToken, { secure, sameSite: "Strict", maxAgeSeconds: 86_400 });
    }
  }
  request.dashboard = { csrfToken, ...(session ? { session } : {}), ...(flash ? { flash } : {}) };

  if (route.permission !== "public") {
    if (!session) throw new AppError("SW_ERR_SIGN_IN_REQUIRED");
    if (!allows(session.role, route.permission)) {
      throw new AppError("SW_ERR_ROLE_FORBIDDEN", `The ${session.role} role cannot do this.`, {
        role: session.role,
        requiredPermission: route.permission,
      });
    }
  }
  if (request.method === "POST") {
    if (!originMatches(request)) throw new AppError("SW_ERR_CSRF", "The request came from another site.");
    if (!sameToken(presentedToken(request), csrfToken)) {
      throw new AppError("SW_ERR_CSRF", "Reload the page and try again.");
    }
  }
}
