/**
 * What the shopper's tracking page shows about returns: the order's return requests, whether a new one can be
 * started (self-service on, delivered, inside the seller's window) and what is left to send back per line.
 */
import type { Database, SqlSession } from "../db/client.js";
import { orderLines } from "./order-items.js";
import { listReturns, returnedQuantities, type ReturnItem, type ReturnRow } from "./repository.js";
import type { ReturnStatus } from "./lifecycle.js";
import { selfServiceEligibility } from "./service.js";

export interface ReturnSummary {
  id: string;
  status: ReturnStatus;
  reasonCode: string;
  requestedAt: Date;
  items: ReturnItem[];
}

export interface ReturnableLine {
  sku: string | null;
  name: string;
  /** How many can still be sent back. */
  left: number;
}

export interface ReturnsPanel {
  orderNumber: string;
  returns: ReturnSummary[];
  canStart: boolean;
  /** The last moment of the return window, when one is open. */
  until: Date | null;
  /** The order's lines with what is left of each; empty when the order has no line items (free text). */
  lines: ReturnableLine[];
}

/** What the panel needs to know of the order, however the caller got it. */
export interface ReturnsPanelOrder {
  id: string;
  orderNumber: string;
  metadata: Record<string, unknown>;
  /** The seller's settings (their `returns` part: self-service on or off, window days). */
  sellerSettings: Record<string, unknown>;
  /** When the order's last outbound shipment was delivered, or null. */
  lastDeliveredAt: Date | null;
}

/** Requests listed on the page at most; more on one order is not a real case, and counts stay exact anyway. */
const LISTED = 50;

/** The returns panel of an order the caller has already read (the tracking page has it in hand): one query. */
export async function returnsPanelOf(
  s: Pick<SqlSession, "query">,
  sellerId: string,
  order: ReturnsPanelOrder,
  now: Date,
): Promise<ReturnsPanel> {
  const rows = await listReturns(s, sellerId, { orderId: order.id, limit: LISTED });
  // What is left per line: from the listed requests when they are all of them, else counted by the database.
  const taken = rows.length < LISTED ? quantitiesOf(rows) : await returnedQuantities(s, order.id);
  const lines = orderLines(order.metadata).map((l) => ({
    sku: l.sku,
    name: l.name,
    left: Math.max(0, l.quantity - (taken.get(l.key) ?? 0)),
  }));
  const eligibility = selfServiceEligibility(order.sellerSettings, order.lastDeliveredAt, now);
  const somethingLeft = lines.length === 0 || lines.some((l) => l.left > 0);
  return {
    orderNumber: order.orderNumber,
    returns: rows.map((r) => ({
      id: r.id,
      status: r.status,
      reasonCode: r.reason_code,
      requestedAt: new Date(r.requested_at),
      items: r.items,
    })),
    canStart: eligibility.eligible && somethingLeft,
    until: eligibility.eligible ? eligibility.until : null,
    lines,
  };
}

/** Quantities already sent back (or on their way) per line key, as `returnedQuantities` counts them. */
function quantitiesOf(rows: readonly ReturnRow[]): Map<string, number> {
  const taken = new Map<string, number>();
  for (const r of rows) {
    if (r.status === "rejected") continue;
    for (const item of r.items) {
      const key = item.sku ?? item.name;
      taken.set(key, (taken.get(key) ?? 0) + item.quantity);
    }
  }
  return taken;
}

/** Loads the returns panel of one order of a seller; undefined when the order does not exist. */
export async function loadReturnsPanel(
  db: Database,
  sellerId: string,
  orderId: string,
  now: Date,
): Promise<ReturnsPanel | undefined> {
  return db.session(async (s) => {
    const [order] = await s.query<{
      order_number: string;
      metadata: Record<string, unknown>;
      settings: Record<string, unknown>;
      last_delivered_at: Date | null;
    }>(
      `SELECT o.order_number, o.metadata, se.settings,
         (SELECT max(delivered_at) FROM shipments x WHERE x.order_id = o.id AND x.direction = 'outbound'
            AND x.status = 'delivered') AS last_delivered_at
       FROM orders o JOIN sellers se ON se.id = o.seller_id WHERE o.seller_id = $1 AND o.id = $2`,
      [sellerId, orderId],
    );
    if (!order) return undefined;
    return returnsPanelOf(
      s,
      sellerId,
      {
        id: orderId,
        orderNumber: order.order_number,
        metadata: order.metadata,
        sellerSettings: order.settings,
        lastDeliveredAt: order.last_delivered_at,
      },
      now,
    );
  });
}
