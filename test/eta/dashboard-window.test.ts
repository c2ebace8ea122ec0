/** The dashboard's shipment detail shows the predicted window and every window before it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboardWorld, signIn, type DashboardWorld } from "../dashboard/support.js";

let w: DashboardWorld;

beforeAll(async () => {
  w = await createDashboardWorld();
});
afterAll(() => w.close());

describe("shipment detail: predicted window", () => {
  it("shows the current window with coverage and confidence, and the window history table", async () => {
    const seller = w.sellerRecord.id;
    const [shipment] = await w.db.query<{ id: string }>(
      `INSERT INTO shipments (seller_id, carrier, tracking_number, status) VALUES ($1, 'ups', '1ZETA0000000000001', 'in_transit')
       RETURNING id`,
      [seller],
    );
    const id = shipment!.id;
    const viewer = await signIn(w.app, "viewer@acme.test");
    const empty = (await viewer.get(`/app/shipments/${id}`)).body;
    expect(empty).toContain("No window was predicted for this shipment");

    await w.db.query(
      `INSERT INTO shipment_prediction_history (shipment_id, seller_id, most_likely, earliest, latest, coverage, promise,
         confidence, stage, model_version, at) VALUES
       ($1, $2, '2026-03-05', '2026-03-04', '2026-03-06', 0.8, '2026-03-07', 0.55, 'at_order', 3, '2026-03-01T10:00:00Z'),
       ($1, $2, '2026-03-08', '2026-03-07', '2026-03-09', 0.8, '2026-03-10', 0.62, 'in_transit', 3, '2026-03-04T10:00:00Z')`,
      [id, seller],
    );
    await w.db.query(
      `INSERT INTO shipment_predictions (shipment_id, seller_id, most_likely, earliest, latest, coverage, promise,
         promise_quantile, confidence, stage, model_version, predicted_at, window_changed_at)
       VALUES ($1, $2, '2026-03-08', '2026-03-07', '2026-03-09', 0.8, '2026-03-10', 0.93, 0.62, 'in_transit', 3,
         '2026-03-04T10:00:00Z', '2026-03-04T10:00:00Z')`,
      [id, seller],
    );
    const body = (await viewer.get(`/app/shipments/${id}`)).body;
    expect(body).toContain("2026-03-07 – 2026-03-09 (80 % window) · most likely 2026-03-08");
    expect(body).toContain("confidence 62 %");
    const table = body.slice(body.indexOf("Predicted window history"));
    expect(table.indexOf("2026-03-04 – 2026-03-06")).toBeGreaterThan(0);
    expect(table.indexOf("2026-03-07 – 2026-03-09")).toBeGreaterThan(
      table.indexOf("2026-03-04 – 2026-03-06"),
    );
    expect(table).toContain("at_order");
    expect(table).toContain("v3");
  });
});
