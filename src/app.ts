/**
 * buildApp(config, deps) → a Fastify instance with every route; `listen` is the caller's business (main.ts),
 * so tests drive the same app through app.inject() or a loopback port.
 */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { publicUrlOf, type Config } from "./config/index.js";
import { AppError } from "./core/errors.js";
import type { Database } from "./db/client.js";
import { installAuditTrail } from "./http/audit-hook.js";
import { installAuth } from "./http/auth.js";
import { installErrorHandling } from "./http/errors.js";
import { installIdempotency } from "./http/idempotency.js";
import { registerOpenApiRoutes } from "./http/openapi.js";
import { registerRoutes, type AnyRouteSpec } from "./http/route.js";
import { apiKeyRoutes } from "./http/routes/api-keys.js";
import { detectRoutes } from "./http/routes/detect.js";
import { eventRoutes } from "./http/routes/events.js";
import { registerHealthRoutes } from "./http/routes/health.js";
import { orderRoutes } from "./http/routes/orders.js";
import { sellerRoutes } from "./http/routes/seller.js";
import { shipmentRoutes } from "./http/routes/shipments.js";
import { alertRoutes } from "./http/routes/alerts.js";
import { commerceConnectionRoutes } from "./http/routes/commerce-connections.js";
import { returnRoutes } from "./http/routes/returns.js";
import { supportRoutes } from "./http/routes/support.js";
import { notificationRoutes } from "./http/routes/notifications.js";
import { registerUnsubscribeRoutes } from "./notifications/unsubscribe.js";
import { registerWebhookRoutes } from "./http/routes/hooks.js";
import { shipmentRefreshRoutes } from "./http/routes/shipment-refresh.js";
import { shipmentNotifyRoutes } from "./http/routes/shipment-notify.js";
import { webhookEndpointRoutes } from "./http/routes/webhook-endpoints.js";
import type { JobQueue } from "./jobs/queue.js";
import { trackingAdminRoutes } from "./http/routes/tracking-admin.js";
import { registerTrackingPages } from "./web/tracking/index.js";
import { predictionWindows } from "./web/tracking/prediction-windows.js";
import { registerDashboard } from "./web/dashboard/plugin.js";
import "./http/types.js";

export const VERSION = "0.1.0";

export interface AppDeps {
  db: Database;
  /** The job queue, when this process runs one: webhooks and "refresh now" answer 503 without it. */
  jobs?: JobQueue;
}

/** Every /v1 route declaration (also the source of /openapi.json). */
export function apiRoutes(
  db: Database,
  jobs?: JobQueue,
  config?: Pick<Config, "allowPrivateWebhookTargets">,
  publicUrl?: string,
): AnyRouteSpec[] {
  return [
    ...orderRoutes(db),
    ...shipmentRoutes(db),
    ...eventRoutes(db),
    ...detectRoutes(db),
    ...apiKeyRoutes(db),
    ...sellerRoutes(db),
    ...trackingAdminRoutes(db),
    ...webhookEndpointRoutes(db),
    ...shipmentRefreshRoutes(db, jobs),
    ...shipmentNotifyRoutes(db),
    ...notificationRoutes(db, { allowPrivateTargets: config?.allowPrivateWebhookTargets ?? false }),
    ...alertRoutes(db),
    ...commerceConnectionRoutes(db),
    ...returnRoutes(db),
    ...supportRoutes(db, publicUrl),
  ];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === "silent"
        ? false
        : { level: config.logLevel, redact: ["req.headers.authorization", "req.headers.cookie"] },
    bodyLimit: config.bodyLimit,
    // A caller's request id is kept (tracing across systems) when it looks like one; otherwise we mint one.
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });

  // JSON bodies are read as bytes first: ingest routes store them raw before (and even when not) parsing.
  app.removeContentTypeParser(["application/json"]);
  app.addContentTypeParser(
    /^application\/([a-z0-9.+-]*\+)?json$/,
    { parseAs: "buffer" },
    (request, body: Buffer, done) => {
      const raw = body;
      request.rawBody = raw;
      if (raw.length === 0) return done(null, undefined);
      try {
        done(null, JSON.parse(raw.toString("utf8")));
      } catch (error) {
        if (request.routeOptions.config.rawIngest) return done(null, undefined);
        done(
          new AppError("SW_ERR_MALFORMED_JSON", `The body is not valid JSON: ${(error as Error).message}`),
          undefined,
        );
      }
    },
  );

  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-request-id", request.id);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    return payload;
  });

  installErrorHandling(app);
  installAuth(app, deps.db);
  installIdempotency(app, deps.db);
  installAuditTrail(app, deps.db);

  const routes = apiRoutes(deps.db, deps.jobs, config, config.publicUrl ? publicUrlOf(config) : undefined);
  registerHealthRoutes(app, deps.db);
  registerUnsubscribeRoutes(app, deps.db);
  await registerWebhookRoutes(app, deps.db, deps.jobs);
  registerRoutes(app, routes);
  registerOpenApiRoutes(app, routes, VERSION);
  await registerTrackingPages(app, deps.db, { windows: predictionWindows(deps.db) });
  await registerDashboard(app, { db: deps.db, config });
  app.get("/", async (_request, reply) => reply.redirect("/docs"));
  return app;
}
