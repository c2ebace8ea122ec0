/**
 * Live delivery windows on a real database: the order-time prediction at creation, the window moving with the
 * scans of the ingest path (out for delivery → today), its history, `shipment.eta_changed` in the outbox, and
 * a replayed batch writing nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { predictShipments } from "../../src/eta/live/refresh.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { orderWithParcel, sellerWithModel } from "./support.js";

let db: TestDatabase;
let sellerId: string;

// Training on a busy 2-core machine takes a few seconds.
beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = await sellerWithModel(db, "eta-live");
}, 120_000);
afterAll(() => db.destroy());

const json = (events: unknown[]) => ({
  source: "api",
  contentType: "application/json",
  body: Buffer.from(JSON.stringify({ events })),
});

const RIO = { city: "Rio de Janeiro", region: "RJ", postalCode: "11222", country: "BR" };
const SAO_PAULO = { city: "São Paulo", region: "SP", postalCode: "10123", country: "BR" };

async function current(shipmentId: string) {
  const [row] = await db.query<{
    earliest: string;
    latest: string;
    most_likely: string;
    stage: string;
    model_version: number;
    confidence: number;
    coverage: number;
  }>(
    `SELECT earliest::text, latest::text, most_likely::text, stage, model_version, confidence, coverage
     FROM shipment_predictions WHERE shipment_id = $1`,
    [shipmentId],
  );
  return row;
}

const history = (shipmentId: string) =>
  db.query<{ earliest: string; latest: string; stage: string }>(
    "SELECT earliest::text, latest::text, stage FROM shipment_prediction_history WHERE shipment_id = $1 ORDER BY id",
    [shipmentId],
  );

const etaEvents = (shipmentId: string) =>
  db.query<{ payload: { before: { latest: string }; after: { earliest: string; latest: string } } }>(
    "SELECT payload FROM outbox WHERE aggregate_id = $1 AND topic = 'shipment.eta_changed' ORDER BY id",
    [shipmentId],
  );

describe("live delivery windows", () => {
  it("stores the model as version 1, active", async () => {
    const models = await db.query<{ version: number; active: boolean; rows: number }>(
      "SELECT version, active, (training->>'rows')::int AS rows FROM eta_models WHERE seller_id = $1",
      [sellerId],
    );
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ version: 1, active: true });
    expect(models[0]!.rows).toBeGreaterThan(1_000);
  });

  it("predicts at creation, moves the window with scans, and goes to today when out for delivery", async () => {
    const orderedAt = new Date("2018-09-03T13:00:00Z");
    const { shipmentId } = await orderWithParcel(db, sellerId, "BR-1", "BR000000001", orderedAt);
    expect(await predictShipments(db, sellerId, [shipmentId], new Date("2018-09-03T14:00:00Z"))).toBe(1);
    const atOrder = (await current(shipmentId))!;
    expect(atOrder.stage).toBe("at_order");
    expect(atOrder.model_version).toBe(1);
    expect(atOrder.earliest >= "2018-09-03").toBe(true);
    expect(atOrder.latest > atOrder.earliest).toBe(true);
    expect(atOrder.coverage).toBe(0.8);
    expect(await history(shipmentId)).toHaveLength(1);
    expect(await etaEvents(shipmentId)).toHaveLength(0);

    // The first scan, a week later than usual: the window is predicted from the scan and moves later.
    const scan = [
      {
        carrier: "correios",
        trackingNumber: "BR000000001",
        occurredAt: "2018-09-10T10:00:00-03:00",
        status: "in_transit",
        substatus: "picked_up",
        description: "Objeto postado",
        location: SAO_PAULO,
      },
    ];
    await ingest(db, sellerId, json(scan), { now: new Date("2018-09-10T14:00:00Z") });
    const atShip = (await current(shipmentId))!;
    expect(atShip.stage).toBe("in_transit");
    expect(atShip.earliest >= "2018-09-10").toBe(true);
    expect(atShip.latest > atOrder.latest).toBe(true);
    expect(await history(shipmentId)).toHaveLength(2);
    const [moved] = await etaEvents(shipmentId);
    expect(moved!.payload.before.latest).toBe(atOrder.latest);
    expect(moved!.payload.after.latest).toBe(atShip.latest);

    // Out for delivery in Rio: delivery today.
    const ofd = [
      {
        carrier: "correios",
        trackingNumber: "BR000000001",
        occurredAt: "2018-09-14T08:10:00-03:00",
        status: "out_for_delivery",
        description: "Objeto saiu para entrega",
        location: RIO,
      },
    ];
    await ingest(db, sellerId, json(ofd), { now: new Date("2018-09-14T12:00:00Z") });
    const today = (await current(shipmentId))!;
    expect(today).toMatchObject({
      stage: "out_for_delivery",
      most_likely: "2018-09-14",
      earliest: "2018-09-14",
    });
    expect(today.latest <= "2018-09-17").toBe(true);
    expect(await history(shipmentId)).toHaveLength(3);
    expect(await etaEvents(shipmentId)).toHaveLength(2);

    // The same scans again change nothing: no history, no event.
    await ingest(db, sellerId, json([...scan, ...ofd]), { now: new Date("2018-09-14T12:00:00Z") });
    expect(await history(shipmentId)).toHaveLength(3);
    expect(await etaEvents(shipmentId)).toHaveLength(2);
  });

  it("conditions on the destination facility: arrived in Rio means the last-mile distribution", async () => {
    const { shipmentId } = await orderWithParcel(
      db,
      sellerId,
      "BR-2",
      "BR000000002",
      new Date("2018-09-03T13:00:00Z"),
    );
    const events = [
      {
        carrier: "correios",
        trackingNumber: "BR000000002",
        occurredAt: "2018-09-04T10:00:00-03:00",
        status: "in_transit",
        substatus: "picked_up",
        location: SAO_PAULO,
      },
      {
        carrier: "correios",
        trackingNumber: "BR000000002",
        occurredAt: "2018-09-06T07:00:00-03:00",
        status: "in_transit",
        substatus: "arrived_at_facility",
        location: RIO,
      },
    ];
    await ingest(db, sellerId, json(events), { now: new Date("2018-09-06T12:00:00Z") });
    const p = (await current(shipmentId))!;
    expect(p.stage).toBe("at_destination_facility");
    expect(p.earliest >= "2018-09-06").toBe(true);
    expect(p.latest <= "2018-09-12").toBe(true);
  });

  it("keeps the last window once delivered", async () => {
    const before = await db.query<{ shipment_id: string }>(
      "SELECT shipment_id FROM shipment_predictions p JOIN shipments s ON s.id = p.shipment_id WHERE s.tracking_number = 'BR000000002'",
    );
    const shipmentId = before[0]!.shipment_id;
    const kept = await current(shipmentId);
    await ingest(
      db,
      sellerId,
      json([
        {
          carrier: "correios",
          trackingNumber: "BR000000002",
          occurredAt: "2018-09-07T15:00:00-03:00",
          status: "delivered",
          location: RIO,
        },
      ]),
      { now: new Date("2018-09-07T19:00:00Z") },
    );
    expect(await current(shipmentId)).toEqual(kept);
  });

  it("predicts nothing for a seller without a model", async () => {
    const [other] = await db.query<{ id: string }>(
      "INSERT INTO sellers (slug, name) VALUES ('no-model', 'No model') RETURNING id",
    );
    const { shipmentId } = await orderWithParcel(
      db,
      other!.id,
      "X-1",
      "BR000000003",
      new Date("2018-09-03T13:00:00Z"),
    );
    expect(await predictShipments(db, other!.id, [shipmentId])).toBe(0);
    expect(await current(shipmentId)).toBeUndefined();
  });
});
