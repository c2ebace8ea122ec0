/**
 * The JSON endpoint (the page's data for the seller's own scripts and apps, CORS-open: it needs a signed token
 * or a successful lookup, never a cookie) and the widget script.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { getSigningSecret } from "../../db/repositories/instance-secrets.js";
import { saveRating } from "../../db/repositories/tracking-ratings.js";
import { sendPage, sendProblem } from "./http-replies.js";
import { LOOKUP_LINK_TTL_SECONDS, signTrackingToken, trackingPagePath } from "./links.js";
import { lookupOrder, lookupTrackingNumber } from "./lookup.js";
import { trackingModelJson } from "./model-json.js";
import { bodyFields, pageRequest, requestSeller } from "./request-context.js";
import type { TrackingService } from "./service.js";
import { widgetScript } from "./widget.js";

type Req = FastifyRequest<{ Params: { seller: string; token?: string } }>;

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, accept-language",
  "access-control-max-age": "86400",
};

const notFound = (request: FastifyRequest, reply: FastifyReply, detail: string) =>
  sendProblem(request, reply, 404, "SW_ERR_NOT_FOUND", "Not found", detail);

export function registerApiRoutes(app: FastifyInstance, service: TrackingService): void {
  app.options("/track/:seller/api/*", async (_request, reply) => reply.code(204).headers(CORS).send());

  app.get("/track/:seller/widget.js", async (request: Req, reply) => {
    const brand = await requestSeller(service, request);
    if (!brand) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
    return reply
      .header("content-type", "text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(widgetScript(brand.slug));
  });

  app.get("/track/:seller/api/s/:token", async (request: Req, reply) => {
    const brand = await requestSeller(service, request);
    if (!brand) return notFound(request, reply, "No such tracking page.");
    const claims = await service.verify(request.params.token ?? "", brand.id);
    const page = claims
      ? await service.renderer.page(pageRequest(request, brand), claims, "json")
      : undefined;
    if (!claims || !page) return notFound(request, reply, "This tracking link has expired or is not valid.");
    service.views.count(brand.id, "json");
    return sendPage(request, reply, page, 200, CORS);
  });

  app.post("/track/:seller/api/lookup", async (request: Req, reply) => {
    reply.headers(CORS);
    const brand = await requestSeller(service, request);
    if (!brand) return notFound(request, reply, "No such tracking page.");
    const body = bodyFields(request);
    const req = pageRequest(request, brand, body);
    const base = { sellerId: brand.id, clientAddress: request.ip, limits: service.limits };
    const result =
      body.trackingNumber !== undefined && body.orderNumber === undefined
        ? await lookupTrackingNumber(service.db, { ...base, trackingNumber: body.trackingNumber })
        : await lookupOrder(service.db, { ...base, orderNumber: body.orderNumber, contact: body.contact });
    if (result.kind === "invalid") {
      return sendProblem(
        request,
        reply,
        400,
        "SW_ERR_VALIDATION",
        "The request is not valid",
        "Send { orderNumber, contact } (contact: the order's email or postcode) or { trackingNumber }.",
      );
    }
    if (result.kind === "rate_limited") {
      reply.header("retry-after", String(result.retryAfterSeconds));
      return sendProblem(
        request,
        reply,
        429,
        "SW_ERR_RATE_LIMITED",
        "Too many requests",
        "Too many lookups; try again later.",
        { retryAfterSeconds: result.retryAfterSeconds },
      );
    }
    if (result.kind === "not_found")
      return notFound(request, reply, "No order or parcel matches these details.");
    const expiresAt = Math.floor(service.now().getTime() / 1000) + LOOKUP_LINK_TTL_SECONDS;
    const claims = { scope: result.scope, sellerId: brand.id, targetId: result.targetId, expiresAt };
    const token = signTrackingToken(await getSigningSecret(service.db), claims);
    const built = await service.renderer.model(brand, claims);
    if (!built) return notFound(request, reply, "No order or parcel matches these details.");
    return reply.header("cache-control", "no-store").send({
      token,
      path: trackingPagePath(brand.slug, token, req.lang),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      tracking: trackingModelJson(built.model, req.lang),
    });
  });

  app.post("/track/:seller/api/s/:token/rating", async (request: Req, reply) => {
    reply.headers(CORS);
    const brand = await requestSeller(service, request);
    if (!brand) return notFound(request, reply, "No such tracking page.");
    const claims = await service.verify(request.params.token ?? "", brand.id);
    const built = claims?.scope === "order" ? await service.renderer.model(brand, claims) : undefined;
    if (!claims || !built) return notFound(request, reply, "This tracking link has expired or is not valid.");
    const body = bodyFields(request);
    const rating = Number(body.rating);
    const comment = body.comment === undefined || body.comment === null ? null : body.comment;
    if (
      !Number.isInteger(rating) ||
      rating < 1 ||
      rating > 5 ||
      (comment !== null && (typeof comment !== "string" || comment.length > 2000))
    ) {
      return sendProblem(
        request,
        reply,
        400,
        "SW_ERR_VALIDATION",
        "The request is not valid",
        "rating must be an integer from 1 to 5; comment, when given, a string of at most 2000 characters.",
      );
    }
    if (!built.model.order?.canRate) {
      return sendProblem(
        request,
        reply,
        409,
        "SW_ERR_CONFLICT",
        "The request conflicts with existing data",
        "An order can be rated once something in it has been delivered.",
      );
    }
    await saveRating(service.db, {
      sellerId: brand.id,
      orderId: claims.targetId,
      rating,
      comment,
      locale: pageRequest(request, brand, body).lang,
    });
    service.cache.invalidate(`order:${claims.targetId}`);
    return reply.code(204).send();
  });
}
