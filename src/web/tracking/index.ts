/**
 * The shopper's tracking page, registered on the app: `/track/{seller}` (lookup), `/track/{seller}/s/{token}`
 * (signed links), `/track/{seller}/api/...` (JSON), `/track/{seller}/widget.js` (embeddable widget), and, on a
 * seller's custom domain, `/` redirecting to that seller's page.
 */
import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client.js";
import { registerApiRoutes } from "./routes-api.js";
import { notFoundPage, registerPageRoutes } from "./routes-pages.js";
import { TrackingService, type TrackingPagesOptions } from "./service.js";

export type { TrackingPagesOptions } from "./service.js";
export type { DeliveryWindowSource, DeliveryWindowView } from "./delivery-window.js";
export { createTrackingLink } from "./links.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The tracking page's cache, counters and settings (tests and operations read them). */
    trackingPages?: TrackingService;
  }
}

/** Form posts are small: two or three fields, or a rating comment. */
const FORM_BODY_LIMIT = 16 * 1024;

/** Registers the tracking page routes and starts the cache's change feed; stops with the app. */
export async function registerTrackingPages(
  app: FastifyInstance,
  db: Database,
  options: TrackingPagesOptions = {},
): Promise<TrackingService> {
  const service = new TrackingService(db, app.log, options);
  await service.start();
  app.decorate("trackingPages", service);
  app.addHook("onClose", async () => service.stop());

  // A seller's custom domain: its root is its tracking page.
  app.addHook("onRequest", async (request, reply) => {
    if (request.url !== "/" || request.method !== "GET") return;
    const slug = service.sellers.slugForHost(request.headers.host);
    if (slug) return reply.redirect(`/track/${slug}`, 302);
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: FORM_BODY_LIMIT },
      (_request, body: string, done) => done(null, Object.fromEntries(new URLSearchParams(body))),
    );
    registerPageRoutes(scope, service);
    registerApiRoutes(scope, service);
    scope.get("/track/:seller/*", async (request, reply) => notFoundPage(service, request, reply));
  });
  return service;
}
