/**
 * The tracking-page cache hears of every shipment a statement changes, however many rows it touches: the
 * statement triggers of migration 0014 send chunked notifications that the change feed turns back into tags.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { startChangeFeed, tagsOfChange } from "../../src/web/tracking/change-feed.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("tagsOfChange", () => {
  it("reads one-row and many-row payloads", () => {
    expect(tagsOfChange("shipment:s1:o1:o2")).toEqual(["shipment:s1", "order:o1", "order:o2"]);
    expect(tagsOfChange("shipments:s1::o1,s2:o1:o1,s3::")).toEqual([
      "shipment:s1",
      "order:o1",
      "shipment:s2",
      "shipment:s3",
    ]);
    expect(tagsOfChange("seller:x")).toEqual(["seller:x"]);
    expect(tagsOfChange("nonsense")).toEqual([]);
  });
});

describe("statement-level notifications", () => {
  it("tags every inserted, updated and deleted shipment of a large statement", async () => {
    const seller = await createSeller(db.orm, { slug: "feed", name: "Feed" });
    const tags = new Set<string>();
    const stop = await startChangeFeed(db, {
      onTags: (t) => t.forEach((tag) => tags.add(tag)),
      onReset: () => undefined,
      onReady: () => undefined,
    });
    try {
      const inserted = await db.query<{ id: string }>(
        `INSERT INTO shipments (seller_id, carrier, tracking_number)
         SELECT $1, 'ups', 'FEED' || g FROM generate_series(1, 240) g RETURNING id`,
        [seller.id],
      );
      const [order] = await db.query<{ id: string }>(
        `INSERT INTO orders (seller_id, order_number) VALUES ($1, 'F-1') RETURNING id`,
        [seller.id],
      );
      const waitFor = async (wanted: string[]) => {
        for (let i = 0; i < 100 && !wanted.every((t) => tags.has(t)); i++)
          await new Promise((r) => setTimeout(r, 20));
        return wanted.filter((t) => !tags.has(t));
      };
      expect(await waitFor(inserted.map((r) => `shipment:${r.id}`))).toEqual([]);

      tags.clear();
      await db.query(`UPDATE shipments SET order_id = $2 WHERE seller_id = $1`, [seller.id, order!.id]);
      expect(await waitFor([...inserted.map((r) => `shipment:${r.id}`), `order:${order!.id}`])).toEqual([]);

      tags.clear();
      await db.query(`DELETE FROM shipments WHERE seller_id = $1`, [seller.id]);
      expect(await waitFor(inserted.map((r) => `shipment:${r.id}`))).toEqual([]);
    } finally {
      await stop();
    }
  });
});
