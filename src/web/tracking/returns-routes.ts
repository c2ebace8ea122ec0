/**
 * Self-service returns on the tracking page. Only a shopper holding an order link (a lookup by order number and
 * e-mail or postcode, or a link from our messages) reaches the form, so nothing here can be used to find orders.
 * The form posts to its own URL with a CSRF field bound to the link's token (and a cross-site Origin is refused),
 * works without script, and answers in the page's language.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { getSigningSecret } from "../../db/repositories/instance-secrets.js";
import { RETURN_REASONS, type ReturnReason } from "../../returns/lifecycle.js";
import { loadReturnsPanel, type ReturnsPanel } from "../../returns/page-data.js";
import { fillText, returnPageText } from "../../returns/page-i18n.js";
import { requestReturn } from "../../returns/service.js";
import type { SellerBrand } from "./brand.js";
import { sendPage } from "./http-replies.js";
import type { TrackingClaims } from "./links.js";
import { packPage, pagePolicy, viewContext } from "./renderer.js";
import { pageRequest } from "./request-context.js";
import type { TrackingService } from "./service.js";
import { returnFormPage, type ReturnFormState } from "./views/returns.js";

const tokenOf = (request: FastifyRequest) => (request.params as { token?: string }).token ?? "";

/** The CSRF value of a return form: an HMAC of the link's token under the instance secret. */
async function csrfFor(service: TrackingService, token: string): Promise<string> {
  const secret = await getSigningSecret(service.db);
  return createHmac("sha256", secret).update(`return-form|${token}`).digest("base64url").slice(0, 32);
}

/**
 * A browser posting from another site sends that site's Origin: refused. Our own pages are served with
 * `Referrer-Policy: no-referrer`, under which browsers send `Origin: null`, so an absent or null Origin is left to
 * the CSRF field (bound to the link's secret token, which another site cannot know).
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === "null") return true;
  try {
    const from = new URL(origin);
    // Host as the URL parser normalizes it (a default port dropped), compared host to host.
    return from.host === new URL(`${from.protocol}//${request.headers.host ?? ""}`).host;
  } catch {
    return false;
  }
}

function formPage(
  service: TrackingService,
  request: FastifyRequest,
  reply: FastifyReply,
  brand: SellerBrand,
  panel: ReturnsPanel,
  csrf: string,
  state: ReturnFormState,
  status: number,
  body?: Record<string, unknown>,
) {
  const req = pageRequest(request, brand, body);
  const page = packPage(
    returnFormPage(viewContext(req), panel, csrf, state).value,
    "text/html; charset=utf-8",
    {
      "content-security-policy": pagePolicy(brand, req.embed),
    },
  );
  return sendPage(request, reply, page, status);
}

/** GET …/s/:token?return=1 — the form, or back to the page when no return can be started. */
export async function showReturnForm(
  service: TrackingService,
  request: FastifyRequest,
  reply: FastifyReply,
  brand: SellerBrand,
  claims: TrackingClaims,
) {
  const panel = await loadReturnsPanel(service.db, brand.id, claims.targetId, service.now());
  const back = request.url.replace(/([?&])return=1&?/, "$1").replace(/[?&]$/, "");
  if (!panel?.canStart) return reply.code(303).redirect(`${back}#returns`, 303);
  return formPage(service, request, reply, brand, panel, await csrfFor(service, tokenOf(request)), {}, 200);
}

/** POST …/s/:token with intent=return — validates, creates the request, and goes back to the page. */
export async function submitReturnForm(
  service: TrackingService,
  request: FastifyRequest,
  reply: FastifyReply,
  brand: SellerBrand,
  claims: TrackingClaims,
  body: Record<string, unknown>,
) {
  const req = pageRequest(request, brand, body);
  const r = returnPageText(req.lang);
  const csrf = await csrfFor(service, tokenOf(request));
  const given = Buffer.from(typeof body.csrf === "string" ? body.csrf : "");
  const expected = Buffer.from(csrf);
  const panel = await loadReturnsPanel(service.db, brand.id, claims.targetId, service.now());
  if (!panel) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
  const str = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
  const state: ReturnFormState = {
    quantities: Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => /^qty_\d+$/.test(k) || k === "itemQuantity")
        .map(([k, v]) => [k, String(v)]),
    ),
    itemName: str("itemName").slice(0, 200),
    reasonCode: str("reasonCode"),
    comment: str("comment").slice(0, 2000),
  };
  const again = (error: string, status: number) =>
    formPage(service, request, reply, brand, panel, csrf, { ...state, error }, status, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || !sameOrigin(request))
    return again(r.errors.expired, 403);
  if (!panel.canStart) return again(r.errors.notEligible, 422);
  const items =
    panel.lines.length > 0
      ? panel.lines
          .map((line, i) => ({ line, quantity: Number(body[`qty_${i}`] ?? 0) }))
          .filter((x) => Number.isInteger(x.quantity) && x.quantity > 0)
          .map((x) => ({ sku: x.line.sku, name: x.line.name, quantity: x.quantity }))
      : state.itemName
        ? [{ name: state.itemName, quantity: Number(body.itemQuantity ?? 1) || 1 }]
        : [];
  if (items.length === 0) return again(r.errors.noItems, 422);
  if (!(RETURN_REASONS as readonly string[]).includes(state.reasonCode ?? ""))
    return again(r.errors.noReason, 422);
  const result = await requestReturn(
    service.db,
    brand.id,
    claims.targetId,
    {
      items,
      reasonCode: state.reasonCode as ReturnReason,
      reasonText: state.comment || null,
      locale: req.lang,
      source: "tracking_page",
    },
    { actor: "shopper", requestId: request.id, ip: request.ip },
    service.now(),
  );
  if (!result.ok) {
    const message =
      result.kind === "invalid"
        ? fillText(r.errors.invalid, { problem: result.problem })
        : r.errors.notEligible;
    return again(message, 422);
  }
  service.cache.invalidate(`order:${claims.targetId}`);
  const path = request.url.split("?")[0]!;
  const query = `?lang=${encodeURIComponent(req.lang)}${req.embed ? "&embed=1" : ""}`;
  return reply.code(303).header("cache-control", "no-store").redirect(`${path}${query}#returns`, 303);
}
