/**
 * /v1/commerce/connections: the seller's Shopify shops and WooCommerce sites (admin scope). Credentials and the
 * webhook secret are write-only: a generated secret is shown once in the creation response, listings show its
 * prefix and whether credentials are set. /v1/commerce/connections/{id}/writebacks: what was pushed back.
 */
import { z } from "zod";
import {
  changeBody,
  changeConnection,
  connectBody,
  connectShop,
  disconnectShop,
  listWritebacks,
  type Outcome,
} from "../../commerce/connection-service.js";
import { getConnection, listConnections, type ConnectionView } from "../../commerce/connections.js";
import type { Database } from "../../db/client.js";
import type { AuditNote } from "../types.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams, listLimit } from "../schemas.js";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A refusal as problem+json; otherwise the audit note for the hook to record once the answer is sent. */
function settled<T>(outcome: Outcome<T>, request: { audit?: AuditNote }): T {
  if (!outcome.ok) fail(outcome.code, outcome.problem);
  request.audit = outcome.audit;
  return outcome;
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
      body: connectBody,
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        const created = settled(await connectShop(db, sellerId, body), request);
        return {
          ...(await viewOf(created.connection)),
          ...(created.webhookSecret ? { webhookSecret: created.webhookSecret } : {}),
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
      body: changeBody,
      async handler({ params, body, sellerId, request }) {
        return viewOf(settled(await changeConnection(db, sellerId, params.id, body), request).connection);
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
        return viewOf(settled(await disconnectShop(db, sellerId, params.id), request).connection);
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
        const items = (await listWritebacks(db, params.id, query)).map((w) => ({
          ...w,
          happenedAt: iso(w.happenedAt),
          createdAt: iso(w.createdAt),
          finishedAt: iso(w.finishedAt),
        }));
        const last = items.at(-1);
        return { items, nextBefore: items.length === query.limit && last ? last.id : null };
      },
    }),
  ];
}
