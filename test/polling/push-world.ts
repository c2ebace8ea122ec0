/**
 * A seller whose carrier pushes, end to end over loopback (the ups, fedex and usps push tests): the app listening with
 * a worker, the seller's inbound endpoint for the carrier, the carrier emulator over HTTP, a push-enabled account,
 * smooth journeys plus one number the carrier refuses, and the poller's deps on a fake clock six hours in.
 */
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { createPollerDeps, type PollerDeps } from "../../src/ingest/polling/poll-shipment.js";
import { FakeClock } from "../../src/sim/clock.js";
import { SIM_CREDENTIALS, type EmulatorOptions } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { planLaneJourney, type SimJourney } from "../../src/sim/lane-journeys.js";
import { LANES } from "../../src/sim/lanes.js";
import { SimWorld, simTrackingNumber } from "../../src/sim/world.js";
import { createJobsTestApp, type JobsTestApp } from "../jobs/support.js";
import { bearer } from "../support/app.js";
import { START } from "./support.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The account's bucket: 600 requests a minute, bursts of this many. */
export const BURST = 400;

type PushCarrier = "ups" | "fedex" | "usps";

export interface PushStateRow {
  tracking_number: string;
  status: string;
  next_poll_at: Date | null;
  push_subscribed_until: Date | null;
  push_refused_at: Date | null;
  stopped_reason: string | null;
}

export interface PushWorld {
  carrier: PushCarrier;
  t: JobsTestApp;
  emulator: CarrierEmulatorServer;
  sellerId: string;
  /** The secret of the seller's inbound endpoint for the carrier. */
  secret: string;
  appUrl: string;
  clock: FakeClock;
  journeys: SimJourney[];
  /** The number the carrier refuses, a shipment of the seller's too. */
  refused: string;
  /** tracking number → shipment id */
  shipmentOf: Map<string, string>;
  deps: PollerDeps;
  /** The seller's poll states by tracking number. */
  states(): Promise<Map<string, PushStateRow>>;
  close(): Promise<void>;
}

/** Sets up a PushWorld for `carrier` with `count` journeys; seller "pushy", its hooks at /hooks/pushy/{carrier}. */
export async function setupPushWorld(options: {
  carrier: PushCarrier;
  count: number;
  refused: string;
  /** Credentials beside the emulator's (e.g. the FedEx webhook project the account names). */
  credentials?: Record<string, string>;
  /** Emulator options that depend on the seller's inbound endpoint (e.g. a portal's webhook project). */
  emulator?: (inbound: { url: string; secret: string }) => Partial<EmulatorOptions>;
}): Promise<PushWorld> {
  const { carrier, refused } = options;
  const t = await createJobsTestApp();
  let emulator: CarrierEmulatorServer | undefined;
  const close = async () => {
    await emulator?.close();
    await t.close();
  };
  try {
    const seller = await t.seller("pushy");
    const sellerId = seller.id;
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhook-endpoints",
      headers: bearer(seller.keys.admin),
      payload: { source: carrier },
    });
    expect(created.statusCode).toBe(201);
    const secret: string = created.json().secret;
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const appUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await t.startWorker({ pollLoop: false });

    const clock = new FakeClock(START);
    const world = new SimWorld();
    const journeys: SimJourney[] = [];
    const rand = seededRandom(11);
    const lanes = LANES.filter((l) => l.carrier === carrier);
    for (let i = 0; i < options.count; i++) {
      const j = planLaneJourney(
        rand,
        lanes[i % lanes.length]!,
        simTrackingNumber(carrier, 500 + i),
        START - 2 * HOUR,
        "smooth",
      );
      world.add(j);
      journeys.push(j);
    }
    emulator = await startCarrierEmulator({
      world,
      clock,
      ...options.emulator?.({ url: `${appUrl}/hooks/pushy/${carrier}`, secret }),
    });
    await upsertCarrierAccount(t.db, {
      sellerId,
      carrier,
      credentials: { ...SIM_CREDENTIALS[carrier], ...options.credentials },
      baseUrl: emulator.baseUrl(carrier),
      push: true,
      requestsPerMinute: 600,
      burst: BURST,
    });
    const shipmentOf = new Map<string, string>();
    for (const number of [...journeys.map((j) => j.trackingNumber), refused]) {
      const row = await insertShipment(t.db.orm, sellerId, { carrier, trackingNumber: number });
      shipmentOf.set(number, row!.id);
    }
    clock.set(START + 6 * HOUR);
    const deps = createPollerDeps({ clock, publicUrl: appUrl, rand: seededRandom(5) });

    return {
      carrier,
      t,
      emulator,
      sellerId,
      secret,
      appUrl,
      clock,
      journeys,
      refused,
      shipmentOf,
      deps,
      states: () => pushStates(t, sellerId),
      close,
    };
  } catch (error) {
    await close(); // what was started so far
    throw error;
  }
}

/** The seller's poll states by tracking number. */
async function pushStates(t: JobsTestApp, sellerId: string): Promise<Map<string, PushStateRow>> {
  const rows = await t.db.query<PushStateRow>(
    `SELECT s.tracking_number, s.status, p.next_poll_at, p.push_subscribed_until, p.push_refused_at,
       p.stopped_reason
     FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id WHERE p.seller_id = $1`,
    [sellerId],
  );
  return new Map(rows.map((r) => [r.tracking_number, r]));
}

/** Tokens left in the seller's carrier bucket. */
export async function bucketTokens(w: PushWorld): Promise<number> {
  const [bucket] = await w.t.db.query<{ tokens: number }>(
    "SELECT tokens FROM carrier_rate_buckets b JOIN carrier_accounts a ON a.id = b.account_id WHERE a.seller_id = $1",
    [w.sellerId],
  );
  return Number(bucket!.tokens);
}
