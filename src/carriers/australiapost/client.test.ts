import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createAustraliaPostClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Australia Post client against a local server speaking the track JSON", () => {
  it("sends Basic auth and account-number, 10 ids per request, and reads rate-limit headers", async () => {
    server = await startFakeCarrier((req) => {
      const ids = (new URL(req.url, "http://x").searchParams.get("tracking_ids") ?? "").split(",");
      return {
        headers: { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "7" },
        body: {
          tracking_results: ids.map((id) => ({
            tracking_id: id,
            status: "In transit",
            trackable_items: [
              {
                article_id: id,
                events: [
                  {
                    location: "SYDNEY NSW",
                    description: "Item processed at facility",
                    date: "2025-03-03T09:00:00+11:00",
                  },
                ],
                status: "In transit",
              },
            ],
          })),
        },
      };
    });
    const client = createAustraliaPostClient({
      baseUrl: server.url,
      credentials: { apiKey: "key", password: "pw", accountNumber: "1234567890" },
    });
    const ids = Array.from({ length: 11 }, (_, i) => `33XYZ${String(i).padStart(7, "0")}`);
    const res = await client.track(ids);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([10, 1]);
    const req = server.requests[0];
    expect(req?.url.startsWith("/shipping/v1/track?tracking_ids=")).toBe(true);
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("key:pw").toString("base64")}`);
    expect(req?.headers["account-number"]).toBe("1234567890");
    expect(res.rateLimit).toMatchObject({ limit: 10, remaining: 7 });
    expect(adapter.parse(res.payloads[1]?.body ?? "").results[0]?.trackingNumber).toBe(ids[10]);
  });

  it("times out instead of hanging, and refuses to start without the account number", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createAustraliaPostClient({
      baseUrl: server.url,
      credentials: { apiKey: "k", password: "p", accountNumber: "1" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createAustraliaPostClient({ credentials: { apiKey: "k", password: "p" } })).toThrow(
      /accountNumber/,
    );
  });
});
