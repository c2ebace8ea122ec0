/**
 * The `commerce-writeback` job: one decided write-back sent to its platform. Idempotent on our side (a row that is
 * no longer pending is left alone); a status older than one already sent for the shipment is skipped as superseded.
 * Retryable platform errors go back to the queue until its retries are spent; others fail the write-back at once.
 * Both show on the connection (`lastError`) and in /v1/commerce/connections/{id}/writebacks.
 */
import { getCarrier } from "../carriers/registry.js";
import { isStatus, STATUS_TABLE, type Status } from "../core/status.js";
import type { Database } from "../db/client.js";
import {
  loadConnectionForWriteback,
  markWritebackOutcome,
  type ConnectionWithCredentials,
} from "./connections.js";
import { guardedFetch } from "../notifications/outbound-http.js";
import { PlatformError } from "./platform-error.js";
import { ShopifyClient } from "./shopify/client.js";
import { fulfillmentEventInput, sendFulfillmentEvent, shopifyEventStatus } from "./shopify/writeback.js";
import { WooCommerceClient } from "./woocommerce/client.js";
import { writeBackToWooCommerce } from "./woocommerce/writeback.js";

export interface CommerceDeps {
  /** HTTP to the platforms; default: the SSRF-guarded fetch (a shop's site is a URL the seller typed). */
  fetch?: typeof fetch;
  /** Allow shop sites on loopback and private networks (SHIPWATCH_ALLOW_PRIVATE_WEBHOOK_TARGETS; the demo). */
  allowPrivateTargets?: boolean;
  sleep?: (ms: number) => Promise<void>;
  /** Where a Shopify shop's Admin API is (default `https://{shop}`): the emulator's URL in tests and the demo. */
  shopifyBaseUrl?: (shop: string) => string;
  /** Where a WooCommerce site's REST API is (default: the site URL itself). */
  wooBaseUrl?: (site: string) => string;
  /** The public URL of this server, for the tracking link written to WooCommerce. */
  publicUrl?: string;
  maxWaitMs?: number;
}

interface WritebackRow {
  id: number;
  connection_id: string;
  shipment_id: string;
  status: string;
  happened_at: Date | null;
  state: string;
  carrier: string;
  tracking_number: string;
  current_status: string;
  substatus: string | null;
  carrier_estimated_delivery: string | null;
  order_id: string | null;
  slug: string;
}

type Outcome =
  | { state: "sent"; remoteId: string | null; summary: Record<string, unknown> }
  | { state: "skipped"; reason: string; summary?: Record<string, unknown> };

const PROBLEMS = new Set<Status>(["exception", "attempt_failed", "return_to_sender", "returned"]);
const IGNORED_IN_AGGREGATE = new Set<Status>(["cancelled", "expired"]);

/** An estimate the carrier gave as an instant (a bare date is not one Shopify can take). */
function estimateInstant(value: string | null): Date | null {
  if (!value || !value.includes("T")) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

async function toShopify(
  db: Database,
  row: WritebackRow,
  status: Status,
  connection: ConnectionWithCredentials,
  deps: CommerceDeps,
): Promise<Outcome> {
  const links = await db.query<{ external_id: string }>(
    "SELECT external_id FROM commerce_shipments WHERE connection_id = $1 AND shipment_id = $2 ORDER BY external_id",
    [row.connection_id, row.shipment_id],
  );
  const fulfillmentId = links[0]?.external_id;
  if (!fulfillmentId) return { state: "skipped", reason: "the shipment is not a Shopify fulfillment" };
  // A fulfillment with several parcels moves forward with its slowest parcel; problems are told at once.
  const siblings = await db.query<{ status: string }>(
    `SELECT s.status FROM commerce_shipments cs JOIN shipments s ON s.id = cs.shipment_id
     WHERE cs.connection_id = $1 AND cs.external_id = $2`,
    [row.connection_id, fulfillmentId],
  );
  const ranks = siblings
    .map((x) => x.status)
    .filter((x): x is Status => isStatus(x) && !IGNORED_IN_AGGREGATE.has(x))
    .map((x) => STATUS_TABLE[x].rank);
  if (!PROBLEMS.has(status) && ranks.length > 1 && STATUS_TABLE[status].rank > Math.min(...ranks))
    return { state: "skipped", reason: "another parcel of this fulfillment is not that far yet" };
  const substatus = row.current_status === status ? row.substatus : null;
  const shopifyStatus = shopifyEventStatus(status, substatus);
  if (!shopifyStatus) return { state: "skipped", reason: `Shopify has no fulfillment status for ${status}` };
  const [last] = await db.query<{ status: string }>(
    `SELECT request_summary->>'status' AS status FROM commerce_writebacks
     WHERE connection_id = $1 AND state = 'sent' AND request_summary->>'fulfillmentId' = $2
     ORDER BY happened_at DESC NULLS LAST, id DESC LIMIT 1`,
    [row.connection_id, fulfillmentId],
  );
  if (last?.status === shopifyStatus)
    return { state: "skipped", reason: `the fulfillment shows ${shopifyStatus} already` };
  const [place] = await db.query<{
    location_city: string | null;
    location_region: string | null;
    location_country: string | null;
    location_postal: string | null;
  }>(
    `SELECT location_city, location_region, location_country, location_postal FROM tracking_events
     WHERE shipment_id = $1 AND status = $2 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    [row.shipment_id, status],
  );
  const event = fulfillmentEventInput({
    fulfillmentId,
    status,
    substatus,
    happenedAt: row.happened_at ? new Date(row.happened_at) : null,
    estimatedDeliveryAt: estimateInstant(row.carrier_estimated_delivery),
    message: STATUS_TABLE[status].shopperLabel,
    location: {
      city: place?.location_city ?? null,
      region: place?.location_region ?? null,
      country: place?.location_country ?? null,
      postalCode: place?.location_postal ?? null,
    },
  })!;
  const client = new ShopifyClient({
    shop: connection.shop,
    accessToken: connection.credentials.accessToken!,
    baseUrl: deps.shopifyBaseUrl?.(connection.shop),
    fetch: deps.fetch ?? guardedFetch(deps.allowPrivateTargets ?? false),
    sleep: deps.sleep,
    maxWaitMs: deps.maxWaitMs,
  });
  const remoteId = await sendFulfillmentEvent(client, event);
  return { state: "sent", remoteId, summary: { fulfillmentId, status: shopifyStatus, event } };
}

async function toWooCommerce(
  db: Database,
  row: WritebackRow,
  status: Status,
  connection: ConnectionWithCredentials,
  deps: CommerceDeps,
): Promise<Outcome> {
  if (status === "pending")
    return { state: "skipped", reason: "nothing to tell before the carrier has the parcel" };
  const [link] = await db.query<{ external_id: string }>(
    "SELECT external_id FROM commerce_orders WHERE connection_id = $1 AND order_id = $2",
    [row.connection_id, row.order_id],
  );
  if (!link) return { state: "skipped", reason: "the order did not come from this WooCommerce site" };
  const client = new WooCommerceClient({
    site: deps.wooBaseUrl?.(connection.shop) ?? connection.shop,
    consumerKey: connection.credentials.consumerKey!,
    consumerSecret: connection.credentials.consumerSecret!,
    fetch: deps.fetch ?? guardedFetch(deps.allowPrivateTargets ?? false),
    sleep: deps.sleep,
    maxWaitMs: deps.maxWaitMs,
  });
  const result = await writeBackToWooCommerce(client, {
    orderId: link.external_id,
    carrierLabel: getCarrier(row.carrier)?.label ?? row.carrier.toUpperCase(),
    trackingNumber: row.tracking_number,
    status,
    happenedAt: row.happened_at ? new Date(row.happened_at) : null,
    trackingUrl: deps.publicUrl ? `${deps.publicUrl.replace(/\/+$/, "")}/track/${row.slug}` : null,
  });
  return {
    state: "sent",
    remoteId: result.noteId,
    summary: { orderId: link.external_id, note: result.note, trackingAdded: result.trackingAdded },
  };
}

async function finish(
  db: Database,
  id: number,
  state: "sent" | "skipped" | "failed",
  fields: { reason?: string | null; remoteId?: string | null; summary?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `UPDATE commerce_writebacks SET state = $2, reason = $3, remote_id = $4, request_summary = $5::jsonb,
       attempts = attempts + 1, finished_at = now()
     WHERE id = $1`,
    [id, state, fields.reason ?? null, fields.remoteId ?? null, JSON.stringify(fields.summary ?? {})],
  );
}

/** Runs one write-back; throws (for the queue to retry) only on a retryable failure with retries left. */
export async function runCommerceWriteback(
  db: Database,
  writebackId: number,
  deps: CommerceDeps,
  attempt: { retryCount: number; retryLimit: number } = { retryCount: 0, retryLimit: 0 },
): Promise<"sent" | "skipped" | "failed" | "done"> {
  const [row] = await db.query<WritebackRow>(
    `SELECT w.id, w.connection_id, w.shipment_id, w.status, w.happened_at, w.state, s.carrier, s.tracking_number,
       s.status AS current_status, s.substatus, s.carrier_estimated_delivery, s.order_id, sl.slug
     FROM commerce_writebacks w JOIN shipments s ON s.id = w.shipment_id JOIN sellers sl ON sl.id = w.seller_id
     WHERE w.id = $1`,
    [writebackId],
  );
  if (!row || row.state !== "pending") return "done";
  const skip = async (reason: string) => (
    await finish(db, row.id, "skipped", { reason }),
    "skipped" as const
  );
  const connection = await loadConnectionForWriteback(db, row.connection_id);
  if (!connection || !connection.enabled || !connection.writeback)
    return skip("the connection or its write-back is disabled");
  if (!connection.hasCredentials) return skip("the connection has no API credentials");
  if (!isStatus(row.status)) return skip(`unknown status ${row.status}`);
  const [newer] = await db.query<{ id: number }>(
    `SELECT id FROM commerce_writebacks WHERE connection_id = $1 AND shipment_id = $2 AND state = 'sent'
       AND happened_at > $3 LIMIT 1`,
    [row.connection_id, row.shipment_id, row.happened_at],
  );
  if (newer) return skip("superseded: a later status was sent already");
  try {
    const outcome =
      connection.platform === "shopify"
        ? await toShopify(db, row, row.status, connection, deps)
        : await toWooCommerce(db, row, row.status, connection, deps);
    if (outcome.state === "skipped") return skip(outcome.reason);
    await finish(db, row.id, "sent", { remoteId: outcome.remoteId, summary: outcome.summary });
    await markWritebackOutcome(db, connection.id, { ok: true });
    return "sent";
  } catch (error) {
    const message = (error as Error).message;
    const retryable = error instanceof PlatformError ? error.retryable : true;
    await markWritebackOutcome(db, connection.id, { ok: false, error: message });
    if (retryable && attempt.retryCount < attempt.retryLimit) {
      await db.query("UPDATE commerce_writebacks SET attempts = attempts + 1, reason = $2 WHERE id = $1", [
        row.id,
        message.slice(0, 1000),
      ]);
      throw error;
    }
    await finish(db, row.id, "failed", { reason: message.slice(0, 1000) });
    return "failed";
  }
}
