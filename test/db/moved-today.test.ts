/**
 * "Moved today" is indexed by the UTC day of the status change (migration 0019): the overview must still count
 * exactly the shipments that changed since the seller's local midnight, in zones far from UTC, and a scan that
 * only moves the sub-status must update its shipment in place (HOT).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movedTodayByStatus } from "../../src/db/repositories/dashboard-overview.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

/** Shipments changed a minute before and a minute after the zone's midnight today, and one long ago. */
async function sellerAroundMidnight(slug: string, zone: string): Promise<string> {
  const seller = await createSeller(db.orm, { slug, name: slug });
  await db.query(
    `WITH today AS (SELECT date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2 AS starts)
     INSERT INTO shipments (seller_id, carrier, tracking_number, status, status_changed_at)
     SELECT $1, 'ups', t.tn, t.status, t.at FROM today, LATERAL (VALUES
       ('BEFORE', 'in_transit', today.starts - interval '1 minute'),
       ('AFTER', 'delivered', today.starts + interval '1 minute'),
       ('OLD', 'in_transit', today.starts - interval '40 days')) AS t(tn, status, at)`,
    [seller.id, zone],
  );
  return seller.id;
}

describe("moved today", () => {
  // Kiritimati's midnight is 10:00 UTC the day before; Pago Pago's is 11:00 UTC the same day.
  for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]) {
    it(`counts the changes since local midnight in ${zone}`, async () => {
      const sellerId = await sellerAroundMidnight(
        `moved-${zone.replace(/[^a-z]+/gi, "-").toLowerCase()}`,
        zone,
      );
      expect(await movedTodayByStatus(db, sellerId, zone)).toEqual([{ status: "delivered", count: 1 }]);
    });
  }

  it("keeps the day in step with the instant, whoever writes it", async () => {
    const [row] = await db.query<{ on: string }>(
      `INSERT INTO shipments (seller_id, carrier, tracking_number, status_changed_at)
       SELECT id, 'ups', 'DAY', '2026-03-01T23:30:00-05:00' FROM sellers LIMIT 1
       RETURNING status_changed_on::text AS on`,
    );
    expect(row!.on).toBe("2026-03-02");
  });

  it("updates a shipment in place when a scan moves only the sub-status", async () => {
    const sellerId = await sellerAroundMidnight("moved-hot", "UTC");
    const hot = await db.session(async (s) => {
      await s.query(
        `UPDATE shipments SET substatus = 'arrived_at_facility', status_changed_at = status_changed_at + interval '1 hour'
         WHERE seller_id = $1 AND tracking_number = 'OLD'`,
        [sellerId],
      );
      const [counts] = await s.query<{ updated: number; hot: number }>(
        `SELECT pg_stat_get_xact_tuples_updated('shipments'::regclass)::int AS updated,
                pg_stat_get_xact_tuples_hot_updated('shipments'::regclass)::int AS hot`,
      );
      return counts!;
    });
    expect(hot).toEqual({ updated: 1, hot: 1 });
  });
});
