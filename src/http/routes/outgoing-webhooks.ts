/**
 * /v1/outgoing-webhooks: where Shipwatch posts events for the seller (signed webhooks) and helpdesk actions
 * (Zendesk, Gorgias, Freshdesk presets or a custom request), with the delivery log and manual redelivery.
 * (Inbound carrier webhook endpoints are /v1/webhook-endpoints, another module.)
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { HELPDESK_PRESETS, helpdeskBody, helpdeskConfigSchema } from "../../exceptions/helpdesk-presets.js";
import { WEBHOOK_TOPICS } from "../../notifications/webhook-enqueue.js";
import { helpdeskBaseUrl, redactHelpdeskConfig } from "../../helpdesk/connection.js";
import {
  createOutgoingEndpoint,
  getOutgoingEndpoint,
  listOutgoingEndpoints,
  rotateOutgoingSigningSecret,
  updateOutgoingEndpoint,
  type OutgoingEndpointRow,
} from "../../notifications/outgoing-endpoints.js";
import { redeliver } from "../../notifications/webhook-out.js";
import { targetProblem } from "../../notifications/outbound-http.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams, listLimit } from "../schemas.js";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

const endpointBody = z
  .object({
    kind: z.enum(["webhook", "helpdesk"]).default("webhook"),
    name: z.string().max(100).default(""),
    /** A helpdesk connection with a subdomain (Zendesk) or domain (Gorgias) may leave it out. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    topics: z.array(z.enum(WEBHOOK_TOPICS)).max(WEBHOOK_TOPICS.length).default([]),
    config: helpdeskConfigSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

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

/** Checks a helpdesk config can build a request (a custom body template must give valid JSON). */
function checkHelpdesk(kind: string, config: unknown) {
  if (kind !== "helpdesk") return;
  if (!config) fail("SW_ERR_VALIDATION", "body.config: a helpdesk endpoint needs a config with a preset");
  try {
    helpdeskBody(helpdeskConfigSchema.parse(config), {
      id: "x",
      kind: "late",
      orderNumber: "#1",
      details: {},
    });
  } catch (error) {
    fail("SW_ERR_VALIDATION", `body.config.bodyTemplate: ${(error as Error).message}`);
  }
}

/**
 * Refuses a URL this server may not call (SSRF: loopback, private, link-local and metadata addresses, also
 * behind a host name), with a problem naming the address and why. Checked again at every delivery.
 */
async function checkTarget(url: string, allowPrivate: boolean) {
  const problem = await targetProblem(url, allowPrivate);
  if (problem) fail("SW_ERR_WEBHOOK_TARGET_FORBIDDEN", `body.url: ${problem}`, { url });
}

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
      body: endpointBody,
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        checkHelpdesk(body.kind, body.config);
        const url =
          body.url ?? (body.config ? helpdeskBaseUrl(helpdeskConfigSchema.parse(body.config)) : null);
        if (!url)
          fail("SW_ERR_VALIDATION", "body.url: required (or a helpdesk config with its subdomain or domain)");
        await checkTarget(url, options.allowPrivateTargets);
        const { endpoint, secret } = await createOutgoingEndpoint(db, {
          sellerId,
          kind: body.kind,
          name: body.name,
          url,
          topics: body.topics,
          config: body.config,
          enabled: body.enabled,
        });
        request.audit = {
          action: "webhook_endpoint.create",
          targetType: "webhook_endpoint",
          targetId: endpoint.id,
          data: { kind: body.kind, url },
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
      body: endpointBody.partial().strict(),
      async handler({ params, body, sellerId, request }) {
        const current = await owned(sellerId, params.id);
        if (body.config) checkHelpdesk(current.kind, body.config);
        if (body.url) await checkTarget(body.url, options.allowPrivateTargets);
        const row = await updateOutgoingEndpoint(db, sellerId, params.id, {
          name: body.name,
          url: body.url,
          topics: body.topics,
          config: body.config,
          enabled: body.enabled,
        });
        if (!row) notFound("outgoing webhook");
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
        await owned(sellerId, params.id);
        await db.query("DELETE FROM outgoing_webhooks WHERE id = $1 AND seller_id = $2", [
          params.id,
          sellerId,
        ]);
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
        const rows = await db.query<Record<string, unknown> & { id: number }>(
          `SELECT d.id, d.topic, d.event_key, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error,
             d.created_at, d.delivered_at, d.payload,
             COALESCE((SELECT jsonb_agg(jsonb_build_object('at', a.attempted_at, 'statusCode', a.status_code,
               'durationMs', a.duration_ms, 'error', a.error, 'response', a.response_excerpt) ORDER BY a.id)
               FROM outgoing_webhook_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS attempt_log
           FROM outgoing_webhook_deliveries d WHERE d.endpoint_id = $1 AND ($2::bigint IS NULL OR d.id < $2)
           ORDER BY d.id DESC LIMIT $3`,
          [params.id, query.before ?? null, query.limit],
        );
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
