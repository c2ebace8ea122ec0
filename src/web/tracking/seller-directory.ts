/**
 * Sellers as the public pages need them, in memory: by slug, and by custom domain (Host header). Entries are
 * dropped when the seller row changes (the change feed) so branding edits show at once.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { sellers } from "../../db/schema.js";
import { SELLER_SLUG } from "../../core/ids.js";
import { sellerBrand, type SellerBrand } from "./brand.js";

export class SellerDirectory {
  private readonly bySlug = new Map<string, SellerBrand>();
  private domains = new Map<string, string>();

  constructor(private readonly db: Database) {}

  /** Loads the custom-domain map (call at start and after a seller change). */
  async loadDomains(): Promise<void> {
    const rows = await this.db.orm
      .select({ slug: sellers.slug, domain: sql<string>`lower(${sellers.branding} ->> 'customDomain')` })
      .from(sellers)
      .where(sql`${sellers.branding} ->> 'customDomain' IS NOT NULL`);
    this.domains = new Map(rows.map((r) => [r.domain, r.slug]));
  }

  /** The seller with this slug, or undefined. */
  async bySlugOrUndefined(slug: string): Promise<SellerBrand | undefined> {
    const cached = this.bySlug.get(slug);
    if (cached) return cached;
    if (!SELLER_SLUG.test(slug)) return undefined;
    const [row] = await this.db.orm.select().from(sellers).where(eq(sellers.slug, slug)).limit(1);
    if (!row) return undefined;
    const brand = sellerBrand(row);
    this.bySlug.set(slug, brand);
    return brand;
  }

  /** The slug of the seller whose custom domain this host is (port ignored), or undefined. */
  slugForHost(host: string | undefined): string | undefined {
    if (!host || this.domains.size === 0) return undefined;
    return this.domains.get(host.replace(/:\d+$/, "").toLowerCase());
  }

  /** Forgets a seller (its row changed). */
  forget(sellerId: string): void {
    for (const [slug, brand] of this.bySlug) if (brand.id === sellerId) this.bySlug.delete(slug);
  }
}
