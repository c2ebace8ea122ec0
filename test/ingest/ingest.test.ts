import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { foldShipmentState } from "../../src/core/fold.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
let sellerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "acme", name: "Acme" })).id;
});
afterAll(() => db.destroy());

const json = (value: unknown) => ({
  source: "api",
  contentType: "application/json",
  body: Buffer.from(JSON.stringify(value)),
});

function event(tn: string, at: string, status: string | null, extra: Record<string, unknown> = {}) {
  return {
    carrier: "ups",
    trackingNumber: tn,
    occurredAt: at,
    description: `${status} at ${at}`,
    status,
    ...extra,
  };
}

async function shipmentRow(tn: string) {
  const rows = await db.query<Record<string, unknown>>(
    "SELECT * FROM shipments WHERE seller_id = $1 AND tracking_number = $2",
    [sellerId, tn],
  );
  return rows[0]!;
}

describe("ingest", () => {
  it("stores the raw payload, adds events, folds state and writes the outbox in one go", async () => {
    const result = await ingest(
      db,
      sellerId,
      json({
        events: [
          event("1zabc1", "2026-03-02T08:00:00-05:00", "info_received"),
          event("1ZABC1", "2026-03-02T18:00:00-05:00", "in_transit", { substatus: "picked_up", code: "PU" }),
          event("1ZABC1", "2026-03-04T09:30:00-05:00", "out_for_delivery"),
        ],
      }),
    );
    expect(result.parseStatus).toBe("parsed");
    expect(result.eventsAdded).toBe(3);
    expect(result.shipments).toHaveLength(1);
    const row = await shipmentRow("1ZABC1");
    expect(row.status).toBe("out_for_delivery");
    expect(row.event_count).toBe(3);
    expect(new Date(row.first_scan_at as string).toISOString()).toBe("2026-03-02T23:00:00.000Z");
    const events = await db.query<{ local_time: string; utc_offset: string }>(
      "SELECT local_time, utc_offset FROM tracking_events WHERE shipment_id = $1 ORDER BY occurred_at",
      [row.id],
    );
    expect(events[0]).toEqual({ local_time: "2026-03-02T08:00:00", utc_offset: "-05:00" });
    // The whole row, as consumers read it (payload, and the dedupe key a replay is checked against).
    const outbox = await db.query<Record<string, unknown>>(
      `SELECT seller_id, topic, aggregate_type, aggregate_id, payload, dedupe_key FROM outbox
       WHERE aggregate_id = $1 ORDER BY id`,
      [row.id],
    );
    expect(outbox).toEqual([
      {
        seller_id: sellerId,
        topic: "shipment.status_changed",
        aggregate_type: "shipment",
        aggregate_id: row.id,
        payload: {
          shipmentId: row.id,
          orderId: null,
          carrier: "ups",
          trackingNumber: "1ZABC1",
          from: "pending",
          to: "out_for_delivery",
          substatus: null,
          at: "2026-03-04T14:30:00.000Z",
        },
        dedupe_key: `shipment.status_changed:${row.id as string}:out_for_delivery:2026-03-04T14:30:00.000Z`,
      },
    ]);
    const raw = await db.query<{ parse_status: string; event_count: number; body: Uint8Array }>(
      "SELECT parse_status, event_count, body FROM raw_payloads WHERE id = $1",
      [result.rawPayloadIds[0]],
    );
    expect(raw[0]!.parse_status).toBe("parsed");
    expect(raw[0]!.event_count).toBe(3);
    expect(Buffer.from(raw[0]!.body).toString()).toContain("1zabc1");
  });

  it("keeps a payload it cannot understand, marked failed, and reports why", async () => {
    const result = await ingest(db, sellerId, {
      source: "api",
      contentType: "application/json",
      body: Buffer.from("{not json"),
    });
    expect(result.parseStatus).toBe("failed");
    expect(result.errors[0]!.code).toBe("invalid_payload");
    const raw = await db.query<{ parse_status: string; parse_error: string }>(
      "SELECT parse_status, parse_error FROM raw_payloads WHERE id = $1",
      [result.rawPayloadIds[0]],
    );
    expect(raw[0]!.parse_status).toBe("failed");
    expect(raw[0]!.parse_error).toMatch(/not JSON/);
  });

  it("an unknown status value is rejected as a whole payload, nothing half-written", async () => {
    const before = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tracking_events");
    const result = await ingest(
      db,
      sellerId,
      json({ events: [event("1ZBAD", "2026-03-02T08:00:00Z", "teleported")] }),
    );
    expect(result.parseStatus).toBe("failed");
    const after = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tracking_events");
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("events take the time they reached Shipwatch: now, or the receivedAt of a feed caught up later", async () => {
    const before = Date.now();
    await ingest(db, sellerId, json({ events: [event("1ZRECV1", "2026-03-02T08:00:00Z", "in_transit")] }));
    const caughtUp = new Date("2026-03-02T09:30:00Z");
    await ingest(db, sellerId, json({ events: [event("1ZRECV2", "2026-03-02T08:00:00Z", "in_transit")] }), {
      createMissingShipments: true,
      receivedAt: caughtUp,
    });
    const rows = await db.query<{ tracking_number: string; received_at: Date }>(
      `SELECT s.tracking_number, e.received_at FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id
       WHERE s.seller_id = $1 AND s.tracking_number IN ('1ZRECV1', '1ZRECV2') ORDER BY 1`,
      [sellerId],
    );
    expect(rows).toHaveLength(2);
    expect(new Date(rows[0]!.received_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(rows[1]!.received_at).toISOString()).toBe(caughtUp.toISOString());
  });

  it("re-ingesting the same events changes nothing and writes no second outbox row", async () => {
    const payload = {
      events: [
        event("1ZDUP", "2026-03-02T08:00:00Z", "in_transit"),
        event("1ZDUP", "2026-03-03T08:00:00Z", "delivered"),
      ],
    };
    await ingest(db, sellerId, json(payload));
    const first = await shipmentRow("1ZDUP");
    const again = await ingest(db, sellerId, json(payload));
    expect(again.duplicatePayloads).toBe(1);
    expect(again.eventsAdded).toBe(0);
    // The same events under a different envelope (another source) are still the same events.
    const other = await ingest(db, sellerId, { ...json(payload), source: "file:manual" });
    expect(other.eventsAdded).toBe(0);
    expect(await shipmentRow("1ZDUP")).toEqual(first);
    const outbox = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1",
      [first.id],
    );
    // One batch moved it from pending straight to delivered: one transition, decided once.
    expect(outbox[0]!.n).toBe(1);
  });

  it("any arrival order and any duplication of the events gives the state of the whole set", async () => {
    const statuses = [
      "info_received",
      "in_transit",
      "in_transit",
      "exception",
      "out_for_delivery",
      "delivered",
      null,
    ];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ hour: fc.integer({ min: 0, max: 12 }), s: fc.constantFrom(...statuses) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        async (specs, cuts, seed) => {
          n += 1;
          const tn = `PROP${n}`;
          const events = specs.map((sp, i) =>
            event(tn, new Date(Date.UTC(2026, 2, 1, sp.hour)).toISOString(), sp.s, { code: `C${i}` }),
          );
          const shuffled = fc.sample(
            fc.shuffledSubarray([...events, ...events.slice(0, 2)], {
              minLength: events.length + Math.min(2, events.length),
            }),
            { seed, numRuns: 1 },
          )[0]!;
          let offset = 0;
          for (const size of [...cuts, shuffled.length]) {
            const batch = shuffled.slice(offset, offset + size);
            offset += size;
            if (batch.length) await ingest(db, sellerId, json({ events: batch }));
          }
          const row = await shipmentRow(tn);
          const expected = foldShipmentState(
            (
              await db.query<{
                fingerprint: string;
                occurred_at: Date;
                status: never;
                substatus: string | null;
              }>(
                "SELECT fingerprint, occurred_at, status, substatus FROM tracking_events WHERE shipment_id = $1",
                [row.id],
              )
            ).map((e) => ({ ...e, occurredAt: new Date(e.occurred_at) })),
          );
          expect(row.event_count).toBe(events.length);
          expect(row.status).toBe(expected.status);
          expect(row.fold_cursor).toBe(expected.foldCursor);
        },
      ),
      { numRuns: 25 },
    );
  });
});
