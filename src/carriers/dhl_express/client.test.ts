import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createDhlExpressClient } from "./client.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("MyDHL API client against a local DHL-speaking server", () => {
  it("sends Basic auth and a message reference, the numbers in one GET /tracking of up to 200", async () => {
    server = await startFakeCarrier(() => ({
      headers: { "ratelimit-remaining": "249", "ratelimit-reset": "30" },
      body: { shipments: [] },
    }));
    const client = createDhlExpressClient({
      baseUrl: `${server.url}/mydhlapi`,
      credentials: { apiKey: "k", apiSecret: "s" },
      now: () => 0,
    });
    const numbers = Array.from({ length: 201 }, (_, i) => String(1_000_000_000 + i));
    const res = await client.track(numbers);
    expect(client.batchSize).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([200, 1]);
    const req = server.requests[1];
    expect(req?.url).toBe(
      "/mydhlapi/tracking?shipmentTrackingNumber=1000000200&trackingView=all-checkpoints&levelOfDetail=all",
    );
    expect(
      new URL(`http://x${server.requests[0]!.url}`).searchParams.getAll("shipmentTrackingNumber"),
    ).toEqual(numbers.slice(0, 200));
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("k:s").toString("base64")}`);
    expect(req?.headers["message-reference"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.rateLimit).toMatchObject({ remaining: 249, resetAt: new Date(30_000) });
  });
});
