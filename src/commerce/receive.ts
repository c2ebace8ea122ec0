/**
 * A commerce webhook delivery (`POST /hooks/{seller}/shopify|woocommerce`) through the same pipeline as carrier
 * webhooks: find the connection of the shop the delivery names, verify with its secret, store raw, queue, answer.
 * Unknown shop or disabled connection: stored as rejected, answered 404; bad signature: stored, answered 401.
 * WooCommerce's unsigned ping (sent when a webhook is saved) is answered 200 and not stored.
 */
import type { Database } from "../db/client.js";
import { contentHash } from "../ingest/raw-store.js";
import { flatHeaders, type DeliveryAnswer, type InboundDelivery } from "../ingest/webhooks/receive.js";
import type { ReceiptWriter } from "../ingest/webhooks/receipt-writer.js";
import { findDeliveryConnection } from "./connections.js";
import type { CommercePlatform } from "./platforms.js";
import { isWooCommercePing } from "./woocommerce/verify.js";

export type CommerceDeliveryAnswer = DeliveryAnswer | { kind: "ping" };

/** Verifies and records one delivery of a commerce platform. */
export async function receiveCommerceWebhook(
  db: Database,
  writer: ReceiptWriter,
  platform: CommercePlatform,
  delivery: InboundDelivery,
): Promise<CommerceDeliveryAnswer> {
  const headers = flatHeaders(delivery.headers);
  const shop = platform.shopOf(headers);
  const target = await findDeliveryConnection(db, delivery.sellerSlug, platform.id, shop);
  if (!target) return { kind: "unknown", reason: `no seller '${delivery.sellerSlug}'` };
  if (platform.id === "woocommerce" && isWooCommercePing(delivery.body, headers)) return { kind: "ping" };

  const connection = target.connection;
  // The dedupe key without a delivery id, and the raw payload's key: computed once for both.
  const hash = contentHash(delivery.body);
  let verdict: { ok: true; dedupeKey: string } | { ok: false; reason: string };
  if (!connection)
    verdict = { ok: false, reason: `no ${platform.id} connection for shop '${shop ?? "(none named)"}'` };
  else if (!connection.enabled)
    verdict = { ok: false, reason: `the ${platform.id} connection of '${shop}' is disabled` };
  else {
    const result = platform.verify(delivery.body, headers, connection.secret);
    verdict = result.ok
      ? {
          ok: true,
          // Per connection: two shops of one seller could reuse a delivery id.
          dedupeKey: result.eventId ? `${connection.id}:${result.eventId}` : `sha256:${hash}`,
        }
      : { ok: false, reason: result.reason };
  }
  const recorded = await writer.record({
    sellerId: target.sellerId,
    source: platform.id,
    rawSource: platform.rawSource,
    contentType: headers["content-type"] ?? "application/octet-stream",
    body: delivery.body,
    contentHash: hash,
    headers,
    receivedAt: delivery.receivedAt,
    verdict,
  });
  if (verdict.ok) return { kind: "stored", ...recorded };
  return {
    kind: "stored",
    ...recorded,
    rejection: { reason: verdict.reason, noEndpoint: !connection || !connection.enabled },
  };
}
