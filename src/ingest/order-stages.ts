/** Keeps each order's stage in step with its shipments, and tells the outbox when it moves. */
import { foldOrderStage } from "../core/order-stage.js";
import { isStatus } from "../core/status.js";
import type { SqlSession } from "../db/client.js";
import { writeOutbox } from "./shipment-state-store.js";

/** Recomputes the stage of these orders from their shipments; writes `order.stage_changed` when it moves. */
export async function refreshOrderStages(
  s: SqlSession,
  sellerId: string,
  orderIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return;
  const rows = await s.query<{
    order_id: string;
    stage: string;
    status: string | null;
    direction: "outbound" | "return" | null;
    first_scan_at: Date | null;
  }>(
    `SELECT o.id AS order_id, o.stage, s.status, s.direction, s.first_scan_at
     FROM orders o LEFT JOIN shipments s ON s.order_id = o.id
     WHERE o.seller_id = $1 AND o.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
     ORDER BY o.id FOR NO KEY UPDATE OF o`,
    [sellerId, JSON.stringify(ids)],
  );
  const byOrder = new Map<
    string,
    { stage: string; shipments: Parameters<typeof foldOrderStage>[0][number][] }
  >();
  for (const r of rows) {
    const entry = byOrder.get(r.order_id) ?? { stage: r.stage, shipments: [] };
    if (r.status && r.direction && isStatus(r.status)) {
      entry.shipments.push({ status: r.status, direction: r.direction, firstScanAt: r.first_scan_at });
    }
    byOrder.set(r.order_id, entry);
  }
  const changes = [...byOrder]
    .map(([id, { stage, shipments }]) => ({ id, from: stage, to: foldOrderStage(shipments) }))
    .filter((c) => c.from !== c.to);
  if (changes.length === 0) return;
  await s.query(
    `UPDATE orders o SET stage = x.stage, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, stage text) WHERE o.id = x.id`,
    [JSON.stringify(changes.map((c) => ({ id: c.id, stage: c.to })))],
  );
  const at = new Date().toISOString();
  await writeOutbox(
    s,
    sellerId,
    "order",
    changes.map((c) => ({
      topic: "order.stage_changed",
      aggregate_id: c.id,
      dedupe_key: null,
      payload: { orderId: c.id, from: c.from, to: c.to, at },
    })),
  );
}
