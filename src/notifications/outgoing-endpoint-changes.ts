/**
 * Adding and changing an outgoing endpoint (a signed webhook, or a helpdesk action or connection), checked the
 * same way whoever asks: the API (/v1/outgoing-webhooks) and the dashboard (Settings › Outgoing) both call these.
 * A helpdesk config must build a request; a URL must be one this server may call (SSRF, checked again at every
 * delivery). Problems are AppErrors with a message that names the field.
 */
import { z } from "zod";
import { AppError } from "../core/errors.js";
import type { Database } from "../db/client.js";
import { helpdeskBody, helpdeskConfigSchema } from "../exceptions/helpdesk-presets.js";
import { helpdeskBaseUrl } from "../helpdesk/connection.js";
import { targetProblem } from "./outbound-http.js";
import {
  createOutgoingEndpoint,
  getOutgoingEndpoint,
  updateOutgoingEndpoint,
  type OutgoingEndpointRow,
} from "./outgoing-endpoints.js";
import { WEBHOOK_TOPICS } from "./webhook-enqueue.js";

export const outgoingEndpointBody = z
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
export type OutgoingEndpointBody = z.infer<typeof outgoingEndpointBody>;
export const outgoingEndpointPatch = outgoingEndpointBody.partial().strict();
export type OutgoingEndpointPatchBody = z.infer<typeof outgoingEndpointPatch>;

/** Checks a helpdesk config can build a request (a custom body template must give valid JSON). */
function checkHelpdesk(kind: string, config: unknown) {
  if (kind !== "helpdesk") return;
  if (!config)
    throw new AppError("SW_ERR_VALIDATION", "body.config: a helpdesk endpoint needs a config with a preset");
  try {
    helpdeskBody(helpdeskConfigSchema.parse(config), {
      id: "x",
      kind: "late",
      orderNumber: "#1",
      details: {},
    });
  } catch (error) {
    throw new AppError("SW_ERR_VALIDATION", `body.config.bodyTemplate: ${(error as Error).message}`);
  }
}

/** Refuses a URL this server may not call (loopback, private, link-local, metadata; also behind a host name). */
async function checkTarget(url: string, allowPrivate: boolean) {
  const problem = await targetProblem(url, allowPrivate);
  if (problem) throw new AppError("SW_ERR_WEBHOOK_TARGET_FORBIDDEN", `body.url: ${problem}`, { url });
}

/** Adds an endpoint; a webhook's signing secret comes back this once. */
export async function addOutgoingEndpoint(
  db: Database,
  sellerId: string,
  body: OutgoingEndpointBody,
  allowPrivate: boolean,
): Promise<{ endpoint: OutgoingEndpointRow; secret: string | null }> {
  checkHelpdesk(body.kind, body.config);
  const url = body.url ?? (body.config ? helpdeskBaseUrl(helpdeskConfigSchema.parse(body.config)) : null);
  if (!url)
    throw new AppError(
      "SW_ERR_VALIDATION",
      "body.url: required (or a helpdesk config with its subdomain or domain)",
    );
  await checkTarget(url, allowPrivate);
  return createOutgoingEndpoint(db, {
    sellerId,
    kind: body.kind,
    name: body.name,
    url,
    topics: body.topics,
    config: body.config,
    enabled: body.enabled,
  });
}

/** Changes one of the seller's endpoints; SW_ERR_NOT_FOUND when it is not theirs. */
export async function changeOutgoingEndpoint(
  db: Database,
  sellerId: string,
  id: string,
  patch: OutgoingEndpointPatchBody,
  allowPrivate: boolean,
): Promise<OutgoingEndpointRow> {
  const current = await getOutgoingEndpoint(db, sellerId, id);
  if (!current) throw new AppError("SW_ERR_NOT_FOUND", "outgoing webhook not found");
  if (patch.config) checkHelpdesk(current.kind, patch.config);
  if (patch.url) await checkTarget(patch.url, allowPrivate);
  const row = await updateOutgoingEndpoint(db, sellerId, id, {
    name: patch.name,
    url: patch.url,
    topics: patch.topics,
    config: patch.config,
    enabled: patch.enabled,
  });
  if (!row) throw new AppError("SW_ERR_NOT_FOUND", "outgoing webhook not found");
  return row;
}

/** Removes one of the seller's endpoints and its delivery log; false when it is not theirs. */
export async function deleteOutgoingEndpoint(db: Database, sellerId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM outgoing_webhooks WHERE id = $1 AND seller_id = $2 RETURNING id", [
    id,
    sellerId,
  ]);
  return rows.length > 0;
}
