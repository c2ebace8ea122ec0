/**
 * /v1 routes behind the shopper's tracking page: related products (shown after delivery), shopper ratings (for
 * the dashboard), signed tracking links (for the seller's own emails and order-status pages) and page views.
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { getOrder, getOrderByNumber } from "../../db/repositories/orders.js";
import { decodeCursor, encodeCursor } from "../../db/repositories/pagination.js";
import { listRelatedProducts, replaceRelatedProducts } from "../../db/repositories/related-products.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import { getShipment } from "../../db/repositories/shipments.js";
import { pageViewsBetween } from "../../db/repositories/tracking-page-views.js";
import { listRatings, ratingSummary } from "../../db/repositories/tracking-ratings.js";
import { LANGUAGES } from "../../web/i18n/index.js";
import { sellerBrand } from "../../web/tracking/brand.js";
import { createTrackingLink } from "../../web/tracking/links.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { listLimit } from "../schemas.js";

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

const productSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    url: httpUrl,
    imageUrl: httpUrl.nullish(),
    price: z.string().trim().max(40).nullish(),
  })
  .strict();

const day = z.iso.date();

export function trackingAdminRoutes(db: Database) {
  return [
    defineRoute({
      method: "GET",
      url: "/v1/related-products",
      tag: "tracking-page",
      summary: "The products shown to shoppers after delivery, in display order",
      scope: "read",
      async handler({ sellerId }) {
        return { items: await listRelatedProducts(db, sellerId) };
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/v1/related-products",
      tag: "tracking-page",
      summary: "Replace the related products (the page shows the first four after delivery)",
      scope: "write",
      body: z.object({ items: z.array(productSchema).max(12) }).strict(),
      async handler({ body, sellerId, request }) {
        const items = await replaceRelatedProducts(
          db,
          sellerId,
          body.items.map((p) => ({
            title: p.title,
            url: p.url,
            imageUrl: p.imageUrl ?? null,
            price: p.price ?? null,
          })),
        );
        request.audit = {
          action: "related_products.replace",
          targetType: "seller",
          targetId: sellerId,
          data: { count: items.length },
        };
        return { items };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/ratings",
      tag: "tracking-page",
      summary: "Shopper delivery ratings (1–5, one per order), newest first, with a summary",
      scope: "read",
      query: z.object({ limit: listLimit, cursor: z.string().max(200).optional() }),
      async handler({ query, sellerId }) {
        const before = query.cursor ? decodeCursor(query.cursor) : undefined;
        const [rows, summary] = await Promise.all([
          listRatings(db, sellerId, { limit: query.limit + 1, ...(before ? { before } : {}) }),
          ratingSummary(db, sellerId),
        ]);
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return {
          summary,
          items: items.map((r) => ({
            ...r,
            createdAt: r.createdAt.toISOString(),
            updatedAt: r.updatedAt.toISOString(),
          })),
          nextCursor:
            rows.length > query.limit && last
              ? encodeCursor({ createdAt: last.createdAt, id: last.id })
              : null,
        };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/tracking-links",
      tag: "tracking-page",
      summary: "A signed, expiring link to an order's (or one shipment's) tracking page",
      scope: "read",
      body: z
        .object({
          orderId: z.uuid().optional(),
          orderNumber: z.string().trim().min(1).max(64).optional(),
          shipmentId: z.uuid().optional(),
          lang: z.enum(LANGUAGES).optional(),
          ttlDays: z.number().int().min(1).max(365).default(120),
        })
        .strict()
        .refine((b) => [b.orderId, b.orderNumber, b.shipmentId].filter(Boolean).length === 1, {
          message: "give exactly one of orderId, orderNumber, shipmentId",
        }),
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        const seller = await findSellerById(db.orm, sellerId);
        if (!seller) notFound("seller");
        let scope: "order" | "shipment" = "order";
        let targetId: string;
        if (body.shipmentId) {
          if (!(await getShipment(db.orm, sellerId, body.shipmentId))) notFound("shipment");
          scope = "shipment";
          targetId = body.shipmentId;
        } else {
          const order = body.orderId
            ? await getOrder(db.orm, sellerId, body.orderId)
            : await getOrderByNumber(db.orm, sellerId, body.orderNumber!);
          if (!order) notFound("order");
          targetId = order.id;
        }
        const domain = sellerBrand(seller).customDomain;
        const baseUrl = domain
          ? `https://${domain}`
          : `${request.protocol}://${request.headers.host ?? "localhost"}`;
        const link = await createTrackingLink(db, {
          baseUrl,
          sellerSlug: seller.slug,
          sellerId,
          scope,
          targetId,
          lang: body.lang ?? null,
          ttlSeconds: body.ttlDays * 86_400,
        });
        return {
          url: link.url,
          path: new URL(link.url).pathname + new URL(link.url).search,
          token: link.token,
          scope,
          expiresAt: link.expiresAt.toISOString(),
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/tracking-page/views",
      tag: "tracking-page",
      summary: "Tracking-page views per day and page kind (lookup, order, shipment, widget, json)",
      scope: "read",
      query: z.object({ from: day, to: day }),
      async handler({ query, sellerId }) {
        if (query.from > query.to) fail("SW_ERR_VALIDATION", "from must not be after to");
        const items = await pageViewsBetween(db, sellerId, query.from, query.to);
        return { items, total: items.reduce((sum, r) => sum + r.views, 0) };
      },
    }),
  ];
}
