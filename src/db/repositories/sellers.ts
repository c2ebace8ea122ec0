/** Sellers (tenants): each has a slug used in public URLs, settings and tracking-page branding. */
import { eq } from "drizzle-orm";
import type { Orm } from "../client.js";
import { sellers } from "../schema.js";

export type Seller = typeof sellers.$inferSelect;

export async function createSeller(
  orm: Orm,
  input: {
    slug: string;
    name: string;
    settings?: Record<string, unknown>;
    branding?: Record<string, unknown>;
  },
): Promise<Seller> {
  const [row] = await orm
    .insert(sellers)
    .values({
      slug: input.slug,
      name: input.name,
      settings: input.settings ?? {},
      branding: input.branding ?? {},
    })
    .returning();
  return row!;
}

export async function findSellerBySlug(orm: Orm, slug: string): Promise<Seller | undefined> {
  const [row] = await orm.select().from(sellers).where(eq(sellers.slug, slug)).limit(1);
  return row;
}

export async function findSellerById(orm: Orm, id: string): Promise<Seller | undefined> {
  const [row] = await orm.select().from(sellers).where(eq(sellers.id, id)).limit(1);
  return row;
}
