/**
 * Renders tracking pages (HTML and JSON) and keeps them in the page cache, keyed by what they show (scope and
 * target, language, embed mode) and tagged with the seller, order and shipments they read, so a state change of
 * any of them drops exactly the pages that showed it.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Database } from "../../db/client.js";
import { listRelatedProducts } from "../../db/repositories/related-products.js";
import { loadOrderPageData, loadShipmentPageData } from "../../db/repositories/tracking-page-data.js";
import { translator, type Language } from "../i18n/index.js";
import { ASSET_URLS } from "./assets.js";
import { httpUrl, type SellerBrand } from "./brand.js";
import { contentSecurityPolicy } from "./csp.js";
import type { DeliveryWindowSource } from "./delivery-window.js";
import type { TrackingClaims } from "./links.js";
import { buildTrackingModel, shopperTimeZone, type TrackingPageModel } from "./model.js";
import { trackingModelJson } from "./model-json.js";
import type { CachedPage, PageCache } from "./page-cache.js";
import { themeCss, type ViewContext } from "./views/layout.js";
import { lookupPage, type LookupState } from "./views/lookup-page.js";
import { loadReturnsPanel } from "../../returns/page-data.js";
import { trackingPage } from "./views/tracking-page.js";

export interface PageRequest {
  brand: SellerBrand;
  lang: Language;
  embed: boolean;
  /** Path of the page (for the language switcher), without query. */
  path: string;
}

/** The view context of a request. */
export function viewContext(req: PageRequest): ViewContext {
  return {
    lang: req.lang,
    t: translator(req.lang),
    brand: req.brand,
    basePath: `/track/${req.brand.slug}`,
    embed: req.embed,
    currentPath: req.path,
    assets: ASSET_URLS,
  };
}

/** Packs a body into a cacheable page with its ETag and headers. */
export function packPage(body: string, contentType: string, headers: Record<string, string>): CachedPage {
  const raw = Buffer.from(body, "utf8");
  return {
    gzip: gzipSync(raw, { level: 6 }),
    size: raw.length,
    etag: `"${createHash("sha256").update(raw).digest("base64url").slice(0, 27)}"`,
    contentType,
    headers,
  };
}

/** The CSP for an HTML page of this seller. */
export function pagePolicy(
  brand: SellerBrand,
  embed: boolean,
  productImages: readonly (string | null)[] = [],
) {
  return contentSecurityPolicy({
    inlineStyle: themeCss(brand),
    imageUrls: [brand.logoUrl, ...productImages],
    embed,
  });
}

export class TrackingRenderer {
  constructor(
    private readonly db: Database,
    private readonly cache: PageCache,
    private readonly windows: DeliveryWindowSource,
    private readonly now: () => Date,
  ) {}

  /** The lookup page (cached: it only depends on the seller, language and mode). */
  lookup(req: PageRequest, state?: LookupState): CachedPage {
    const render = () =>
      packPage(lookupPage(viewContext(req), state).value, "text/html; charset=utf-8", {
        "content-security-policy": pagePolicy(req.brand, req.embed),
      });
    if (state) return render();
    const key = `lookup|${req.brand.id}|${req.lang}|${req.embed ? 1 : 0}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const fill = this.cache.beginFill();
    const page = render();
    this.cache.set(key, page, [`seller:${req.brand.id}`], fill);
    return page;
  }

  /** The tracking page (HTML or JSON) a token opens; undefined when its order or shipment no longer exists. */
  async page(
    req: PageRequest,
    claims: TrackingClaims,
    format: "html" | "json",
  ): Promise<CachedPage | undefined> {
    const key = `${format}|${claims.scope}:${claims.targetId}|${req.lang}|${req.embed ? 1 : 0}|${req.brand.id}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const fill = this.cache.beginFill();
    const built = await this.model(req.brand, claims);
    if (!built) return undefined;
    const { model, tags } = built;
    const page =
      format === "json"
        ? packPage(JSON.stringify(trackingModelJson(model, req.lang)), "application/json; charset=utf-8", {})
        : packPage(trackingPage(viewContext(req), model).value, "text/html; charset=utf-8", {
            "content-security-policy": pagePolicy(
              req.brand,
              req.embed,
              model.relatedProducts.map((p) => p.imageUrl),
            ),
          });
    this.cache.set(key, page, tags, fill);
    return page;
  }

  /** Loads and builds the model of a token's target, with the cache tags it depends on. */
  async model(
    brand: SellerBrand,
    claims: TrackingClaims,
  ): Promise<{ model: TrackingPageModel; tags: string[] } | undefined> {
    const data =
      claims.scope === "order"
        ? await loadOrderPageData(this.db, brand.id, claims.targetId)
        : await loadShipmentPageData(this.db, brand.id, claims.targetId);
    if (!data) return undefined;
    const timeZone = shopperTimeZone(data);
    const [windows, products, returns] = await Promise.all([
      this.windows.windowsFor(data, timeZone),
      listRelatedProducts(this.db, brand.id),
      claims.scope === "order" ? loadReturnsPanel(this.db, brand.id, claims.targetId, this.now()) : undefined,
    ]);
    const model = buildTrackingModel({
      scope: claims.scope,
      seller: brand,
      data,
      windows,
      relatedProducts: products
        .filter((p) => httpUrl(p.url))
        .map((p) => ({ ...p, url: httpUrl(p.url)!, imageUrl: httpUrl(p.imageUrl) })),
      timeZone,
      now: this.now(),
      returns: returns ?? null,
    });
    const tags = [
      `seller:${brand.id}`,
      ...(data.order ? [`order:${data.order.id}`] : []),
      ...data.shipments.map((s) => `shipment:${s.id}`),
    ];
    return { model, tags };
  }
}
