/** A seller polling the carrier emulator: simulated journeys, carrier accounts pointing at the emulator, shipments. */
import type { Database } from "../../src/db/client.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { FakeClock } from "../../src/sim/clock.js";
import { SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import type { EmulatorFaults } from "../../src/sim/emulator/faults.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { LANES } from "../../src/sim/lanes.js";
import { planLaneJourney, type SimJourney, type SimJourneyKind } from "../../src/sim/lane-journeys.js";
import { generateFleet, SimWorld, simTrackingNumber } from "../../src/sim/world.js";

export const START = Date.UTC(2026, 2, 2, 14, 0); // Monday 2 March 2026

export interface PollingWorld {
  sellerId: string;
  clock: FakeClock;
  world: SimWorld;
  journeys: SimJourney[];
  emulator: CarrierEmulatorServer;
  /** shipment id → journey */
  byShipment: Map<string, SimJourney>;
}

export async function setupPollingWorld(
  db: Database,
  options: {
    slug: string;
    /** Random journeys to generate (generateFleet), unless `fleet` is given. */
    count?: number;
    seed?: number;
    /** The journeys to follow, instead of a random fleet. */
    fleet?: SimJourney[];
    faults?: EmulatorFaults;
    requestsPerMinute?: number;
    /** Journeys of these kinds are added to the random fleet (on the first lane of their carrier that fits). */
    extraKinds?: SimJourneyKind[];
  },
): Promise<PollingWorld> {
  const sellerId = (await createSeller(db.orm, { slug: options.slug, name: options.slug })).id;
  const clock = new FakeClock(START);
  const world = new SimWorld();
  const seed = options.seed ?? 1;
  const journeys = options.fleet
    ? [...options.fleet]
    : generateFleet({ count: options.count ?? 0, seed, startMs: START, spreadMs: 86_400_000 });
  const rand = seededRandom(seed + 1000);
  for (const [i, kind] of (options.extraKinds ?? []).entries()) {
    const lane = LANES[i % LANES.length]!;
    journeys.push(
      planLaneJourney(rand, lane, simTrackingNumber(lane.carrier, 900_000 + i), START + i * 3_600_000, kind),
    );
  }
  for (const j of journeys) world.add(j);
  const emulator = await startCarrierEmulator({
    world,
    clock,
    faults: options.faults,
    requestsPerMinute: options.requestsPerMinute,
  });
  for (const carrier of ["ups", "fedex", "usps", "dhl_express"] as const) {
    await upsertCarrierAccount(db, {
      sellerId,
      carrier,
      credentials: { ...SIM_CREDENTIALS[carrier] },
      baseUrl: emulator.baseUrl(carrier),
      requestsPerMinute: 600,
      burst: 100,
    });
  }
  const byShipment = new Map<string, SimJourney>();
  for (const j of journeys) {
    const row = await insertShipment(db.orm, sellerId, {
      carrier: j.carrier,
      trackingNumber: j.trackingNumber,
      destination: {
        city: j.lane.destination.city,
        region: j.lane.destination.region,
        postalCode: j.lane.destination.postalCode,
        country: j.lane.destination.country,
      },
    });
    byShipment.set(row!.id, j);
  }
  return { sellerId, clock, world, journeys, emulator, byShipment };
}

/** The earliest poll due among this seller's shipments (0 when one is due at once), or null when none is scheduled. */
export async function earliestDue(db: Database, sellerId: string): Promise<number | null> {
  const rows = await db.query<{ at: number | null }>(
    `SELECT CASE WHEN MIN(next_poll_at) IS NULL THEN NULL WHEN isfinite(MIN(next_poll_at))
       THEN (EXTRACT(EPOCH FROM MIN(next_poll_at)) * 1000)::float8 ELSE 0 END AS at
     FROM shipment_poll_state WHERE seller_id = $1 AND next_poll_at IS NOT NULL`,
    [sellerId],
  );
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : Number(at);
}

/** The status a journey ends in once every scan is known. */
export function finalStatus(j: SimJourney): string {
  const last = j.events.at(-1)!.step;
  if (last === "delivered") return "delivered";
  if (last === "returned") return "returned";
  if (last === "lost") return "exception";
  return "in_transit";
}

export interface PollStateRow {
  shipment_id: string;
  status: string;
  stopped_reason: string | null;
  poll_count: number;
  consecutive_errors: number;
  next_poll_at: Date | null;
}

export async function pollStates(db: Database, sellerId: string): Promise<PollStateRow[]> {
  return db.query<PollStateRow>(
    `SELECT p.shipment_id, s.status, p.stopped_reason, p.poll_count, p.consecutive_errors,
       CASE WHEN isfinite(p.next_poll_at) THEN p.next_poll_at END AS next_poll_at
     FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id WHERE p.seller_id = $1`,
    [sellerId],
  );
}
