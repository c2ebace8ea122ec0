/** Per-request parsing shared by the tracking routes: seller (slug and Host), language, embed mode. */
import type { FastifyRequest } from "fastify";
import { negotiateLanguage, type Language } from "../i18n/index.js";
import type { SellerBrand } from "./brand.js";
import type { PageRequest } from "./renderer.js";
import type { TrackingService } from "./service.js";

const languageMemo = new Map<string, Language>();

/** The answer language; Accept-Language headers repeat, so their negotiation is memoized (bounded). */
export function requestLanguage(request: FastifyRequest, explicit?: unknown): Language {
  const query = request.query as Record<string, unknown> | undefined;
  const chosen = explicit ?? query?.lang;
  if (chosen !== undefined) return negotiateLanguage(chosen, undefined);
  const header = request.headers["accept-language"] ?? "";
  let lang = languageMemo.get(header);
  if (!lang) {
    lang = negotiateLanguage(undefined, header);
    if (languageMemo.size > 1000) languageMemo.clear();
    languageMemo.set(header, lang);
  }
  return lang;
}

export function isEmbed(request: FastifyRequest, body?: Record<string, unknown>): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return query?.embed === "1" || body?.embed === "1";
}

/**
 * The seller a request addresses: by the slug in the path, refused when the request came in on another seller's
 * custom domain (one seller's domain never serves another's pages).
 */
export async function requestSeller(
  service: TrackingService,
  request: FastifyRequest,
): Promise<SellerBrand | undefined> {
  const slug = (request.params as { seller?: string }).seller ?? "";
  const hostSlug = service.sellers.slugForHost(request.headers.host);
  if (hostSlug && hostSlug !== slug) return undefined;
  return service.sellers.bySlugOrUndefined(slug);
}

/** The page request for the renderer. */
export function pageRequest(
  request: FastifyRequest,
  brand: SellerBrand,
  body?: Record<string, unknown>,
): PageRequest {
  return {
    brand,
    lang: requestLanguage(request, body?.lang),
    embed: isEmbed(request, body),
    path: request.url.split("?")[0]!,
  };
}

/** A form or JSON body as a plain record of strings. */
export function bodyFields(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
