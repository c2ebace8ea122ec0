/**
 * Finding the order an inbound support message is about, among one seller's orders only: order numbers written
 * in the text ("#1001", "order SW-1001", "pedido 1001", "Bestellung Nr. 1001"), tracking numbers (any token a
 * carrier format recognizes), and else the sender's e-mail address.
 */
import { detectTrackingNumber } from "../carriers/detect/index.js";
import { normalizeEmail } from "../core/contact.js";
import { normalizeTrackingNumber } from "../core/tracking-number.js";
import type { Database } from "../db/client.js";

export type MatchedBy = "order_number" | "tracking_number" | "email";

const ORDER_WORDS =
  "order|orders|commande|pedido|pedidos|encomenda|bestellung|bestellnummer|auftrag|ordem|n[°º]|nr|no|number|número|numéro|nummer";
const AFTER_WORD = new RegExp(
  `(?:${ORDER_WORDS})\\.?\\s*(?:n[°º.]?|nr\\.?|no\\.?|number|#|:)?\\s*#?([A-Z0-9][A-Z0-9-]{2,40})`,
  "giu",
);
const HASHED = /#\s?([A-Z0-9][A-Z0-9-]{1,40})/giu;
const PREFIXED = /\b([A-Z]{1,6}-\d{3,})\b/giu;

/** Order-number candidates in a text, as written and in the forms order numbers are stored in. */
export function orderNumberCandidates(text: string): string[] {
  const found = new Set<string>();
  for (const re of [AFTER_WORD, HASHED, PREFIXED]) {
    for (const m of text.matchAll(re)) {
      const raw = m[1]!.replace(/-+$/, "");
      if (!/\d/.test(raw)) continue; // "order status" is not an order number
      for (const v of [raw, raw.toUpperCase(), `#${raw}`, `#${raw.toUpperCase()}`]) found.add(v);
    }
  }
  return [...found].slice(0, 60);
}

/**
 * Tracking numbers in a text: runs of one to eight consecutive words (numbers are often written in groups,
 * "1Z 5R8 939 …") that some carrier's format recognizes, longest first from each word.
 */
export function trackingNumberCandidates(text: string): string[] {
  const words = text.slice(0, 5_000).match(/[A-Z0-9]+/giu) ?? [];
  const found = new Set<string>();
  for (let i = 0; i < words.length && found.size < 30; i++) {
    let joined = "";
    const runs: string[] = [];
    for (let j = i; j < Math.min(words.length, i + 8); j++) {
      joined += words[j]!;
      if (joined.length > 40) break;
      runs.push(joined);
    }
    for (const run of runs.reverse()) {
      const n = normalizeTrackingNumber(run);
      if (n.length >= 8 && /\d/.test(n) && detectTrackingNumber(n).candidates.length > 0) {
        found.add(n);
        break;
      }
    }
  }
  return [...found];
}

export interface FoundOrders {
  matchedBy: MatchedBy | null;
  orderIds: string[];
}

/** The seller's orders the message points at: by order number, else tracking number, else sender e-mail. */
export async function findOrdersForMessage(
  db: Database,
  sellerId: string,
  message: { subject: string; body: string; fromEmail: string | null },
): Promise<FoundOrders> {
  const text = `${message.subject}\n${message.body}`.slice(0, 20_000);
  const numbers = orderNumberCandidates(text);
  if (numbers.length > 0) {
    const rows = await db.query<{ id: string }>(
      "SELECT id FROM orders WHERE seller_id = $1 AND order_number = ANY($2::text[]) ORDER BY created_at DESC LIMIT 20",
      [sellerId, numbers],
    );
    if (rows.length > 0) return { matchedBy: "order_number", orderIds: rows.map((r) => r.id) };
  }
  const tracking = trackingNumberCandidates(text);
  if (tracking.length > 0) {
    const rows = await db.query<{ order_id: string }>(
      `SELECT DISTINCT order_id FROM shipments
       WHERE seller_id = $1 AND tracking_number = ANY($2::text[]) AND order_id IS NOT NULL LIMIT 20`,
      [sellerId, tracking],
    );
    if (rows.length > 0) return { matchedBy: "tracking_number", orderIds: rows.map((r) => r.order_id) };
  }
  if (message.fromEmail) {
    const rows = await db.query<{ id: string }>(
      "SELECT id FROM orders WHERE seller_id = $1 AND email = $2 ORDER BY created_at DESC LIMIT 20",
      [sellerId, normalizeEmail(message.fromEmail)],
    );
    if (rows.length > 0) return { matchedBy: "email", orderIds: rows.map((r) => r.id) };
  }
  return { matchedBy: null, orderIds: [] };
}
