/**
 * Support's search box: one query string matched against order number, tracking number, email, phone and
 * first name, with exact and prefix matches served by the B-tree indexes of migration 0007 (a few index probes
 * each, whatever the table size). Every branch is bounded by LIMIT, so a common name cannot make it slow.
 */
import { normalizeEmail, normalizePhone } from "../../core/contact.js";
import { normalizeTrackingNumber } from "../../core/tracking-number.js";
import type { Database } from "../client.js";

export type SearchMatch = "order_number" | "tracking_number" | "email" | "phone" | "name";

export interface SearchHit {
  matched: SearchMatch;
  exact: boolean;
  orderId: string | null;
  orderNumber: string | null;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  stage: string | null;
  shipmentId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  status: string | null;
  substatus: string | null;
  lastEventAt: Date | null;
  createdAt: Date;
}

const BRANCH_LIMIT = 25;
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface Branch {
  /** One SELECT of (order_id, shipment_id, matched, rank); `$?` marks its parameters, in order. */
  sql: string;
  params: string[];
}

/** Which fields a query can match, and the normalized value for each (exact = rank 0, prefix = rank 1). */
export function planSearch(query: string): Branch[] {
  const q = query.trim().slice(0, 200);
  if (!q) return [];
  const branches: Branch[] = [];
  const order = (op: string, rank: number, param: string) =>
    branches.push({
      sql: `SELECT id AS order_id, NULL::uuid AS shipment_id, 'order_number' AS matched, ${rank} AS rank
        FROM orders WHERE seller_id = $1 AND upper(order_number) ${op} $? LIMIT ${BRANCH_LIMIT}`,
      params: [param],
    });
  const tracking = (op: string, rank: number, param: string) =>
    branches.push({
      sql: `SELECT order_id, id AS shipment_id, 'tracking_number' AS matched, ${rank} AS rank
        FROM shipments WHERE seller_id = $1 AND tracking_number ${op} $? LIMIT ${BRANCH_LIMIT}`,
      params: [param],
    });
  order("=", 0, q.toUpperCase());
  if (q.length >= 3) order("LIKE", 1, `${escapeLike(q.toUpperCase())}%`);
  const number = normalizeTrackingNumber(q);
  if (number.length >= 4) {
    tracking("=", 0, number);
    if (number.length >= 6) tracking("LIKE", 1, `${escapeLike(number)}%`);
  }
  // An address or the start of one ("ana.lopez"): email prefixes are one index probe, so try them on any word.
  if (q.includes("@") || (/^[^\s@]+$/.test(q) && q.length >= 3)) {
    const email = normalizeEmail(q);
    branches.push({
      sql: `SELECT id AS order_id, NULL::uuid AS shipment_id, 'email' AS matched,
          CASE WHEN email = $? THEN 0 ELSE 1 END AS rank
        FROM orders WHERE seller_id = $1 AND email LIKE $? LIMIT ${BRANCH_LIMIT}`,
      params: [email, `${escapeLike(email)}%`],
    });
  }
  const digits = normalizePhone(q).replace(/^\+/, "");
  if (/^[\d\s()+.-]+$/.test(q) && digits.length >= 6) {
    // Matched from the end: "555-0100" finds "+15555550100" whatever country prefix was stored.
    const reversed = [...digits].reverse().join("");
    branches.push({
      sql: `SELECT id AS order_id, NULL::uuid AS shipment_id, 'phone' AS matched,
          CASE WHEN length(phone) - length($?) <= 1 THEN 0 ELSE 1 END AS rank
        FROM orders WHERE seller_id = $1 AND reverse(phone) LIKE $? LIMIT ${BRANCH_LIMIT}`,
      params: [reversed, `${escapeLike(reversed)}%`],
    });
  }
  if (/^\p{L}[\p{L}' -]*$/u.test(q) && q.length >= 2) {
    const name = q.toLowerCase();
    branches.push({
      sql: `SELECT id AS order_id, NULL::uuid AS shipment_id, 'name' AS matched,
          CASE WHEN lower(first_name) = $? THEN 0 ELSE 1 END AS rank
        FROM orders WHERE seller_id = $1 AND lower(first_name) LIKE $? LIMIT ${BRANCH_LIMIT}`,
      params: [name, `${escapeLike(name)}%`],
    });
  }
  return branches;
}

/** Orders and shipments of this seller matching the query, best matches first (at most 100 rows). */
export async function searchShipments(db: Database, sellerId: string, query: string): Promise<SearchHit[]> {
  const branches = planSearch(query);
  if (branches.length === 0) return [];
  const params: unknown[] = [sellerId];
  const parts: string[] = [];
  for (const branch of branches) {
    let next = 0;
    const sql = branch.sql.replace(/\$\?/g, () => {
      params.push(branch.params[next++]);
      return `$${params.length}`;
    });
    parts.push(`(${sql})`);
  }
  const rows = await db.query<SearchHit & { rank: number }>(
    `WITH hits AS (${parts.join(" UNION ALL ")}),
     matched AS (
       SELECT h.matched, h.rank, o.id AS order_id, s.id AS shipment_id
       FROM hits h JOIN orders o ON o.id = h.order_id LEFT JOIN shipments s ON s.order_id = o.id
       WHERE h.shipment_id IS NULL
       UNION ALL
       SELECT h.matched, h.rank, h.order_id, h.shipment_id FROM hits h WHERE h.shipment_id IS NOT NULL
     )
     SELECT * FROM (
       SELECT DISTINCT ON (coalesce(m.shipment_id, m.order_id)) m.matched, m.rank,
         o.id AS "orderId", o.order_number AS "orderNumber", o.first_name AS "firstName", o.email, o.phone,
         o.stage, s.id AS "shipmentId", s.carrier, s.tracking_number AS "trackingNumber", s.status, s.substatus,
         s.last_event_at AS "lastEventAt", coalesce(s.created_at, o.created_at) AS "createdAt"
       FROM matched m LEFT JOIN orders o ON o.id = m.order_id LEFT JOIN shipments s ON s.id = m.shipment_id
       ORDER BY coalesce(m.shipment_id, m.order_id), m.rank
     ) best ORDER BY rank, "createdAt" DESC LIMIT 100`,
    params,
  );
  return rows.map(({ rank, ...hit }) => ({ ...hit, exact: rank === 0 }));
}
