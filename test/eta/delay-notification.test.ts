/**
 * The shopper's "delay" message follows the predicted window: decided when a scan moves the window's last day
 * one day or more later than the window the shopper was last given in a message (the move `shipment.eta_changed`
 * records), once per move, never for a window that moves earlier, never for a shipment's first prediction, and
 * never before a message gave a window (the first message gives the current one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { predictShipments } from "../../src/eta/live/refresh.js";
import { evaluateExceptionRules } from "../../src/exceptions/evaluate.js";
import { ingest } from "../../src/ingest/ingest.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { orderWithParcel, sellerWithModel } from "./support.js";

let db: TestDatabase;
let sellerId: string;
let shipmentId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = await sellerWithModel(db, "eta-delay");
  // The scans are from 2018: without this, their messages would be suppressed as stale, and a suppressed message
  // told the shopper nothing.
  await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
    sellerId,
    JSON.stringify({ staleAfterHours: 0 }),
  ]);
  ({ shipmentId } = await orderWithParcel(
    db,
    sellerId,
    "D-1",
    "BR000000021",
    new Date("2018-09-03T13:00:00Z"),
  ));
}, 120_000);
afterAll(() => db.destroy());

const scan = (occurredAt: string, status: string, city: string) => ({
  source: "api",
  contentType: "application/json",
  body: Buffer.from(
    JSON.stringify({
      carrier: "correios",
      trackingNumber: "BR000000021",
      occurredAt,
      status,
      location: { city, country: "BR" },
    }),
  ),
});

const delays = () =>
  db.query<{ milestone: string; window: { source: string; latest: string } }>(
    `SELECT milestone, context->'window' AS window FROM notifications
     WHERE shipment_id = $1 AND trigger = 'delay' ORDER BY id`,
    [shipmentId],
  );
const movesLater = () =>
  db.query<{ days: number }>(
    `SELECT (payload->>'latestMovedDays')::int AS days FROM outbox
     WHERE aggregate_id = $1 AND topic = 'shipment.eta_changed' ORDER BY id`,
    [shipmentId],
  );
const latest = async () =>
  (
    await db.query<{ latest: string }>(
      "SELECT latest::text FROM shipment_predictions WHERE shipment_id = $1",
      [shipmentId],
    )
  )[0]!.latest;

describe("delay notifications from the predicted window", { timeout: 60_000 }, () => {
  it("notifies once per move later, not for the first window nor for a move earlier", async () => {
    await predictShipments(db, sellerId, [shipmentId], new Date("2018-09-03T14:00:00Z"));
    expect(await delays()).toEqual([]);

    // Picked up a week late: the window moves later. The shopper has been told no window yet: the shipped message
    // gives the moved one, and no "delay" is sent against a window only the model knew.
    const first = scan("2018-09-10T10:00:00-03:00", "in_transit", "São Paulo");
    await ingest(db, sellerId, first, { now: new Date("2018-09-10T14:00:00Z") });
    const afterPickup = await latest();
    expect((await movesLater())[0]!.days).toBeGreaterThanOrEqual(1);
    expect(await delays()).toEqual([]);
    const [shipped] = await db.query<{ window: { latest: string } }>(
      "SELECT context->'window' AS window FROM notifications WHERE shipment_id = $1 AND trigger = 'shipped'",
      [shipmentId],
    );
    expect(shipped!.window.latest).toBe(afterPickup);

    // The same scan again decides nothing new.
    await ingest(db, sellerId, first, { now: new Date("2018-09-10T14:00:00Z") });
    expect(await delays()).toEqual([]);

    // Still in São Paulo ten days later: the window moves later than the one the shopper was told.
    await ingest(db, sellerId, scan("2018-09-20T09:00:00-03:00", "in_transit", "São Paulo"), {
      now: new Date("2018-09-20T14:00:00Z"),
    });
    const stuck = await latest();
    expect(stuck > afterPickup).toBe(true);
    expect(await delays()).toEqual([
      {
        milestone: `delay:${stuck}`,
        window: expect.objectContaining({ source: "prediction", latest: stuck }),
      },
    ]);

    // Out for delivery the next morning: the window moves earlier, no delay message.
    await ingest(db, sellerId, scan("2018-09-21T08:00:00-03:00", "out_for_delivery", "Rio de Janeiro"), {
      now: new Date("2018-09-21T12:00:00Z"),
    });
    expect((await latest()) < stuck).toBe(true);
    expect(await delays()).toHaveLength(1);
    expect((await movesLater()).at(-1)!.days).toBeLessThan(0);
  });

  it("the late rule reads the predicted window", async () => {
    const due = await latest();
    const dayAfter = (date: string, days: number) =>
      new Date(Date.parse(`${date}T15:00:00Z`) + days * 86_400_000);
    await evaluateExceptionRules(db, dayAfter(due, 0), { sellerId });
    const none = await db.query("SELECT 1 FROM alerts WHERE shipment_id = $1 AND kind = 'late'", [
      shipmentId,
    ]);
    expect(none).toHaveLength(0);
    await evaluateExceptionRules(db, dayAfter(due, 3), { sellerId });
    const [alert] = await db.query<{ details: { windowSource: string; window: { latest: string } } }>(
      "SELECT details FROM alerts WHERE shipment_id = $1 AND kind = 'late'",
      [shipmentId],
    );
    expect(alert!.details.windowSource).toBe("prediction");
    expect(alert!.details.window.latest).toBe(due);
  });
});
