/** The FedEx AIV tracking-number subscription client against the carrier emulator over loopback. */
import { afterEach, describe, expect, it } from "vitest";
import { createFedexClient } from "../../src/carriers/fedex/client.js";
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

// FedEx pushes where the project says: the destination handed to subscribe() is not sent.
const destination = { url: "https://shipwatch.example/hooks/acme/fedex", credential: "whsec_test" };
const project = { url: "https://shipwatch.example/hooks/acme/fedex", credential: "whsec_project" };

async function setup(webhookProjectId = "proj-1") {
  const clock = new FakeClock(START);
  emulator = await startCarrierEmulator({
    world: new SimWorld(),
    clock,
    webhookProjects: { "proj-1": project },
  });
  const sent: { url: string; method: string; headers: Headers; body: string }[] = [];
  // Records what the client puts on the wire, then lets the request through to the emulator.
  const recording: typeof fetch = async (input, init) => {
    sent.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: String(init?.body ?? ""),
    });
    return fetch(input, init);
  };
  const client = createFedexClient({
    baseUrl: emulator.baseUrl("fedex"),
    credentials: { ...SIM_CREDENTIALS.fedex, webhookProjectId },
    fetch: recording,
    now: () => clock.now(),
  });
  return { client, sent, emulator };
}

describe("FedEx AIV tracking-number subscriptions", () => {
  it("adds numbers to the project with the bearer token, then reads the job's report per number", async () => {
    const { client, sent, emulator } = await setup();
    expect(client.subscribeBatchSize).toBe(1000);
    const good = "700000000001";
    const res = await client.subscribe!([good, "70000000000X"], destination);
    expect(res).toMatchObject({ httpStatus: 200, valid: [good], invalid: ["70000000000X"], error: null });
    expect(res.expiresAt.getTime()).toBe(START + 30 * 86_400_000);
    const [assoc, job] = sent.filter((r) => !r.url.endsWith("/oauth/token"));
    expect(assoc!.method).toBe("POST");
    expect(assoc!.url).toMatch(/\/fedex\/track\/v1\/aiv\/projects\/proj-1\/trackingnumbers$/);
    expect(assoc!.headers.get("authorization")).toMatch(/^Bearer \S+/);
    expect(JSON.parse(assoc!.body)).toEqual({
      action: "ADD",
      trackingNumberDetails: [{ trackingNumber: good }, { trackingNumber: "70000000000X" }],
    });
    expect(job!.method).toBe("GET");
    expect(job!.url).toMatch(/\/fedex\/track\/v1\/aiv\/projects\/proj-1\/jobs\/[0-9a-f]+$/);
    expect(emulator.stats.subscribeRequests.fedex).toBe(1);
    expect(emulator.stats.jobRequests.fedex).toBe(1);
    // The push goes where the project points, keyed with its security token.
    expect(emulator.subscriptions.get(`fedex:${good}`)).toMatchObject(project);
    expect(emulator.subscriptions.get(`fedex:${good}`)!.expiresAt).toBe(Infinity);
    expect(emulator.subscriptions.has("fedex:70000000000X")).toBe(false);
  });

  it("refuses more than 1000 numbers before calling FedEx, and reports FedEx errors as a failed request", async () => {
    const { client, sent } = await setup("no-such-project");
    const numbers = Array.from({ length: 1001 }, (_, i) => String(700000000000 + i));
    await expect(client.subscribe!(numbers, destination)).rejects.toThrow(/at most 1000/);
    expect(sent).toHaveLength(0);
    const res = await client.subscribe!(["700000000001"], destination);
    expect(res.httpStatus).toBe(404);
    expect(res.valid).toEqual([]);
    expect(res.invalid).toEqual(["700000000001"]);
    expect(res.error).toMatch(/WEBHOOK\.PROJECT\.NOTFOUND/);
  });

  it("cannot subscribe without a webhook project id", () => {
    const client = createFedexClient({ credentials: { ...SIM_CREDENTIALS.fedex } });
    expect(client.subscribe).toBeUndefined();
    expect(client.subscribeBatchSize).toBeUndefined();
  });
});
