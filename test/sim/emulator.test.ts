/**
 * The carrier API emulator round-trips through the real adapters: each carrier's own client (OAuth included)
 * fetches from the emulator over HTTP and the carrier's own parser reads what it answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCarrier } from "../../src/carriers/registry.js";
import { FakeClock } from "../../src/sim/clock.js";
import { DIALECTS, SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { seededRandom } from "../../src/sim/journeys.js";
import { LANES, type SimCarrier } from "../../src/sim/lanes.js";
import { planLaneJourney, type SimJourneyKind } from "../../src/sim/lane-journeys.js";
import { SimWorld, simTrackingNumber } from "../../src/sim/world.js";

const START = Date.UTC(2026, 2, 2, 15, 0); // a Monday
const KINDS: SimJourneyKind[] = [
  "smooth",
  "delayed",
  "failed_attempt",
  "address_issue",
  "return",
  "lost",
  "customs_hold",
  "damaged",
];
const CARRIERS: SimCarrier[] = ["ups", "fedex", "usps", "dhl_express"];

const world = new SimWorld();
const clock = new FakeClock(START);
let emulator: CarrierEmulatorServer;
let serial = 0;
const journeys = CARRIERS.flatMap((carrier) =>
  KINDS.flatMap((kind) => {
    const lane = LANES.find((l) => l.carrier === carrier && (kind !== "customs_hold" || l.international));
    if (!lane || (kind === "damaged" && carrier === "usps")) return [];
    const journey = planLaneJourney(
      seededRandom(serial + 11),
      lane,
      simTrackingNumber(carrier, ++serial),
      START,
      kind,
    );
    world.add(journey);
    return [journey];
  }),
);

beforeAll(async () => {
  emulator = await startCarrierEmulator({ world, clock });
});
afterAll(() => emulator.close());

function clientFor(
  carrier: SimCarrier,
  options: { timeoutMs?: number; credentials?: Record<string, string> } = {},
) {
  return getCarrier(carrier)!.createClient!({
    baseUrl: emulator.baseUrl(carrier),
    credentials: options.credentials ?? { ...SIM_CREDENTIALS[carrier] },
    now: () => clock.now(),
    timeoutMs: options.timeoutMs,
  });
}

describe("carrier emulator through the real adapters", () => {
  it("every visible scan of every journey parses back with its instant and the status its code maps to", async () => {
    const clients = new Map(CARRIERS.map((c) => [c, clientFor(c)]));
    const checkpoints = [0, 1, 2, 3, 4, 6, 9, 14].map((d) => START + d * 86_400_000 + 3 * 3_600_000);
    let compared = 0;
    for (const at of checkpoints) {
      clock.set(Math.max(clock.now(), at));
      for (const journey of journeys) {
        const visible = world.visibleEvents(journey.carrier, journey.trackingNumber, clock.now());
        const adapter = getCarrier(journey.carrier)!;
        const { payloads } = await clients.get(journey.carrier)!.track([journey.trackingNumber]);
        const parsed = adapter.parse(payloads[0]!.body, payloads[0]!.contentType);
        if (visible.length === 0) {
          expect(parsed.results).toEqual([]);
          expect(parsed.errors.map((e) => e.code)).toEqual(["not_found"]);
          continue;
        }
        expect(parsed.errors).toEqual([]);
        const result = parsed.results[0]!;
        expect(result.trackingNumber).toBe(journey.trackingNumber);
        const got = [...result.events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
        expect(got.map((e) => Date.parse(e.occurredAt))).toEqual(
          visible.map((e) => Math.floor(e.occurredAt / 1000) * 1000),
        );
        for (const [i, e] of got.entries()) {
          const key = DIALECTS[journey.carrier]!.stepCode(visible[i]!.step, visible[i]!, journey);
          expect(e.status, `${journey.carrier} ${visible[i]!.step}`).toBe(adapter.statusMap[key]!.status);
          expect(e.zoneGuessed ?? false).toBe(false);
          expect(e.location?.city?.toLowerCase()).toBe(visible[i]!.place.city.toLowerCase());
        }
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(300);
    // Tokens live an hour of emulator time and checkpoints are days apart: one token per OAuth carrier per
    // checkpoint, reused by every request in between.
    expect(emulator.stats.tokenRequests).toBe(3 * checkpoints.length);
    expect(emulator.stats.trackRequests.ups).toBeGreaterThan(checkpoints.length * 3);
  });

  it("refuses bad credentials in the carrier's format, which the adapters read as unauthorized", async () => {
    const ups = clientFor("ups", { credentials: { clientId: "sim-ups", clientSecret: "wrong" } });
    await expect(ups.track(["1ZSIM0000000000001"])).rejects.toThrow(/HTTP 401/);
    const dhl = clientFor("dhl_express", { credentials: { apiKey: "sim-dhl", apiSecret: "wrong" } });
    const { payloads } = await dhl.track([journeys.find((j) => j.carrier === "dhl_express")!.trackingNumber]);
    expect(payloads[0]!.httpStatus).toBe(401);
    expect(getCarrier("dhl_express")!.parse(payloads[0]!.body).errors[0]!.code).toBe("unauthorized");
  });
});

describe("emulator faults", () => {
  it("answers 429 with Retry-After, 5xx and hangs until the client's timeout", async () => {
    const faulty = new SimWorld();
    const journey = journeys.find((j) => j.carrier === "fedex")!;
    faulty.add(journey);
    for (const [faults, check] of [
      [{ rateLimitRate: 1, retryAfterSeconds: 42 }, "429"],
      [{ serverErrorRate: 1 }, "5xx"],
      [{ timeoutRate: 1 }, "timeout"],
    ] as const) {
      const server = await startCarrierEmulator({ world: faulty, clock, faults });
      try {
        const client = getCarrier("fedex")!.createClient!({
          baseUrl: server.baseUrl("fedex"),
          credentials: { ...SIM_CREDENTIALS.fedex },
          now: () => clock.now(),
          timeoutMs: 200,
        });
        if (check === "timeout") {
          await expect(client.track([journey.trackingNumber])).rejects.toThrow();
          expect(server.stats.timeouts).toBe(1);
          continue;
        }
        const res = await client.track([journey.trackingNumber]);
        if (check === "429") {
          expect(res.payloads[0]!.httpStatus).toBe(429);
          expect(res.rateLimit?.retryAfterMs).toBe(42_000);
          expect(getCarrier("fedex")!.parse(res.payloads[0]!.body).errors[0]!.code).toBe("rate_limited");
        } else expect(res.payloads[0]!.httpStatus).toBeGreaterThanOrEqual(500);
      } finally {
        await server.close();
      }
    }
  });

  it("enforces each account's request budget per minute of emulator time", async () => {
    const limitedClock = new FakeClock(START + 30 * 86_400_000);
    const server = await startCarrierEmulator({ world, clock: limitedClock, requestsPerMinute: 3 });
    try {
      const client = getCarrier("usps")!.createClient!({
        baseUrl: server.baseUrl("usps"),
        credentials: { ...SIM_CREDENTIALS.usps },
        now: () => limitedClock.now(),
      });
      const tn = journeys.find((j) => j.carrier === "usps")!.trackingNumber;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await client.track([tn])).payloads[0]!.httpStatus);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      limitedClock.advance(61_000);
      expect((await client.track([tn])).payloads[0]!.httpStatus).toBe(200);
    } finally {
      await server.close();
    }
  });
});
