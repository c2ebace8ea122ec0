/** The HTML routes: lookup form and its answers, signed-link pages, the rating form, assets and not-found. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { saveRating } from "../../db/repositories/tracking-ratings.js";
import { translator } from "../i18n/index.js";
import { findAsset } from "./assets.js";
import { LOOKUP_LINK_TTL_SECONDS, signTrackingToken, trackingPagePath } from "./links.js";
import { lookupOrder, lookupTrackingNumber, type LookupResult } from "./lookup.js";
import { packPage, pagePolicy, viewContext, type PageRequest } from "./renderer.js";
import { bodyFields, pageRequest, requestSeller } from "./request-context.js";
import type { TrackingService } from "./service.js";
import { sendPage } from "./http-replies.js";
import { lookupPage, messagePage, type LookupState } from "./views/lookup-page.js";
import { getSigningSecret } from "../../db/repositories/instance-secrets.js";
import { showReturnForm, submitReturnForm } from "./returns-routes.js";

type Req = FastifyRequest<{ Params: { seller: string; token?: string; name?: string } }>;

function htmlPage(req: PageRequest, markup: string) {
  return packPage(markup, "text/html; charset=utf-8", {
    "content-security-policy": pagePolicy(req.brand, req.embed),
  });
}

async function notFoundPage(service: TrackingService, request: FastifyRequest, reply: FastifyReply) {
  const brand = await requestSeller(service, request).catch(() => undefined);
  if (!brand) {
    return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
  }
  const req = pageRequest(request, brand);
  const t = translator(req.lang);
  return sendPage(
    request,
    reply,
    htmlPage(req, messagePage(viewContext(req), t("error.notFoundTitle"), t("error.notFound")).value),
    404,
  );
}

/** The lookup form answered with a message (uniform for every kind of miss). */
function lookupAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  req: PageRequest,
  state: LookupState,
  status: number,
) {
  const headers: Record<string, string> = {};
  if (state.errorVars?.retryAfterSeconds) headers["retry-after"] = String(state.errorVars.retryAfterSeconds);
  return sendPage(request, reply, htmlPage(req, lookupPage(viewContext(req), state).value), status, headers);
}

export function registerPageRoutes(app: FastifyInstance, service: TrackingService): void {
  app.get("/track/_assets/:name", async (request: Req, reply) => {
    const asset = findAsset(request.params.name ?? "");
    if (!asset) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
    reply
      .header("content-type", asset.contentType)
      .header("cache-control", "public, max-age=31536000, immutable");
    const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    return gzip ? reply.header("content-encoding", "gzip").send(asset.gzip) : reply.send(asset.body);
  });

  app.get("/track/:seller", async (request: Req, reply) => {
    const brand = await requestSeller(service, request);
    if (!brand) return notFoundPage(service, request, reply);
    const req = pageRequest(request, brand);
    service.views.count(brand.id, req.embed ? "widget" : "lookup");
    return sendPage(request, reply, service.renderer.lookup(req));
  });

  app.post("/track/:seller/lookup", async (request: Req, reply) => {
    const brand = await requestSeller(service, request);
    if (!brand) return notFoundPage(service, request, reply);
    const body = bodyFields(request);
    const req = pageRequest(request, brand, body);
    const byTracking = typeof body.trackingNumber === "string" && !body.orderNumber;
    const base = { sellerId: brand.id, clientAddress: request.ip, limits: service.limits };
    const result: LookupResult = byTracking
      ? await lookupTrackingNumber(service.db, { ...base, trackingNumber: body.trackingNumber })
      : await lookupOrder(service.db, { ...base, orderNumber: body.orderNumber, contact: body.contact });
    const echo: LookupState = byTracking
      ? { form: "tracking", trackingNumber: String(body.trackingNumber ?? "").slice(0, 64) }
      : {
          form: "order",
          orderNumber: String(body.orderNumber ?? "").slice(0, 64),
          contact: String(body.contact ?? "").slice(0, 254),
        };
    switch (result.kind) {
      case "invalid":
        return lookupAnswer(
          request,
          reply,
          req,
          { ...echo, error: byTracking ? "lookup.missingTracking" : "lookup.missing" },
          400,
        );
      case "rate_limited":
        return lookupAnswer(
          request,
          reply,
          req,
          {
            ...echo,
            error: "lookup.rateLimited",
            errorVars: {
              minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)),
              retryAfterSeconds: result.retryAfterSeconds,
            },
          },
          429,
        );
      case "not_found":
        return lookupAnswer(
          request,
          reply,
          req,
          { ...echo, error: byTracking ? "lookup.trackingNotFound" : "lookup.notFound" },
          404,
        );
      case "found": {
        const token = signTrackingToken(await getSigningSecret(service.db), {
          scope: result.scope,
          sellerId: brand.id,
          targetId: result.targetId,
          expiresAt: Math.floor(service.now().getTime() / 1000) + LOOKUP_LINK_TTL_SECONDS,
        });
        const path = trackingPagePath(brand.slug, token, req.lang) + (req.embed ? "&embed=1" : "");
        return reply.code(303).header("cache-control", "no-store").redirect(path, 303);
      }
    }
  });

  app.get("/track/:seller/s/:token", async (request: Req, reply) => {
    const brand = await requestSeller(service, request);
    if (!brand) return notFoundPage(service, request, reply);
    const req = pageRequest(request, brand);
    const claims = await service.verify(request.params.token ?? "", brand.id);
    if (claims?.scope === "order" && (request.query as Record<string, unknown>).return === "1")
      return showReturnForm(service, request, reply, brand, claims);
    const page = claims ? await service.renderer.page(req, claims, "html") : undefined;
    if (!claims || !page) return lookupAnswer(request, reply, req, { notice: "lookup.linkExpired" }, 404);
    service.views.count(brand.id, req.embed ? "widget" : claims.scope);
    return sendPage(request, reply, page);
  });

  // The rating and return forms post to the page's own URL.
  app.post("/track/:seller/s/:token", async (request: Req, reply) => {
    const brand = await requestSeller(service, request);
    if (!brand) return notFoundPage(service, request, reply);
    const body = bodyFields(request);
    const req = pageRequest(request, brand, body);
    const claims = await service.verify(request.params.token ?? "", brand.id);
    if (claims?.scope === "order" && body.intent === "return")
      return submitReturnForm(service, request, reply, brand, claims, body);
    const rating = Number(body.rating);
    const built = claims?.scope === "order" ? await service.renderer.model(brand, claims) : undefined;
    if (!claims || !built) return lookupAnswer(request, reply, req, { notice: "lookup.linkExpired" }, 404);
    if (!built.model.order?.canRate || !Number.isInteger(rating) || rating < 1 || rating > 5) {
      return reply.code(303).redirect(request.url, 303);
    }
    const comment = typeof body.comment === "string" ? body.comment.slice(0, 2000) : null;
    await saveRating(service.db, {
      sellerId: brand.id,
      orderId: claims.targetId,
      rating,
      comment,
      locale: req.lang,
    });
    // The change feed also reports this; invalidating here makes the redirect's page fresh without waiting for it.
    service.cache.invalidate(`order:${claims.targetId}`);
    return reply.code(303).redirect(`${request.url.split("#")[0]}#rating`, 303);
  });
}

export { notFoundPage };
