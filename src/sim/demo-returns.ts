/**
 * Returns in the demo: a few delivered demo orders get a return request each (one waiting for approval, one
 * approved with its return parcel tracked), so the dashboard's Returns screen, the order's tracking page and the
 * return.* webhooks have something to show. Once per database: nothing is added when the seller has returns.
 */
import type { Database } from "../db/client.js";
import { attachReturnTracking, requestReturn } from "../returns/service.js";
import { orderLines } from "../returns/order-items.js";

export async function seedDemoReturns(
  db: Database,
  sellerId: string,
  now: Date = new Date(),
): Promise<number> {
  const [existing] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM return_requests WHERE seller_id = $1",
    [sellerId],
  );
  if ((existing?.n ?? 0) > 0) return 0;
  const delivered = await db.query<{ id: string; metadata: Record<string, unknown>; locale: string | null }>(
    `SELECT o.id, o.metadata, o.locale FROM orders o
     WHERE o.seller_id = $1 AND o.stage = 'delivered' ORDER BY o.created_at DESC LIMIT 2`,
    [sellerId],
  );
  const who = { actor: "system" };
  let made = 0;
  for (const [i, order] of delivered.entries()) {
    const line = orderLines(order.metadata)[0];
    const result = await requestReturn(
      db,
      sellerId,
      order.id,
      {
        items: [{ sku: line?.sku ?? null, name: line?.name ?? "Rain jacket M", quantity: 1 }],
        reasonCode: i === 0 ? "wrong_size" : "damaged",
        reasonText: i === 0 ? "Runs small, I need one size up." : "The zip was broken on arrival.",
        locale: order.locale,
        source: "tracking_page",
      },
      who,
      now,
    );
    if (!result.ok) continue;
    made += 1;
    if (i === 1) {
      // A UPS-format number the demo world never ships: the return parcel waits for its first scan.
      const serial = String(Math.floor(now.getTime() / 1000) % 100_000_000).padStart(8, "0");
      await attachReturnTracking(
        db,
        sellerId,
        result.row.id,
        { trackingNumber: `1ZDEMORT${serial}`, carrier: "ups" },
        who,
        now,
      );
    }
  }
  return made;
}
