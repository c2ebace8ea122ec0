/**
 * UPS and FedEx delivery windows over loopback: the real clients ask the carrier emulator about parcels on the
 * vehicle, and the real parsers must give back the instants of the window the simulated carrier published —
 * UPS prints it as local HHMMSS without a date or zone, so a wrong zone or day shows up here as hours off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCarrier } from "../../src/carriers/registry.js";
import { SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { planLaneJourney, type SimJourney } from "../../src/sim/lane-journeys.js";
import { LANES } from "../../src/sim/lanes.js";
import { SimWorld, simTrackingNumber } from "../../src/sim/world.js";
import { START } from "./support.js";

// Each parcel is looked at from its own moments, so this clock goes back and forth (a FakeClock only goes forward).
let nowMs = START;
const clock = { now: () => nowMs, set: (ms: number) => (nowMs = ms) };
const world = new SimWorld();
let emulator: CarrierEmulatorServer;
// Every UPS and FedEx lane (US zones, Toronto, London), a few parcels each, some with a failed first attempt.
const journeys: SimJourney[] = [];

beforeAll(async () => {
  const rand = seededRandom(44);
  let serial = 0;
  for (const lane of LANES.filter((l) => l.carrier === "ups" || l.carrier === "fedex"))
    for (const kind of ["smooth", "smooth", "failed_attempt"] as const) {
      const j = planLaneJourney(rand, lane, simTrackingNumber(lane.carrier, 7000 + serial++), START, kind);
      world.add(j);
      journeys.push(j);
    }
  emulator = await startCarrierEmulator({ world, clock });
});
afterAll(async () => {
  await emulator?.close();
});

async function trackNow(carrier: "ups" | "fedex", number: string) {
  const adapter = getCarrier(carrier)!;
  const client = adapter.createClient!({
    baseUrl: emulator.baseUrl(carrier),
    credentials: { ...SIM_CREDENTIALS[carrier] },
    now: () => clock.now(),
  });
  const { payloads } = await client.track([number]);
  return adapter.parse(payloads[0]!.body, payloads[0]!.contentType, { trackingNumbers: [number] });
}

describe("carrier delivery windows from the emulator", () => {
  it("UPS deliveryTime EDW and FedEx estimatedDeliveryTimeWindow parse to the published instants", async () => {
    let checked = 0;
    for (const j of journeys) {
      for (const loaded of j.events.filter((e) => e.step === "out_for_delivery")) {
        clock.set(loaded.visibleAt);
        const next = j.events[j.events.indexOf(loaded) + 1]!;
        if (next.visibleAt <= loaded.visibleAt) continue; // the door scan shows at the same moment
        const result = (await trackNow(j.carrier as "ups" | "fedex", j.trackingNumber)).results[0]!;
        expect(result.status).toBe("out_for_delivery");
        const window = result.deliveryWindow!;
        expect(window, `${j.lane.id} ${j.trackingNumber}`).toBeTruthy();
        expect(Date.parse(window.start), `${j.lane.id} start`).toBe(loaded.window!.start);
        expect(Date.parse(window.end), `${j.lane.id} end`).toBe(loaded.window!.end);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(journeys.length);
  });

  it("gives no window before the parcel is on the vehicle, nor once it is delivered", async () => {
    for (const j of journeys.slice(0, 6)) {
      const loaded = j.events.find((e) => e.step === "out_for_delivery")!;
      clock.set(loaded.visibleAt - 60_000);
      expect(
        (await trackNow(j.carrier as "ups" | "fedex", j.trackingNumber)).results[0]!.deliveryWindow,
      ).toBeNull();
      clock.set(j.events.at(-1)!.visibleAt);
      const done = (await trackNow(j.carrier as "ups" | "fedex", j.trackingNumber)).results[0]!;
      expect(done.status).toBe("delivered");
      expect(done.deliveryWindow).toBeNull();
    }
  });
});
