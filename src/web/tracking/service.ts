/**
 * The tracking page's moving parts for one app: signing secret, seller directory, page cache kept fresh by the
 * database change feed, renderer, page-view counter and lookup limits.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../../db/client.js";
import { getSigningSecret } from "../../db/repositories/instance-secrets.js";
import { pruneLookupBuckets } from "../../db/repositories/lookup-buckets.js";
import { startChangeFeed } from "./change-feed.js";
import { carrierOrPromiseWindows, type DeliveryWindowSource } from "./delivery-window.js";
import { verifyTrackingToken, type TrackingClaims } from "./links.js";
import { DEFAULT_LOOKUP_LIMITS, type LookupLimits } from "./lookup.js";
import { PageCache, type PageCacheOptions } from "./page-cache.js";
import { PageViewCounter } from "./page-views.js";
import { TrackingRenderer } from "./renderer.js";
import { SellerDirectory } from "./seller-directory.js";

export interface TrackingPagesOptions {
  /** Where delivery windows come from (the prediction model plugs in here). */
  windows?: DeliveryWindowSource;
  limits?: LookupLimits;
  cache?: PageCacheOptions;
  /** How often buffered page views are written. */
  viewFlushMs?: number;
  now?: () => Date;
}

export class TrackingService {
  readonly cache: PageCache;
  readonly sellers: SellerDirectory;
  readonly views: PageViewCounter;
  readonly renderer: TrackingRenderer;
  readonly limits: LookupLimits;
  readonly now: () => Date;
  private stopFeed: (() => Promise<void>) | undefined;
  private secret: Buffer | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly db: Database,
    private readonly log: FastifyBaseLogger,
    options: TrackingPagesOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    // Nothing is served from memory until the change feed is listening.
    this.cache = new PageCache({ ...options.cache, now: () => this.now().getTime() });
    this.cache.enabled = false;
    this.sellers = new SellerDirectory(db);
    this.views = new PageViewCounter(db, this.now);
    this.renderer = new TrackingRenderer(
      db,
      this.cache,
      options.windows ?? carrierOrPromiseWindows,
      this.now,
    );
    this.limits = options.limits ?? DEFAULT_LOOKUP_LIMITS;
    this.viewFlushMs = options.viewFlushMs ?? 10_000;
  }

  private readonly viewFlushMs: number;

  /** Starts the change feed and the background writers. Never touches tables (the app may start unmigrated). */
  async start(): Promise<void> {
    this.stopFeed = await startChangeFeed(this.db, {
      onTags: (tags) => {
        for (const tag of tags) {
          this.cache.invalidate(tag);
          if (tag.startsWith("seller:")) {
            this.sellers.forget(tag.slice("seller:".length));
            this.renderer.forgetSeller(tag.slice("seller:".length));
            this.sellers
              .loadDomains()
              .catch((error: unknown) => this.log.warn({ err: error }, "custom domains not reloaded"));
          }
        }
      },
      onReset: () => {
        this.cache.enabled = false;
        this.cache.clear();
        this.renderer.forgetSeller();
        this.log.warn("tracking change feed lost; serving tracking pages uncached until it is back");
      },
      onReady: () => {
        this.cache.clear();
        this.renderer.forgetSeller();
        this.cache.enabled = true;
      },
    });
    this.sellers.loadDomains().catch(() => undefined);
    this.views.start(this.viewFlushMs, (error) => this.log.warn({ err: error }, "page views not recorded"));
    this.pruneTimer = setInterval(() => void pruneLookupBuckets(this.db).catch(() => undefined), 3_600_000);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.views
      .stop()
      .catch((error: unknown) => this.log.warn({ err: error }, "page views not recorded"));
    await this.stopFeed?.();
  }

  /** The claims of a token for this seller, or null (invalid, expired, another seller's). */
  async verify(token: string, sellerId: string): Promise<TrackingClaims | null> {
    const nowMs = this.now().getTime();
    // A page is opened again and again with the same link: its MAC was already checked once.
    let claims = this.verified.get(token) ?? null;
    if (!claims) {
      this.secret ??= await getSigningSecret(this.db);
      claims = verifyTrackingToken(this.secret, token, nowMs);
      if (claims) {
        if (this.verified.size >= 50_000) this.verified.clear();
        this.verified.set(token, claims);
      }
    }
    return claims && claims.sellerId === sellerId && claims.expiresAt * 1000 > nowMs ? claims : null;
  }

  private readonly verified = new Map<string, TrackingClaims>();
}
