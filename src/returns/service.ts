/**
 * Return operations shared by the API, the tracking page and the dashboard: request (with the item and window
 * checks), move through the lifecycle, attach the return tracking number (a shipment with direction "return",
 * its carrier detected). Each runs in one transaction with its audit entry and its side effects.
 */
import { detectTrackingNumber } from "../carriers/detect/index.js";
import { normalizeTrackingNumber } from "../core/tracking-number.js";
import type { Database, SqlSession } from "../db/client.js";
import { writeAudit, type AuditEntry } from "../ingest/audit.js";
import { refreshOrderStages } from "../ingest/order-stages.js";
import { announceReturn } from "./events.js";
import { returnSettings, type ReturnStatus } from "./lifecycle.js";
import { checkReturnItems, orderLines } from "./order-items.js";
import {
  getReturn,
  insertReturn,
  linkReturnShipment,
  moveReturn,
  returnedQuantities,
  type ReturnRow,
} from "./repository.js";

export type ReturnFailure =
  | { kind: "not_found"; what: "order" | "return" }
  | { kind: "invalid"; problem: string }
  | { kind: "not_eligible"; why: "self_service_off" | "not_delivered" | "window_closed" }
  | { kind: "not_allowed"; status: ReturnStatus; to: ReturnStatus }
  | { kind: "conflict"; problem: string; candidates?: unknown };

export type ReturnResult = { ok: true; row: ReturnRow; changed: boolean } | ({ ok: false } & ReturnFailure);

/** Who acts, for the audit trail (`api_key:<id>`, `user:<id>`, `shopper`). */
export interface Actor {
  actor: string;
  requestId?: string | null;
  ip?: string | null;
}

interface OrderFacts {
  id: string;
  metadata: Record<string, unknown>;
  locale: string | null;
  settings: Record<string, unknown>;
  last_delivered_at: Date | null;
}

async function orderFacts(s: SqlSession, sellerId: string, orderId: string): Promise<OrderFacts | undefined> {
  const [row] = await s.query<OrderFacts>(
    `SELECT o.id, o.metadata, o.locale, se.settings,
       (SELECT max(delivered_at) FROM shipments x WHERE x.order_id = o.id AND x.direction = 'outbound'
          AND x.status = 'delivered') AS last_delivered_at
     FROM orders o JOIN sellers se ON se.id = o.seller_id WHERE o.seller_id = $1 AND o.id = $2`,
    [sellerId, orderId],
  );
  return row;
}

/** Whether the shopper may start a return now: self-service on, delivered, within the seller's window. */
export function selfServiceEligibility(
  settings: Record<string, unknown>,
  lastDeliveredAt: Date | null,
  now: Date,
):
  | { eligible: true; until: Date }
  | { eligible: false; why: "self_service_off" | "not_delivered" | "window_closed" } {
  const { windowDays, selfService } = returnSettings(settings);
  if (!selfService) return { eligible: false, why: "self_service_off" };
  if (!lastDeliveredAt) return { eligible: false, why: "not_delivered" };
  const until = new Date(new Date(lastDeliveredAt).getTime() + windowDays * 86_400_000);
  return until.getTime() >= now.getTime()
    ? { eligible: true, until }
    : { eligible: false, why: "window_closed" };
}

const audit = (s: SqlSession, sellerId: string, who: Actor, entry: Omit<AuditEntry, "actor" | "sellerId">) =>
  writeAudit(s, {
    ...entry,
    sellerId,
    actor: who.actor,
    requestId: who.requestId ?? null,
    ip: who.ip ?? null,
  });

export interface ReturnRequestInput {
  items: readonly { sku?: string | null; name?: string | null; quantity: number }[];
  reasonCode: string;
  reasonText?: string | null;
  locale?: string | null;
  source: "api" | "tracking_page" | "dashboard";
}

/** Creates a return request; a shopper's (tracking page) must also be within the return window. */
export async function requestReturn(
  db: Database,
  sellerId: string,
  orderId: string,
  input: ReturnRequestInput,
  who: Actor,
  now: Date = new Date(),
): Promise<ReturnResult> {
  return db.session(async (s) => {
    const order = await orderFacts(s, sellerId, orderId);
    if (!order) return { ok: false, kind: "not_found", what: "order" };
    if (input.source === "tracking_page") {
      const eligibility = selfServiceEligibility(order.settings, order.last_delivered_at, now);
      if (!eligibility.eligible) return { ok: false, kind: "not_eligible", why: eligibility.why };
    }
    // Serialize requests for one order so two at once cannot both take the last item.
    if (s.engine === "postgres") await s.query("SELECT id FROM orders WHERE id = $1 FOR UPDATE", [orderId]);
    const checked = checkReturnItems(
      input.items,
      orderLines(order.metadata),
      await returnedQuantities(s, orderId),
    );
    if (!checked.ok) return { ok: false, kind: "invalid", problem: checked.problem };
    const row = await insertReturn(
      s,
      {
        sellerId,
        orderId,
        items: checked.items,
        reasonCode: input.reasonCode,
        reasonText: input.reasonText?.trim() || null,
        source: input.source,
        locale: input.locale ?? order.locale,
      },
      now,
    );
    await audit(s, sellerId, who, {
      action: "return.request",
      targetType: "return",
      targetId: row.id,
      data: { orderId, source: input.source },
    });
    await announceReturn(s, row, now);
    return { ok: true, row, changed: true };
  });
}

/** Moves a return (approve, reject, received by hand, refunded, closed). */
export async function changeReturnStatus(
  db: Database,
  sellerId: string,
  returnId: string,
  to: ReturnStatus,
  who: Actor,
  note: string | null = null,
  now: Date = new Date(),
): Promise<ReturnResult> {
  return db.session(async (s) => {
    const moved = await moveReturn(s, sellerId, returnId, to, now, note);
    if (!moved.ok) {
      return moved.reason === "not_found"
        ? { ok: false, kind: "not_found", what: "return" }
        : { ok: false, kind: "not_allowed", status: moved.status!, to };
    }
    if (moved.changed) {
      await audit(s, sellerId, who, {
        action: `return.${to}`,
        targetType: "return",
        targetId: returnId,
        data: note ? { note } : {},
      });
      await announceReturn(s, moved.row, now);
    }
    return moved;
  });
}

/**
 * Attaches the return tracking number: a shipment with direction "return" on the order (the carrier detected
 * when not given), tracked like any other. Attaching a label approves a request still waiting. The same number
 * attached again is a no-op.
 */
export async function attachReturnTracking(
  db: Database,
  sellerId: string,
  returnId: string,
  input: { trackingNumber: string; carrier?: string; preferredCarriers?: readonly string[] },
  who: Actor,
  now: Date = new Date(),
): Promise<ReturnResult> {
  const number = normalizeTrackingNumber(input.trackingNumber);
  let carrier = input.carrier;
  if (!carrier) {
    const detection = detectTrackingNumber(number, {
      preferredCarriers: [...(input.preferredCarriers ?? [])],
    });
    if (!detection.carrier) {
      return {
        ok: false,
        kind: "invalid",
        problem: detection.candidates.length
          ? "The tracking number fits several carriers; say which with `carrier`."
          : "No known carrier uses this tracking number format; say which with `carrier`.",
      };
    }
    carrier = detection.carrier;
  }
  return db.session(async (s) => {
    const current = await getReturn(s, sellerId, returnId);
    if (!current) return { ok: false, kind: "not_found", what: "return" };
    if (current.tracking_number === number && current.carrier === carrier)
      return { ok: true, row: current, changed: false };
    if (current.return_shipment_id)
      return { ok: false, kind: "conflict", problem: "this return already has a return shipment" };
    if (!["requested", "approved"].includes(current.status))
      return { ok: false, kind: "not_allowed", status: current.status, to: "approved" };
    const [created] = await s.query<{ id: string }>(
      `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, direction)
       VALUES ($1, $2, $3, $4, 'return') ON CONFLICT (seller_id, carrier, tracking_number) DO NOTHING RETURNING id`,
      [sellerId, current.order_id, carrier, number],
    );
    let shipmentId = created?.id;
    if (!shipmentId) {
      // Already tracked: fine when it is this order's return parcel and no other return claims it.
      const [existing] = await s.query<{
        id: string;
        order_id: string | null;
        direction: string;
        claimed: boolean;
      }>(
        `SELECT s.id, s.order_id, s.direction,
           EXISTS (SELECT 1 FROM return_requests r WHERE r.return_shipment_id = s.id) AS claimed
         FROM shipments s WHERE s.seller_id = $1 AND s.carrier = $2 AND s.tracking_number = $3`,
        [sellerId, carrier, number],
      );
      if (
        !existing ||
        existing.claimed ||
        existing.direction !== "return" ||
        existing.order_id !== current.order_id
      )
        return {
          ok: false,
          kind: "conflict",
          problem: `${carrier} ${number} is already tracked for another parcel`,
        };
      shipmentId = existing.id;
    }
    await linkReturnShipment(s, sellerId, returnId, shipmentId, now);
    await refreshOrderStages(s, sellerId, [current.order_id]);
    await audit(s, sellerId, who, {
      action: "return.attach_tracking",
      targetType: "return",
      targetId: returnId,
      data: { carrier, trackingNumber: number, shipmentId },
    });
    if (current.status === "requested") {
      const moved = await moveReturn(s, sellerId, returnId, "approved", now);
      if (moved.ok) await announceReturn(s, moved.row, now);
    }
    return { ok: true, row: (await getReturn(s, sellerId, returnId))!, changed: true };
  });
}
