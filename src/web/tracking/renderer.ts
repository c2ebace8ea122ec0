/**
 * Renders tracking pages (HTML and JSON) and keeps them in the page cache, keyed by what they show (scope and
 * target, language, embed mode) and tagged with the seller, order and shipments they read, so a state change of
 * any of them drops exactly the pages that showed it.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Database } from "../../db/client.js";
import { listRelatedProducts, type RelatedProduct } from "../../db/repositories/related-products.js";
import {
  loadOrderPageData,
  loadShipmentPageData,
  type TrackingPageData,
} from "../../db/repositories/tracking-page-data.js";
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
import { returnsPanelOf } from "../../returns/page-data.js";
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
  /** The seller's related products, the same on every page: read once, dropped with the seller's cache tag. */
  private readonly products = new Map<string, Promise<RelatedProduct[]>>();
  /** Bumped by every drop, so a read that was in flight during one is not kept. */
  private productsGeneration = 0;

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
      this.relatedProducts(brand.id),
      data.order ? this.returnsPanel(brand, data) : undefined,
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

  /** Forgets what was read of a seller (its row or its related products changed, or notifications were lost). */
  forgetSeller(sellerId?: string): void {
    this.productsGeneration++;
    if (sellerId === undefined) this.products.clear();
    else this.products.delete(sellerId);
  }

  private relatedProducts(sellerId: string): Promise<RelatedProduct[]> {
    // Without a working change feed nothing is kept, as for pages.
    if (!this.cache.enabled) return listRelatedProducts(this.db, sellerId);
    const known = this.products.get(sellerId);
    if (known) return known;
    const generation = this.productsGeneration;
    const loading = listRelatedProducts(this.db, sellerId);
    this.products.set(sellerId, loading);
    loading.then(
      () => {
        if (this.productsGeneration !== generation && this.products.get(sellerId) === loading)
          this.products.delete(sellerId);
      },
      () => {
        if (this.products.get(sellerId) === loading) this.products.delete(sellerId);
      },
    );
    return loading;
  }

  /** The order's returns panel from what the page already read (the order, its shipments, the seller). */
  private returnsPanel(brand: SellerBrand, data: TrackingPageData) {
    const order = data.order!;
    const delivered = data.shipments
      .filter((s) => s.direction === "outbound" && s.status === "delivered" && s.deliveredAt)
      .map((s) => s.deliveredAt!.getTime());
    return returnsPanelOf(
      this.db,
      brand.id,
      {
        id: order.id,
        orderNumber: order.orderNumber,
        metadata: order.metadata,
        sellerSettings: brand.returnSettings,
        lastDeliveredAt: delivered.length ? new Date(Math.max(...delivered)) : null,
      },
      this.now(),
    );
  }
}
