import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createEasyPostClient } from "./client.js";
import easypost from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const tracker = (code: string) => ({
  object: "Tracker",
  tracking_code: code,
  status: "in_transit",
  status_detail: "arrived_at_facility",
  carrier: "USPS",
  tracking_details: [],
});

describe("EasyPost client against a local EasyPost-speaking server", () => {
  it("lists known trackers in one call with Basic auth and creates the missing ones", async () => {
    server = await startFakeCarrier((req) => {
      if (req.method === "GET") {
        const codes = new URL(req.url, "http://x").searchParams.getAll("tracking_codes[]");
        return {
          headers: { "x-ratelimit-remaining": "9", "x-ratelimit-limit": "10" },
          body: { trackers: codes.filter((c) => c !== "EZ2").map(tracker), has_more: false },
        };
      }
      const sent = JSON.parse(req.body) as { tracker: { tracking_code: string } };
      return { status: 201, body: tracker(sent.tracker.tracking_code) };
    });
    const client = createEasyPostClient({ baseUrl: server.url, credentials: { apiKey: "EZAK_test" } });
    expect(client.batchSize).toBe(100);
    const res = await client.track(["EZ1", "EZ2", "EZ3"]);
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("EZAK_test:").toString("base64")}`,
    );
    expect(server.requests[0]?.url).toContain("/v2/trackers?page_size=100&tracking_codes%5B%5D=EZ1");
    expect(server.requests[1]?.method).toBe("POST");
    expect(JSON.parse(server.requests[1]?.body ?? "{}")).toEqual({ tracker: { tracking_code: "EZ2" } });
    expect(res.payloads.map((p) => p.trackingNumbers)).toEqual([["EZ1", "EZ2", "EZ3"], ["EZ2"]]);
    expect(res.rateLimit).toMatchObject({ limit: 10, remaining: 9 });
    const parsed = res.payloads.flatMap((p) => easypost.parse(p.body).results.map((r) => r.trackingNumber));
    expect(parsed.sort()).toEqual(["EZ1", "EZ2", "EZ3"]);
  });

  it("returns an error body verbatim and does not try to create trackers after it", async () => {
    server = await startFakeCarrier(() => ({
      status: 401,
      body: { error: { code: "APIKEY.REQUIRED", message: "Missing or invalid API key.", errors: [] } },
    }));
    const client = createEasyPostClient({ baseUrl: server.url, credentials: { apiKey: "bad" } });
    const res = await client.track(["EZ1"]);
    expect(server.requests).toHaveLength(1);
    expect(res.payloads[0]?.httpStatus).toBe(401);
    expect(easypost.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("unauthorized");
  });

  it("times out instead of hanging, and refuses to start without an API key", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createEasyPostClient({
      baseUrl: server.url,
      credentials: { apiKey: "k" },
      timeoutMs: 200,
    });
    await expect(client.track(["EZ1"])).rejects.toThrow();
    expect(() => createEasyPostClient({ credentials: {} })).toThrow(/apiKey/);
  });
});
