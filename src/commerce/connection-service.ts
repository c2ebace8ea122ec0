/**
 * Connecting, changing and disconnecting a shop, and its write-back log: the rules the API
 * (/v1/commerce/connections) and the dashboard (Settings › Shops) share, so both accept the same input, refuse it
 * with the same words and write the same audit entries. Expected refusals are data, not exceptions: the API turns
 * them into problem+json, the dashboard into a message on the page.
 */
import { z } from "zod";
import type { Database } from "../db/client.js";
import {
  createConnection,
  deleteConnection,
  getConnection,
  normalizeShop,
  updateConnection,
  type ConnectionView,
  type Credentials,
} from "./connections.js";
import type { Platform } from "./types.js";

const credentialsSchema = z
  .object({
    accessToken: z.string().trim().min(8).max(500).optional(),
    consumerKey: z.string().trim().min(8).max(500).optional(),
    consumerSecret: z.string().trim().min(8).max(500).optional(),
  })
  .strict();
const secretSchema = z.string().trim().min(8).max(500);

export const connectBody = z
  .object({
    platform: z.enum(["shopify", "woocommerce"]),
    shop: z.string().trim().min(3).max(300),
    credentials: credentialsSchema.optional(),
    webhookSecret: secretSchema.optional(),
    enabled: z.boolean().optional(),
    writeback: z.boolean().optional(),
  })
  .strict();

export const changeBody = z
  .object({
    credentials: credentialsSchema.optional(),
    webhookSecret: secretSchema.optional(),
    enabled: z.boolean().optional(),
    writeback: z.boolean().optional(),
  })
  .strict();

export type ConnectInput = z.infer<typeof connectBody>;
export type ChangeInput = z.infer<typeof changeBody>;

/** What the caller writes to the audit trail, as whoever it acts for (an API key, a signed-in person). */
export interface ConnectionAudit {
  action: string;
  targetType: "commerce_connection";
  targetId: string;
  data?: Record<string, unknown>;
}

export type Refusal = {
  ok: false;
  code: "SW_ERR_VALIDATION" | "SW_ERR_CONFLICT" | "SW_ERR_NOT_FOUND";
  problem: string;
};
export type Outcome<T> = ({ ok: true; audit: ConnectionAudit } & T) | Refusal;

const invalid = (problem: string): Refusal => ({ ok: false, code: "SW_ERR_VALIDATION", problem });
const missing = (): Refusal => ({
  ok: false,
  code: "SW_ERR_NOT_FOUND",
  problem: "commerce connection not found",
});

/** The credentials the platform takes, and only those; a problem when they are the other platform's. */
function checkCredentials(
  platform: Platform,
  c: Credentials | undefined,
): { credentials: Credentials | undefined } | Refusal {
  if (!c) return { credentials: undefined };
  if (platform === "shopify") {
    if (!c.accessToken || c.consumerKey || c.consumerSecret)
      return invalid("Shopify credentials are { accessToken } (an Admin API access token)");
    return { credentials: { accessToken: c.accessToken } };
  }
  if (!c.consumerKey || !c.consumerSecret || c.accessToken)
    return invalid("WooCommerce credentials are { consumerKey, consumerSecret } (a REST API key)");
  return { credentials: { consumerKey: c.consumerKey, consumerSecret: c.consumerSecret } };
}

/**
 * Connects a shop. `webhookSecret` is set only when Shipwatch generated it: the caller shows it this once (a
 * secret the seller gave is theirs already and is not echoed).
 */
export async function connectShop(
  db: Database,
  sellerId: string,
  input: ConnectInput,
): Promise<Outcome<{ connection: ConnectionView; webhookSecret?: string }>> {
  const shop = normalizeShop(input.platform, input.shop);
  if ("problem" in shop) return invalid(shop.problem);
  // Shopify signs with a key Shopify gives (the app's client secret): Shipwatch cannot make one up.
  if (input.platform === "shopify" && !input.webhookSecret)
    return invalid("webhookSecret is required for Shopify (the key Shopify signs webhooks with)");
  const checked = checkCredentials(input.platform, input.credentials);
  if ("ok" in checked) return checked;
  const created = await createConnection(db, {
    sellerId,
    platform: input.platform,
    shop: shop.shop,
    credentials: checked.credentials,
    webhookSecret: input.webhookSecret,
    enabled: input.enabled,
    writeback: input.writeback,
  });
  if (!created) return { ok: false, code: "SW_ERR_CONFLICT", problem: `${shop.shop} is connected already` };
  return {
    ok: true,
    connection: created.connection,
    ...(input.webhookSecret ? {} : { webhookSecret: created.webhookSecret }),
    audit: {
      action: "commerce_connection.create",
      targetType: "commerce_connection",
      targetId: created.connection.id,
      data: { platform: input.platform, shop: shop.shop },
    },
  };
}

/** Replaces credentials or the webhook secret, enables or disables the connection or its write-back. */
export async function changeConnection(
  db: Database,
  sellerId: string,
  id: string,
  input: ChangeInput,
): Promise<Outcome<{ connection: ConnectionView }>> {
  const current = await getConnection(db, sellerId, id);
  if (!current) return missing();
  const checked = checkCredentials(current.platform, input.credentials);
  if ("ok" in checked) return checked;
  const updated = await updateConnection(db, sellerId, id, { ...input, credentials: checked.credentials });
  if (!updated) return missing();
  return {
    ok: true,
    connection: updated,
    // Which fields changed, never their values.
    audit: {
      action: "commerce_connection.update",
      targetType: "commerce_connection",
      targetId: id,
      data: { fields: Object.keys(input) },
    },
  };
}

/** Disconnects a shop: its deliveries are refused (kept, as rejected); orders and shipments stay. */
export async function disconnectShop(
  db: Database,
  sellerId: string,
  id: string,
): Promise<Outcome<{ connection: ConnectionView }>> {
  const deleted = await deleteConnection(db, sellerId, id);
  if (!deleted) return missing();
  return {
    ok: true,
    connection: deleted,
    audit: { action: "commerce_connection.delete", targetType: "commerce_connection", targetId: id },
  };
}

export interface WritebackEntry {
  id: number;
  shipmentId: string;
  status: string;
  happenedAt: Date | null;
  state: string;
  reason: string | null;
  attempts: number;
  /** What was sent to the platform (a summary written by the write-back job, no credentials). */
  sent: Record<string, unknown>;
  remoteId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A connection's write-backs, newest first, `before` an id for the next page. The caller checks the seller. */
export async function listWritebacks(
  db: Database,
  connectionId: string,
  page: { before?: number; limit: number },
): Promise<WritebackEntry[]> {
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
    [connectionId, page.before ?? null, page.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    shipmentId: r.shipment_id,
    status: r.status,
    happenedAt: r.happened_at,
    state: r.state,
    reason: r.reason,
    attempts: r.attempts,
    sent: r.request_summary,
    remoteId: r.remote_id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }));
}
