/**
 * The shared per-account rate limit (a token bucket row every worker takes from atomically) and "refresh now".
 * On PostgreSQL the takers really run concurrently on separate connections.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { requestRefresh, upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { createPollerDeps, pollShipment } from "../../src/ingest/polling/poll-shipment.js";
import { blockAccount, takeRequestTokens } from "../../src/ingest/polling/rate-limiter.js";
import { FakeClock } from "../../src/sim/clock.js";
import { SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator } from "../../src/sim/emulator/server.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { LANES } from "../../src/sim/lanes.js";
import { planLaneJourney } from "../../src/sim/lane-journeys.js";
import { SimWorld } from "../../src/sim/world.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let db: TestDatabase;
let sellerId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "limits", name: "Limits" })).id;
});
afterAll(() => db.destroy());

describe("takeRequestTokens", () => {
  it("never grants more than the burst at once, whoever asks, and refills at the account's rate", async () => {
    const account = await upsertCarrierAccount(db, {
      sellerId,
      carrier: "ups",
      credentials: {},
      requestsPerMinute: 60,
      burst: 5,
    });
    const t0 = new Date(Date.UTC(2026, 2, 2, 12));
    const grants = await Promise.all(
      Array.from({ length: 12 }, () => takeRequestTokens(db, account.id, 1, t0)),
    );
    expect(grants.reduce((n, g) => n + g.granted, 0)).toBe(5);
    const refused = grants.find((g) => g.granted === 0)!;
    expect(refused.retryAt!.getTime() - t0.getTime()).toBe(1000); // 60 per minute: one token a second
    const later = await takeRequestTokens(db, account.id, 10, new Date(t0.getTime() + 3_000));
    expect(later.granted).toBe(3);
  });

  it("a 429 blocks the account for every worker until Retry-After", async () => {
    const account = await upsertCarrierAccount(db, {
      sellerId,
      carrier: "fedex",
      credentials: {},
      requestsPerMinute: 600,
      burst: 50,
    });
    const t0 = new Date(Date.UTC(2026, 2, 2, 12));
    expect((await takeRequestTokens(db, account.id, 1, t0)).granted).toBe(1);
    await blockAccount(db, account.id, new Date(t0.getTime() + 120_000));
    const blocked = await takeRequestTokens(db, account.id, 1, new Date(t0.getTime() + 60_000));
    expect(blocked).toEqual({ granted: 0, retryAt: new Date(t0.getTime() + 120_000) });
    expect((await takeRequestTokens(db, account.id, 1, new Date(t0.getTime() + 121_000))).granted).toBe(1);
  });
});

describe("refresh now", () => {
  it("polls one shipment at once whatever its schedule, and requestRefresh makes it due for the next worker", async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 15));
    const world = new SimWorld();
    const lane = LANES.find((l) => l.carrier === "usps")!;
    const journey = planLaneJourney(
      seededRandom(4),
      lane,
      "9400111899223344556677",
      Date.UTC(2026, 2, 2, 14),
      "smooth",
    );
    world.add(journey);
    const emulator = await startCarrierEmulator({ world, clock });
    try {
      await upsertCarrierAccount(db, {
        sellerId,
        carrier: "usps",
        credentials: { ...SIM_CREDENTIALS.usps },
        baseUrl: emulator.baseUrl("usps"),
      });
      const shipment = (await insertShipment(db.orm, sellerId, {
        carrier: "usps",
        trackingNumber: journey.trackingNumber,
      }))!;
      await db.query("UPDATE shipment_poll_state SET next_poll_at = $2 WHERE shipment_id = $1", [
        shipment.id,
        new Date(clock.now() + 86_400_000),
      ]);
      const result = await pollShipment(db, shipment.id, createPollerDeps({ clock }));
      expect(result).toMatchObject({ attempted: true, polled: 1, changed: 1, requests: 1 });
      const [row] = await db.query<{ status: string; event_count: number }>(
        "SELECT status, event_count FROM shipments WHERE id = $1",
        [shipment.id],
      );
      expect(row!.event_count).toBe(journey.events.filter((e) => e.visibleAt <= clock.now()).length);
      expect(await requestRefresh(db, sellerId, shipment.id, new Date(clock.now()))).toBe(true);
      const [state] = await db.query<{ due: boolean }>(
        "SELECT next_poll_at <= $2 AS due FROM shipment_poll_state WHERE shipment_id = $1",
        [shipment.id, new Date(clock.now())],
      );
      expect(state!.due).toBe(true);
      const other = (await insertShipment(db.orm, sellerId, {
        carrier: "canpar",
        trackingNumber: "D123456789012345",
      }))!;
      expect(await requestRefresh(db, sellerId, other.id, new Date(clock.now()))).toBe(false);
      expect((await pollShipment(db, other.id, createPollerDeps({ clock }))).attempted).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});
