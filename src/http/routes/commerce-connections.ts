/**
 * /v1/commerce/connections: the seller's Shopify shops and WooCommerce sites (admin scope). Credentials and the
 * webhook secret are write-only: a generated secret is shown once in the creation response, listings show its
 * prefix and whether credentials are set. /v1/commerce/connections/{id}/writebacks: what was pushed back.
 */
import { z } from "zod";
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  normalizeShop,
  updateConnection,
  type ConnectionView,
  type Credentials,
} from "../../commerce/connections.js";
import type { Platform } from "../../commerce/types.js";
import type { Database } from "../../db/client.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams, listLimit } from "../schemas.js";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const credentialsSchema = z
  .object({
    accessToken: z.string().trim().min(8).max(500).optional(),
    consumerKey: z.string().trim().min(8).max(500).optional(),
    consumerSecret: z.string().trim().min(8).max(500).optional(),
  })
  .strict();
const secretSchema = z.string().trim().min(8).max(500);

function checkCredentials(platform: Platform, c: Credentials | undefined): Credentials | undefined {
  if (!c) return undefined;
  if (platform === "shopify") {
    if (!c.accessToken || c.consumerKey || c.consumerSecret)
      fail("SW_ERR_VALIDATION", "Shopify credentials are { accessToken } (an Admin API access token)");
    return { accessToken: c.accessToken };
  }
  if (!c.consumerKey || !c.consumerSecret || c.accessToken)
    fail("SW_ERR_VALIDATION", "WooCommerce credentials are { consumerKey, consumerSecret } (a REST API key)");
  return { consumerKey: c.consumerKey, consumerSecret: c.consumerSecret };
}

export function commerceConnectionRoutes(db: Database) {
  async function viewOf(c: ConnectionView) {
    const [row] = await db.query<{ slug: string }>("SELECT slug FROM sellers WHERE id = $1", [c.sellerId]);
    return {
      id: c.id,
      platform: c.platform,
      shop: c.shop,
      webhookUrl: `/hooks/${row?.slug ?? "?"}/${c.platform}`,
      webhookSecretPrefix: c.webhookSecretPrefix,
      hasCredentials: c.hasCredentials,
      enabled: c.enabled,
      writeback: c.writeback,
      lastSyncAt: iso(c.lastSyncAt),
      lastWritebackAt: iso(c.lastWritebackAt),
      lastError: c.lastError,
      lastErrorAt: iso(c.lastErrorAt),
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
    };
  }

  return [
    defineRoute({
      method: "GET",
      url: "/v1/commerce/connections",
      tag: "commerce",
      summary: "List the Shopify and WooCommerce connections (never their credentials or webhook secret)",
      scope: "admin",
      async handler({ sellerId }) {
        return { items: await Promise.all((await listConnections(db, sellerId)).map(viewOf)) };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/commerce/connections",
      tag: "commerce",
      summary: "Connect a Shopify shop or a WooCommerce site; a generated webhook secret is shown this once",
      scope: "admin",
      body: z
        .object({
          platform: z.enum(["shopify", "woocommerce"]),
          shop: z.string().trim().min(3).max(300),
          credentials: credentialsSchema.optional(),
          webhookSecret: secretSchema.optional(),
          enabled: z.boolean().optional(),
          writeback: z.boolean().optional(),
        })
        .strict(),
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        const shop = normalizeShop(body.platform, body.shop);
        if ("problem" in shop) fail("SW_ERR_VALIDATION", shop.problem);
        // Shopify signs with a key Shopify gives (the app's client secret): Shipwatch cannot make one up.
        if (body.platform === "shopify" && !body.webhookSecret)
          fail(
            "SW_ERR_VALIDATION",
            "webhookSecret is required for Shopify (the key Shopify signs webhooks with)",
          );
        const created = await createConnection(db, {
          sellerId,
          platform: body.platform,
          shop: shop.shop,
          credentials: checkCredentials(body.platform, body.credentials),
          webhookSecret: body.webhookSecret,
          enabled: body.enabled,
          writeback: body.writeback,
        });
        if (!created) fail("SW_ERR_CONFLICT", `${shop.shop} is connected already`);
        request.audit = {
          action: "commerce_connection.create",
          targetType: "commerce_connection",
          targetId: created.connection.id,
          data: { platform: body.platform, shop: shop.shop },
        };
        return {
          ...(await viewOf(created.connection)),
          ...(body.webhookSecret ? {} : { webhookSecret: created.webhookSecret }),
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/commerce/connections/:id",
      tag: "commerce",
      summary: "Get a connection, with its last sync, write-back and error",
      scope: "admin",
      params: idParams,
      async handler({ params, sellerId }) {
        const connection = await getConnection(db, sellerId, params.id);
        if (!connection) notFound("commerce connection");
        return viewOf(connection);
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/v1/commerce/connections/:id",
      tag: "commerce",
      summary:
        "Replace credentials or the webhook secret, enable or disable the connection or its write-back",
      scope: "admin",
      params: idParams,
      body: z
        .object({
          credentials: credentialsSchema.optional(),
          webhookSecret: secretSchema.optional(),
          enabled: z.boolean().optional(),
          writeback: z.boolean().optional(),
        })
        .strict(),
      async handler({ params, body, sellerId, request }) {
        const current = await getConnection(db, sellerId, params.id);
        if (!current) notFound("commerce connection");
        const updated = await updateConnection(db, sellerId, params.id, {
          ...body,
          credentials: checkCredentials(current.platform, body.credentials),
        });
        if (!updated) notFound("commerce connection");
        request.audit = {
          action: "commerce_connection.update",
          targetType: "commerce_connection",
          targetId: params.id,
          // Which fields changed, never their values.
          data: { fields: Object.keys(body) },
        };
        return viewOf(updated);
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/commerce/connections/:id",
      tag: "commerce",
      summary: "Disconnect a shop: its deliveries are refused (kept, as rejected); orders and shipments stay",
      scope: "admin",
      params: idParams,
      async handler({ params, sellerId, request }) {
        const deleted = await deleteConnection(db, sellerId, params.id);
        if (!deleted) notFound("commerce connection");
        request.audit = {
          action: "commerce_connection.delete",
          targetType: "commerce_connection",
          targetId: params.id,
        };
        return viewOf(deleted);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/commerce/connections/:id/writebacks",
      tag: "commerce",
      summary: "What was pushed back to the platform for this connection, newest first",
      scope: "admin",
      params: idParams,
      query: z.object({
        before: z.coerce.number().int().positive().optional(),
        limit: listLimit,
      }),
      async handler({ params, query, sellerId }) {
        if (!(await getConnection(db, sellerId, params.id))) notFound("commerce connection");
        const rows = await db.query<{
          id: number;
          shipment_id: string;
          status: string;
          happened_at: Date | null;
          state: string;
          reason: string | null;
          attempts: number;
          request_summary: Record<string, unknown>;
          remote_id: string | null;
          created_at: Date;
          finished_at: Date | null;
        }>(
          `SELECT id, shipment_id, status, happened_at, state, reason, attempts, request_summary, remote_id, created_at,
             finished_at
           FROM commerce_writebacks WHERE connection_id = $1 AND ($2::bigint IS NULL OR id < $2)
           ORDER BY id DESC LIMIT $3`,
          [params.id, query.before ?? null, query.limit],
        );
        const items = rows.map((r) => ({
          id: r.id,
          shipmentId: r.shipment_id,
          status: r.status,
          happenedAt: iso(r.happened_at),
          state: r.state,
          reason: r.reason,
          attempts: r.attempts,
          sent: r.request_summary,
          remoteId: r.remote_id,
          createdAt: iso(r.created_at),
          finishedAt: iso(r.finished_at),
        }));
        const last = items.at(-1);
        return { items, nextBefore: items.length === query.limit && last ? last.id : null };
      },
    }),
  ];
}
