import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createSendleClient } from "./client.js";
import sendle from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Sendle client against a local Sendle-speaking server", () => {
  it("uses Basic auth, one reference per call, and the requested reference names the parsed result", async () => {
    server = await startFakeCarrier((req) =>
      req.url.endsWith("/S404")
        ? {
            status: 404,
            body: { error: "not_found", error_description: "The resource you requested was not found." },
          }
        : {
            headers: { "ratelimit-limit": "60", "ratelimit-remaining": "58" },
            body: {
              state: "Transit",
              tracking_events: [
                { event_type: "Pickup", scan_time: "2025-08-12T04:31:00Z", description: "Picked up" },
              ],
            },
          },
    );
    const client = createSendleClient({ baseUrl: server.url, credentials: { sendleId: "me", apiKey: "k" } });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["SNBHK7Q", "S404"]);
    expect(server.requests[0]?.url).toBe("/api/tracking/SNBHK7Q");
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("me:k").toString("base64")}`);
    expect(res.rateLimit).toMatchObject({ limit: 60, remaining: 58 });
    const [ok, missing] = res.payloads;
    // The adapter's own parse, given the payload's requested numbers as context (what ingest passes).
    const parsed = sendle.parse(ok?.body ?? "", ok?.contentType, { trackingNumbers: ok?.trackingNumbers });
    expect(parsed.results[0]).toMatchObject({ trackingNumber: "SNBHK7Q", status: "in_transit" });
    expect(sendle.parse(ok?.body ?? "").errors[0]?.code).toBe("carrier_error");
    expect(missing?.httpStatus).toBe(404);
    const notFound = sendle.parse(missing?.body ?? "", undefined, {
      trackingNumbers: missing?.trackingNumbers,
    });
    expect(notFound.errors[0]).toMatchObject({ code: "not_found", trackingNumber: "S404" });
  });

  it("times out instead of hanging and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createSendleClient({
      baseUrl: server.url,
      credentials: { sendleId: "me", apiKey: "k" },
      timeoutMs: 200,
    });
    await expect(client.track(["S1"])).rejects.toThrow();
    expect(() => createSendleClient({ credentials: {} })).toThrow(/sendleId/);
  });
});
