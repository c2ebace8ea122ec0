/** The UPS Track Alert subscription client against the carrier emulator over loopback. */
import { afterEach, describe, expect, it } from "vitest";
import { createUpsClient } from "../../src/carriers/ups/client.js";
import { FakeClock } from "../../src/sim/clock.js";
import { SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { SimWorld } from "../../src/sim/world.js";

const START = Date.UTC(2026, 2, 2, 14, 0);
let emulator: CarrierEmulatorServer | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const destination = { url: "https://shipwatch.example/hooks/acme/ups", credential: "whsec_test" };

async function setup() {
  const clock = new FakeClock(START);
  emulator = await startCarrierEmulator({ world: new SimWorld(), clock });
  const sent: { url: string; headers: Headers; body: string }[] = [];
  // Records what the client puts on the wire, then lets the request through to the emulator.
  const recording: typeof fetch = async (input, init) => {
    sent.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body ?? "") });
    return fetch(input, init);
  };
  const client = createUpsClient({
    baseUrl: emulator.baseUrl("ups"),
    credentials: { ...SIM_CREDENTIALS.ups },
    fetch: recording,
    now: () => clock.now(),
  });
  return { client, sent, clock, emulator };
}

describe("UPS Track Alert subscriptions", () => {
  it("sends UPS's request format with the bearer token and reads valid and invalid numbers", async () => {
    const { client, sent, emulator } = await setup();
    expect(client.subscribeBatchSize).toBe(100);
    const good = "1ZSIM0000000000001";
    const res = await client.subscribe!([good, "1Z-BAD"], destination);
    expect(res).toMatchObject({ httpStatus: 200, valid: [good], invalid: ["1Z-BAD"], error: null });
    expect(res.expiresAt.getTime()).toBe(START + 14 * 86_400_000);
    const request = sent.find((r) => r.url.endsWith("/api/track/v1/subscription/standard/package"))!;
    expect(request.headers.get("authorization")).toMatch(/^Bearer \S+/);
    expect(request.headers.get("transId")).toMatch(/^[0-9a-f]{32}$/);
    expect(request.headers.get("transactionSrc")).toBe("shipwatch");
    expect(JSON.parse(request.body)).toEqual({
      locale: "en_US",
      countryCode: "US",
      trackingNumberList: [good, "1Z-BAD"],
      destination: { url: destination.url, credentialType: "Bearer", credential: "whsec_test" },
    });
    expect(emulator.subscriptions.get(`ups:${good}`)).toMatchObject({
      url: destination.url,
      credential: "whsec_test",
    });
    expect(emulator.subscriptions.has("ups:1Z-BAD")).toBe(false);
  });

  it("refuses more than 100 numbers before calling UPS, and reports UPS's VSS errors as a failed request", async () => {
    const { client, sent } = await setup();
    const numbers = Array.from({ length: 101 }, (_, i) => `1ZSIM0${String(i).padStart(12, "0")}`);
    await expect(client.subscribe!(numbers, destination)).rejects.toThrow(/at most 100/);
    expect(sent).toHaveLength(0);
    const res = await client.subscribe!(["1ZSIM0000000000001"], { url: destination.url, credential: "" });
    expect(res.httpStatus).toBe(400);
    expect(res.valid).toEqual([]);
    expect(res.invalid).toEqual(["1ZSIM0000000000001"]);
    expect(res.error).toMatch(/VSS700/);
  });
});
