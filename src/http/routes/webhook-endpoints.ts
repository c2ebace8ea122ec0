/**
 * /v1/webhook-endpoints: the sources a seller receives webhooks from, each with its secret (shown when set,
 * never listed), and rotation with a grace period. /v1/webhook-receipts: recent deliveries, accepted or
 * rejected with the reason, and how their payload parsed. Admin scope for secrets, read for receipts.
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  type WebhookEndpointView,
} from "../../ingest/webhooks/endpoints.js";
import { webhookSourceIds } from "../../ingest/webhooks/sources.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams, listLimit } from "../schemas.js";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const endpointView = (e: WebhookEndpointView, publicPath: string) => ({
  id: e.id,
  source: e.source,
  url: publicPath,
  secretPrefix: e.secretPrefix,
  createdAt: iso(e.createdAt),
  rotatedAt: iso(e.rotatedAt),
  previousSecretValidUntil: iso(e.previousSecretExpiresAt),
});

// A provider-issued secret (AfterShip, Shippo) or public key set (ShipEngine JWKS/PEM); omitted: one is generated.
const secretInput = z.string().trim().min(16).max(20_000).optional();

export function webhookEndpointRoutes(db: Database) {
  async function pathFor(sellerId: string, source: string): Promise<string> {
    const [row] = await db.query<{ slug: string }>("SELECT slug FROM sellers WHERE id = $1", [sellerId]);
    return `/hooks/${row?.slug ?? "?"}/${source}`;
  }

  return [
    defineRoute({
      method: "GET",
      url: "/v1/webhook-endpoints",
      tag: "webhooks",
      summary: "List inbound webhook endpoints (never their secrets) and the sources that can push",
      scope: "admin",
      async handler({ sellerId }) {
        const endpoints = await listWebhookEndpoints(db, sellerId);
        const items = await Promise.all(
          endpoints.map(async (e) => endpointView(e, await pathFor(sellerId, e.source))),
        );
        return { items, sources: webhookSourceIds() };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/webhook-endpoints",
      tag: "webhooks",
      summary: "Receive webhooks from a source; the response holds the secret, shown this once",
      scope: "admin",
      body: z.object({ source: z.string().regex(/^[a-z][a-z0-9_]*$/), secret: secretInput }).strict(),
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        if (!webhookSourceIds().includes(body.source)) {
          fail(
            "SW_ERR_VALIDATION",
            `'${body.source}' does not send webhooks; one of: ${webhookSourceIds().join(", ")}`,
          );
        }
        const created = await createWebhookEndpoint(db, {
          sellerId,
          source: body.source,
          secret: body.secret,
        });
        if (!created)
          fail("SW_ERR_CONFLICT", `a ${body.source} endpoint exists already; rotate its secret instead`);
        request.audit = {
          action: "webhook_endpoint.create",
          targetType: "webhook_endpoint",
          targetId: created.endpoint.id,
          data: { source: body.source },
        };
        return {
          ...endpointView(created.endpoint, await pathFor(sellerId, body.source)),
          secret: created.secret,
        };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/webhook-endpoints/:id/rotate",
      tag: "webhooks",
      summary: "Replace an endpoint's secret; the previous one keeps verifying for 24 hours",
      scope: "admin",
      params: idParams,
      body: z.object({ secret: secretInput }).strict().optional(),
      response: { status: 201 },
      async handler({ params, body, sellerId, request }) {
        const rotated = await rotateWebhookSecret(db, sellerId, params.id, { secret: body?.secret });
        if (!rotated) notFound("webhook endpoint");
        request.audit = {
          action: "webhook_endpoint.rotate",
          targetType: "webhook_endpoint",
          targetId: params.id,
        };
        return {
          ...endpointView(rotated.endpoint, await pathFor(sellerId, rotated.endpoint.source)),
          secret: rotated.secret,
        };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/webhook-endpoints/:id",
      tag: "webhooks",
      summary: "Stop receiving webhooks from a source (its deliveries are refused and kept, as rejected)",
      scope: "admin",
      params: idParams,
      async handler({ params, sellerId, request }) {
        const deleted = await deleteWebhookEndpoint(db, sellerId, params.id);
        if (!deleted) notFound("webhook endpoint");
        request.audit = {
          action: "webhook_endpoint.delete",
          targetType: "webhook_endpoint",
          targetId: params.id,
        };
        return endpointView(deleted, await pathFor(sellerId, deleted.source));
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/webhook-receipts",
      tag: "webhooks",
      summary: "Recent inbound webhook deliveries, newest first, with how their payload was parsed",
      scope: "read",
      query: z.object({
        source: z.string().max(64).optional(),
        outcome: z.enum(["accepted", "rejected"]).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: listLimit,
      }),
      async handler({ query, sellerId }) {
        const rows = await db.query<{
          id: number;
          source: string;
          dedupe_key: string | null;
          outcome: string;
          reason: string | null;
          deliveries: number;
          received_at: Date;
          last_delivery_at: Date;
          raw_payload_id: number | null;
          parse_status: string | null;
          parse_error: string | null;
          event_count: number | null;
        }>(
          `SELECT w.id, w.source, w.dedupe_key, w.outcome, w.reason, w.deliveries, w.received_at, w.last_delivery_at,
             w.raw_payload_id, r.parse_status, r.parse_error, r.event_count
           FROM webhook_receipts w LEFT JOIN raw_payloads r ON r.id = w.raw_payload_id
           WHERE w.seller_id = $1 AND ($2::text IS NULL OR w.source = $2) AND ($3::text IS NULL OR w.outcome = $3)
             AND ($4::bigint IS NULL OR w.id < $4)
           ORDER BY w.id DESC LIMIT $5`,
          [sellerId, query.source ?? null, query.outcome ?? null, query.before ?? null, query.limit],
        );
        const items = rows.map((r) => ({
          id: r.id,
          source: r.source,
          eventId: r.dedupe_key?.startsWith("sha256:") ? null : r.dedupe_key,
          outcome: r.outcome,
          reason: r.reason,
          deliveries: r.deliveries,
          receivedAt: iso(r.received_at),
          lastDeliveryAt: iso(r.last_delivery_at),
          rawPayloadId: r.raw_payload_id,
          parseStatus: r.parse_status,
          parseError: r.parse_error,
          eventCount: r.event_count,
        }));
        const last = items.at(-1);
        return { items, nextBefore: items.length === query.limit && last ? last.id : null };
      },
    }),
  ];
}
