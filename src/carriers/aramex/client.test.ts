import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createAramexClient } from "./client.js";
import aramex from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const credentials = {
  username: "user@example.com",
  password: "pw",
  accountNumber: "20016",
  accountPin: "331421",
  accountEntity: "AMM",
  accountCountryCode: "JO",
};

describe("Aramex client against a local TrackShipments server", () => {
  it("posts ClientInfo and up to 50 waybills per call, and reads rate-limit headers", async () => {
    server = await startFakeCarrier((req) => {
      const { Shipments } = JSON.parse(req.body) as { Shipments: string[] };
      return {
        headers: { "ratelimit-limit": "100", "ratelimit-remaining": "99" },
        body: { Notifications: [], HasErrors: false, TrackingResults: [], NonExistingWaybills: Shipments },
      };
    });
    const client = createAramexClient({ baseUrl: server.url, credentials });
    expect(client.batchSize).toBe(50);
    const numbers = Array.from({ length: 51 }, (_, i) => `440123456${String(i).padStart(2, "0")}`);
    const res = await client.track(numbers);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([50, 1]);
    expect(res.rateLimit).toMatchObject({ limit: 100, remaining: 99 });
    const req = server.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/ShippingAPI.V2/Tracking/Service_1_0.svc/json/TrackShipments");
    const sent = JSON.parse(req?.body ?? "{}") as { ClientInfo: Record<string, unknown> };
    expect(sent.ClientInfo).toMatchObject({
      UserName: "user@example.com",
      AccountPin: "331421",
      Version: "v1.0",
    });
    expect(aramex.parse(res.payloads[1]?.body ?? "").errors[0]).toMatchObject({ code: "not_found" });
  });

  it("times out instead of hanging and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createAramexClient({ baseUrl: server.url, credentials, timeoutMs: 200 });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createAramexClient({ credentials: {} })).toThrow(/username/);
  });
});
