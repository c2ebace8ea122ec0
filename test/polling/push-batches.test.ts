/**
 * Push subscriptions go in full requests: a request with room left waits for the account's turn (at most one an
 * hour, shared by every worker) and then carries every shipment still waiting, not only the round's few. Driven
 * through subscribeForPush with shipments claimed from the database and a recording client, on a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CarrierClient, PushDestination } from "../../src/carriers/types.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { claimDue } from "../../src/ingest/polling/claim.js";
import { createPollerDeps } from "../../src/ingest/polling/poll-shipment.js";
import { subscribeForPush, type PushSubscribeReport } from "../../src/ingest/polling/push-subscribe.js";
import { takePartialSubscriptionTurn } from "../../src/ingest/polling/rate-limiter.js";
import { createWebhookEndpoint } from "../../src/ingest/webhooks/endpoints.js";
import { FakeClock } from "../../src/sim/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { START } from "./support.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A carrier client that accepts every number but "1ZREFUSED…" ones, and records each subscription request. */
function recordingClient(size: number) {
  const requests: string[][] = [];
  const client: CarrierClient = {
    batchSize: 100,
    track: () => Promise.reject(new Error("not polled in this test")),
    subscribeBatchSize: size,
    subscribe(numbers: string[], _destination: PushDestination) {
      requests.push(numbers);
      return Promise.resolve({
        httpStatus: 200,
        valid: numbers.filter((n) => !n.startsWith("1ZREFUSED")),
        invalid: numbers.filter((n) => n.startsWith("1ZREFUSED")),
        expiresAt: new Date(START + 14 * DAY),
        error: null,
        rateLimit: null,
      });
    },
  };
  return { client, requests };
}

describe("push subscriptions in full requests", () => {
  let db: TestDatabase;
  let sellerId: string;
  let accountId: string;
  let next = 0;
  const clock = new FakeClock(START);
  const deps = createPollerDeps({ clock, publicUrl: "https://shipwatch.example" });

  /** Registers `count` UPS shipments, due for their first poll at once. */
  const register = async (count: number, prefix = "1ZBATCH") => {
    for (let i = 0; i < count; i++)
      await insertShipment(db.orm, sellerId, {
        carrier: "ups",
        trackingNumber: `${prefix}${String(next++).padStart(8, "0")}`,
      });
  };
  /** Claims what is due now (the round's group) and subscribes it, as a poll round does before polling. */
  const round = async (client: CarrierClient, limit = 500) => {
    const group = await claimDue(db, new Date(clock.now()), limit, 5 * MINUTE);
    const report: PushSubscribeReport = { requests: 0, subscribed: 0, refused: 0 };
    await subscribeForPush(db, group, client, deps, new Date(clock.now()), report);
    // Standing in for the rest of the round: the claimed shipments were polled and are due again tomorrow.
    await db.query(
      `UPDATE shipment_poll_state SET next_poll_at = $2
       WHERE shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(group.map((c) => c.shipmentId)), new Date(clock.now() + DAY)],
    );
    return { claimed: group.length, report };
  };
  const subscribed = async () => {
    const [row] = await db.query<{ yes: number; no: number }>(
      `SELECT count(*) FILTER (WHERE push_subscribed_until IS NOT NULL)::int AS yes,
         count(*) FILTER (WHERE push_subscribed_until IS NULL)::int AS no
       FROM shipment_poll_state WHERE seller_id = $1`,
      [sellerId],
    );
    return row!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sellerId = (await createSeller(db.orm, { slug: "batches", name: "Batches" })).id;
    await createWebhookEndpoint(db, { sellerId, source: "ups" });
    const account = await upsertCarrierAccount(db, {
      sellerId,
      carrier: "ups",
      credentials: { clientId: "id", clientSecret: "secret" },
      push: true,
      requestsPerMinute: 600,
      burst: 1000,
    });
    accountId = account.id;
  });
  afterAll(() => db.destroy());

  it("sends a round's full requests, and fills the one with room left with every shipment waiting", async () => {
    await register(250);
    const { client, requests } = recordingClient(100);
    // The round claims 120 of the 250: one full request of the round's own, then the account's first turn
    // fills the rest with the 130 not claimed.
    const { claimed, report } = await round(client, 120);
    expect(claimed).toBe(120);
    expect(requests.map((r) => r.length)).toEqual([100, 100, 50]);
    expect(new Set(requests.flat()).size).toBe(250);
    expect(report).toEqual({ requests: 3, subscribed: 250, refused: 0 });
    expect(await subscribed()).toEqual({ yes: 250, no: 0 });
  });

  it("holds a request with room left until the account's turn an hour later, then sends all that waited", async () => {
    const { client, requests } = recordingClient(100);
    clock.set(START + 10 * MINUTE);
    await register(30);
    const held = await round(client);
    // The 30 new ones, and the 130 the first round subscribed without claiming: still due for their first poll.
    expect(held.claimed).toBe(160);
    expect(held.report).toEqual({ requests: 0, subscribed: 0, refused: 0 });
    expect(await subscribed()).toEqual({ yes: 250, no: 30 });

    // A full request does not wait for the turn.
    clock.set(START + 20 * MINUTE);
    await register(100);
    const full = await round(client);
    expect(full.claimed).toBe(100);
    expect(requests.map((r) => r.length)).toEqual([100]);
    expect(await subscribed()).toEqual({ yes: 350, no: 30 });

    // An hour after the last request with room left: one shipment due, and the 30 that waited go with it.
    clock.set(START + 61 * MINUTE);
    await register(1);
    await register(1, "1ZREFUSED");
    const turn = await round(client);
    expect(turn.claimed).toBe(2);
    expect(requests.map((r) => r.length)).toEqual([100, 32]);
    expect(turn.report).toEqual({ requests: 1, subscribed: 31, refused: 1 });
    expect(await subscribed()).toEqual({ yes: 381, no: 1 });

    // The refused number is not asked again, turn or not.
    clock.set(START + 3 * 60 * MINUTE);
    await db.query("UPDATE shipment_poll_state SET next_poll_at = $2 WHERE seller_id = $1", [
      sellerId,
      new Date(clock.now()),
    ]);
    const again = await round(client);
    expect(again.claimed).toBe(382);
    expect(requests).toHaveLength(2);
  });

  it("a carrier that takes one number a request never waits", async () => {
    const { client, requests } = recordingClient(1);
    clock.set(START + 3 * 60 * MINUTE + MINUTE);
    await register(3);
    const { report } = await round(client);
    expect(report).toEqual({ requests: 3, subscribed: 3, refused: 0 });
    expect(requests.map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it("one turn an hour for every worker: the second taker at the same time is refused", async () => {
    const at = new Date(START + 5 * 60 * MINUTE);
    expect(await takePartialSubscriptionTurn(db, accountId, at, 60 * MINUTE)).toBe(true);
    expect(await takePartialSubscriptionTurn(db, accountId, at, 60 * MINUTE)).toBe(false);
    expect(
      await takePartialSubscriptionTurn(db, accountId, new Date(at.getTime() + 59 * MINUTE), 60 * MINUTE),
    ).toBe(false);
    expect(
      await takePartialSubscriptionTurn(db, accountId, new Date(at.getTime() + 60 * MINUTE), 60 * MINUTE),
    ).toBe(true);
  });
});
