/** The USPS Subscriptions - Tracking client against the carrier emulator over loopback. */
import { afterEach, describe, expect, it } from "vitest";
import { createUspsClient } from "../../src/carriers/usps/client.js";
import { uspsListenerSecret } from "../../src/carriers/usps/subscriptions.js";
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

const destination = { url: "https://shipwatch.example/hooks/acme/usps", credential: "whsec_test" };

async function setup(credentials: Record<string, string> = { ...SIM_CREDENTIALS.usps }) {
  const clock = new FakeClock(START);
  emulator = await startCarrierEmulator({ world: new SimWorld(), clock });
  const client = createUspsClient({ baseUrl: emulator.baseUrl("usps"), credentials, now: () => clock.now() });
  return { client, emulator };
}

describe("USPS Subscriptions - Tracking subscriptions", () => {
  it("subscribes a number with the derived secret and reads a refused number from USPS's error", async () => {
    const { client, emulator } = await setup();
    const good = "9400000000000000000001";
    const res = await client.subscribe!([good], destination);
    expect(res).toMatchObject({ httpStatus: 201, valid: [good], invalid: [], error: null });
    expect(res.expiresAt.getTime()).toBe(START + 25 * 86_400_000);
    expect(emulator.subscriptions.get(`usps:${good}`)).toMatchObject({
      url: destination.url,
      credential: uspsListenerSecret("whsec_test"),
      expiresAt: START + 30 * 86_400_000,
    });
    const bad = await client.subscribe!(["9400-BAD"], destination);
    expect(bad).toMatchObject({ httpStatus: 400, valid: [], invalid: ["9400-BAD"], error: null });
    expect(emulator.subscriptions.has("usps:9400-BAD")).toBe(false);
  });

  it("throws when the subscriptions token is refused, so push-subscribe marks nobody and asks next round", async () => {
    const { client, emulator } = await setup({ clientId: "sim-usps", clientSecret: "wrong" });
    await expect(client.subscribe!(["9400000000000000000002"], destination)).rejects.toThrow(/HTTP 401/);
    expect(emulator.subscriptions.size).toBe(0);
  });
});
