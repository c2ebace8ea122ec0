/**
 * /v1/outgoing-webhooks: where Shipwatch posts events for the seller (signed webhooks) and helpdesk actions
 * (Zendesk, Gorgias, Freshdesk presets or a custom request), with the delivery log and manual redelivery.
 * (Inbound carrier webhook endpoints are /v1/webhook-endpoints, another module.)
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { HELPDESK_PRESETS } from "../../exceptions/helpdesk-presets.js";
import { WEBHOOK_TOPICS } from "../../notifications/webhook-enqueue.js";
import { redactHelpdeskConfig } from "../../helpdesk/connection.js";
import {
  addOutgoingEndpoint,
  changeOutgoingEndpoint,
  deleteOutgoingEndpoint,
  outgoingEndpointBody,
  outgoingEndpointPatch,
} from "../../notifications/outgoing-endpoint-changes.js";
import {
  getOutgoingEndpoint,
  listDeliveries,
  listOutgoingEndpoints,
  rotateOutgoingSigningSecret,
  type OutgoingEndpointRow,
} from "../../notifications/outgoing-endpoints.js";
import { redeliver } from "../../notifications/webhook-out.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams, listLimit } from "../schemas.js";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

const endpointView = (e: OutgoingEndpointRow) => ({
  id: e.id,
  kind: e.kind,
  name: e.name,
  url: e.url,
  topics: e.topics,
  // The signing secret is shown once, when created or replaced; listings show enough of it to recognise it.
  ...(e.kind === "webhook" ? { secretPrefix: e.secret_prefix } : {}),
  // Helpdesk credentials (headers, API token or key): show that they are set, never their values.
  config: e.kind === "helpdesk" ? redactHelpdeskConfig(e.config, e.credential_names) : {},
  enabled: e.enabled,
  consecutiveFailures: e.consecutive_failures,
  disabledAt: iso(e.disabled_at),
  disabledReason: e.disabled_reason,
  createdAt: iso(e.created_at),
});

/** The outgoing webhook routes. */
export function outgoingWebhookRoutes(db: Database, options: { allowPrivateTargets: boolean }) {
  const owned = async (sellerId: string, id: string) => {
    const row = await getOutgoingEndpoint(db, sellerId, id);
    if (!row) notFound("outgoing webhook");
    return row;
  };
  return [
    defineRoute({
      method: "GET",
      url: "/v1/outgoing-webhooks",
      tag: "webhooks",
      summary: "Outgoing webhook endpoints and helpdesk actions",
      scope: "admin",
      async handler({ sellerId }) {
        const rows = await listOutgoingEndpoints(db, sellerId);
        return { items: rows.map(endpointView), topics: WEBHOOK_TOPICS, helpdeskPresets: HELPDESK_PRESETS };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/outgoing-webhooks",
      tag: "webhooks",
      summary: "Add an endpoint; the response holds its signing secret, shown this once",
      scope: "admin",
      body: outgoingEndpointBody,
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        const { endpoint, secret } = await addOutgoingEndpoint(
          db,
          sellerId,
          body,
          options.allowPrivateTargets,
        );
        request.audit = {
          action: "webhook_endpoint.create",
          targetType: "webhook_endpoint",
          targetId: endpoint.id,
          data: { kind: body.kind, url: endpoint.url },
        };
        return { ...endpointView(endpoint), secret: secret ?? undefined };
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/v1/outgoing-webhooks/:id",
      tag: "webhooks",
      summary: "Change an endpoint; enabling it again clears its failure count",
      scope: "admin",
      params: idParams,
      body: outgoingEndpointPatch,
      async handler({ params, body, sellerId, request }) {
        const row = await changeOutgoingEndpoint(db, sellerId, params.id, body, options.allowPrivateTargets);
        request.audit = {
          action: "webhook_endpoint.update",
          targetType: "webhook_endpoint",
          targetId: params.id,
          data: { fields: Object.keys(body) },
        };
        return endpointView(row);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/outgoing-webhooks/:id/rotate",
      tag: "webhooks",
      summary:
        "Replace a webhook endpoint's signing secret; the response holds the new one, shown this once. The old one " +
        "stops at once: deliveries failing meanwhile are retried, signed with the new one",
      scope: "admin",
      params: idParams,
      async handler({ params, sellerId, request }) {
        const current = await owned(sellerId, params.id);
        if (current.kind !== "webhook")
          fail("SW_ERR_CONFLICT", "a helpdesk endpoint signs nothing: it has no signing secret to replace");
        const rotated = await rotateOutgoingSigningSecret(db, sellerId, params.id);
        if (!rotated) notFound("outgoing webhook");
        request.audit = {
          action: "webhook_endpoint.rotate",
          targetType: "webhook_endpoint",
          targetId: params.id,
        };
        return { ...endpointView(rotated.endpoint), secret: rotated.secret };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/outgoing-webhooks/:id",
      tag: "webhooks",
      summary: "Remove an endpoint and its delivery log",
      scope: "admin",
      params: idParams,
      response: { status: 204 },
      async handler({ params, sellerId, request }) {
        if (!(await deleteOutgoingEndpoint(db, sellerId, params.id))) notFound("outgoing webhook");
        request.audit = {
          action: "webhook_endpoint.delete",
          targetType: "webhook_endpoint",
          targetId: params.id,
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/outgoing-webhooks/:id/deliveries",
      tag: "webhooks",
      summary: "The delivery log: deliveries newest first, each with its attempts",
      scope: "admin",
      params: idParams,
      query: z.object({ before: z.coerce.number().int().positive().optional(), limit: listLimit }),
      async handler({ params, query, sellerId }) {
        await owned(sellerId, params.id);
        const rows = await listDeliveries(db, params.id, query.before ?? null, query.limit);
        return { items: rows, nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/outgoing-webhook-deliveries/:id/redeliver",
      tag: "webhooks",
      summary: "Send a delivery again now (same event id, so receivers can dedupe)",
      scope: "admin",
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: { status: 202 },
      async handler({ params, sellerId, request }) {
        if (!(await redeliver(db, sellerId, params.id))) notFound("delivery");
        request.audit = {
          action: "webhook_delivery.redeliver",
          targetType: "webhook_delivery",
          targetId: String(params.id),
        };
        return { id: params.id, status: "pending" };
      },
    }),
  ];
}
