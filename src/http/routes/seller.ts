/** /v1/seller: the authenticated seller's profile, settings and branding; /v1/audit: its audit trail. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { listAuditEntries } from "../../db/repositories/audit-log.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import { sellers } from "../../db/schema.js";
import { notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { carrierId, ianaTimeZone, listLimit } from "../schemas.js";

const settingsSchema = z
  .object({
    carriers: z.array(carrierId).max(50).optional(),
    timeZone: ianaTimeZone.optional(),
    supportEmail: z.email().optional(),
    supportUrl: z.url().optional(),
    /** Delivery windows (src/eta): the window's coverage and the promise date's quantile; model defaults when unset. */
    eta: z
      .object({
        coverage: z.number().min(0.5).max(0.98).optional(),
        promiseQuantile: z.number().min(0.5).max(0.995).optional(),
      })
      .strict()
      .optional(),
    /** Returns: the window after delivery (days) and whether shoppers may start one on the tracking page. */
    returns: z
      .object({ windowDays: z.number().int().min(0).max(365), selfService: z.boolean() })
      .partial()
      .strict()
      .optional(),
  })
  .catchall(z.unknown());

const brandingSchema = z
  .object({
    logoUrl: z.url().optional(),
    primaryColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "#RRGGBB")
      .optional(),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "#RRGGBB")
      .optional(),
    helpText: z.string().max(2000).optional(),
    links: z
      .array(z.object({ label: z.string().max(60), url: z.url() }))
      .max(10)
      .optional(),
    customDomain: z.string().max(253).optional(),
  })
  .strict();

type SellerRow = typeof sellers.$inferSelect;
const sellerView = (s: SellerRow) => ({
  id: s.id,
  slug: s.slug,
  name: s.name,
  settings: s.settings,
  branding: s.branding,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export function sellerRoutes(db: Database) {
  return [
    defineRoute({
      method: "GET",
      url: "/v1/seller",
      tag: "seller",
      summary: "The seller this API key belongs to",
      scope: "read",
      async handler({ sellerId }) {
        const seller = await findSellerById(db.orm, sellerId);
        if (!seller) notFound("seller");
        return sellerView(seller);
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/v1/seller",
      tag: "seller",
      summary: "Update the seller's name, settings (enabled carriers...) or tracking-page branding",
      scope: "admin",
      body: z
        .object({
          name: z.string().trim().min(1).max(120).optional(),
          settings: settingsSchema.optional(),
          branding: brandingSchema.optional(),
        })
        .strict(),
      async handler({ body, sellerId, request }) {
        const current = await findSellerById(db.orm, sellerId);
        if (!current) notFound("seller");
        const [seller] = await db.orm
          .update(sellers)
          .set({
            ...(body.name ? { name: body.name } : {}),
            ...(body.settings ? { settings: { ...current.settings, ...body.settings } } : {}),
            ...(body.branding ? { branding: { ...current.branding, ...body.branding } } : {}),
            updatedAt: new Date(),
          })
          .where(eq(sellers.id, sellerId))
          .returning();
        request.audit = {
          action: "seller.update",
          targetType: "seller",
          targetId: sellerId,
          data: { fields: Object.keys(body) },
        };
        return sellerView(seller!);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/audit",
      tag: "seller",
      summary: "The audit trail of writes through the API, newest first",
      scope: "admin",
      query: z.object({ before: z.coerce.number().int().positive().optional(), limit: listLimit }),
      async handler({ query, sellerId }) {
        const { items, nextBefore } = await listAuditEntries(db, sellerId, query);
        return { items: items.map((r) => ({ ...r, at: r.at.toISOString() })), nextBefore };
      },
    }),
  ];
}
