import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createDhlExpressClient } from "./client.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("MyDHL API client against a local DHL-speaking server", () => {
  it("sends Basic auth and a message reference, one shipment per request", async () => {
    server = await startFakeCarrier(() => ({
      headers: { "ratelimit-remaining": "249", "ratelimit-reset": "30" },
      body: { shipments: [] },
    }));
    const client = createDhlExpressClient({
      baseUrl: `${server.url}/mydhlapi`,
      credentials: { apiKey: "k", apiSecret: "s" },
      now: () => 0,
    });
    const res = await client.track(["1234567890"]);
    const req = server.requests[0];
    expect(req?.url).toBe(
      "/mydhlapi/shipments/1234567890/tracking?trackingView=all-checkpoints&levelOfDetail=all",
    );
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("k:s").toString("base64")}`);
    expect(req?.headers["message-reference"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.rateLimit).toMatchObject({ remaining: 249, resetAt: new Date(30_000) });
  });
});
