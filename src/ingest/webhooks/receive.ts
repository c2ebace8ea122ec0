/**
 * An inbound webhook delivery: find the seller's endpoint for the source, verify the signature (current secret,
 * then the previous one within its rotation grace), store the raw request, queue its ingest, answer. Nothing is
 * parsed here: the answer comes in milliseconds and parsing happens in a worker. A delivery that fails
 * verification is still stored, marked rejected, for audit.
 */
import type { Database } from "../../db/client.js";
import { contentHash, headersToStore } from "../raw-store.js";
import { findDeliveryTarget } from "./endpoints.js";
import type { ReceiptWriter, RecordedDelivery } from "./receipt-writer.js";
import { webhookSource } from "./sources.js";

export interface InboundDelivery {
  sellerSlug: string;
  source: string;
  body: Buffer;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  receivedAt: Date;
}

export type DeliveryAnswer =
  | ({ kind: "stored" } & RecordedDelivery & { rejection?: { reason: string; noEndpoint: boolean } })
  | { kind: "unknown"; reason: string };

// Never stored: credentials of the hop in front of us, not part of what the provider sent.
const UNSTORED_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/** Request headers by lower-case name, minus the credentials of the hop in front of us. */
export function flatHeaders(headers: InboundDelivery["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || UNSTORED_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** Verifies and records one delivery. */
export async function receiveWebhook(
  db: Database,
  writer: ReceiptWriter,
  delivery: InboundDelivery,
): Promise<DeliveryAnswer> {
  const source = webhookSource(delivery.source);
  if (!source) return { kind: "unknown", reason: `'${delivery.source}' does not send webhooks to Shipwatch` };
  const target = await findDeliveryTarget(db, delivery.sellerSlug, source.id, delivery.receivedAt);
  if (!target) return { kind: "unknown", reason: `no seller '${delivery.sellerSlug}'` };

  const headers = flatHeaders(delivery.headers);
  // The dedupe key of a provider without event ids, and the raw payload's key: computed once for both.
  const hash = contentHash(delivery.body);
  let verdict: { ok: true; dedupeKey: string } | { ok: false; reason: string };
  if (target.secrets.length === 0) {
    verdict = { ok: false, reason: `no webhook endpoint is configured for ${source.id}` };
  } else {
    verdict = { ok: false, reason: "signature mismatch" };
    for (const secret of target.secrets) {
      const result = source.verify(delivery.body, headers, secret, delivery.receivedAt);
      if (result.ok) {
        verdict = { ok: true, dedupeKey: result.eventId ?? `sha256:${hash}` };
        break;
      }
      // The current secret's reason is the one worth telling (a stale timestamp, a missing header).
      if (secret === target.secrets[0]) verdict = { ok: false, reason: result.reason };
    }
  }
  const recorded = await writer.record({
    sellerId: target.sellerId,
    source: source.id,
    rawSource: source.rawSource,
    contentType: headers["content-type"] ?? "application/octet-stream",
    body: delivery.body,
    contentHash: hash,
    headers: headersToStore({ source: source.rawSource, contentType: "", body: delivery.body, headers }),
    receivedAt: delivery.receivedAt,
    verdict,
  });
  if (verdict.ok) return { kind: "stored", ...recorded };
  return {
    kind: "stored",
    ...recorded,
    rejection: { reason: verdict.reason, noEndpoint: target.secrets.length === 0 },
  };
}
