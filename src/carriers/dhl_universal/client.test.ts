import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer, type FakeResponse } from "../shared/test-server.js";
import { createDhlUniversalClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("DHL Unified Tracking client against a local DHL-speaking server", () => {
  it("sends the DHL-API-Key header, one number per request, and reads the RateLimit headers", async () => {
    server = await startFakeCarrier((req): FakeResponse => {
      const n = new URL(req.url, "http://x").searchParams.get("trackingNumber") ?? "";
      if (n === "404404")
        return {
          status: 404,
          headers: { "content-type": "application/problem+json" },
          body: {
            title: "No result found",
            status: 404,
            detail: "No shipment with given tracking number found.",
          },
        };
      return {
        headers: { "ratelimit-limit": "250", "ratelimit-remaining": "248", "ratelimit-reset": "3600" },
        body: { shipments: [{ id: n, status: { statusCode: "transit" }, events: [] }] },
      };
    });
    const client = createDhlUniversalClient({
      baseUrl: server.url,
      credentials: { apiKey: "key-1", service: "parcel-de" },
      now: () => 0,
    });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["00340434292135100186", "404404"]);
    expect(res.payloads.map((p) => p.trackingNumbers)).toEqual([["00340434292135100186"], ["404404"]]);
    expect(server.requests[0]?.headers["dhl-api-key"]).toBe("key-1");
    expect(server.requests[0]?.url).toBe(
      "/track/shipments?trackingNumber=00340434292135100186&service=parcel-de",
    );
    expect(res.rateLimit).toMatchObject({ limit: 250, remaining: 248 });
    expect(adapter.parse(res.payloads[0]?.body ?? "").results[0]?.status).toBe("in_transit");
    expect(res.payloads[1]?.httpStatus).toBe(404);
    expect(adapter.parse(res.payloads[1]?.body ?? "").errors[0]?.code).toBe("not_found");
  });

  it("times out instead of hanging, and refuses to start without an API key", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createDhlUniversalClient({
      baseUrl: server.url,
      credentials: { apiKey: "k" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createDhlUniversalClient({ credentials: {} })).toThrow(/apiKey/);
  });
});
