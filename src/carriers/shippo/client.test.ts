import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createShippoClient } from "./client.js";
import shippo from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Shippo client against a local Shippo-speaking server", () => {
  it("tracks one number per call with ShippoToken auth and the carrier in the path", async () => {
    server = await startFakeCarrier((req) => {
      const [, , carrier, number] = req.url.split("/");
      return {
        headers: { "x-ratelimit-limit": "500", "x-ratelimit-remaining": "499" },
        body: {
          carrier,
          tracking_number: decodeURIComponent(number ?? ""),
          tracking_status: null,
          tracking_history: [],
        },
      };
    });
    const client = createShippoClient({
      baseUrl: server.url,
      credentials: { apiKey: "shippo_test_1", carrier: "usps" },
    });
    const res = await client.track(["9400100000000000000000", "ups:1Z999"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/tracks/usps/9400100000000000000000",
      "/tracks/ups/1Z999",
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("ShippoToken shippo_test_1");
    expect(res.payloads.map((p) => p.trackingNumbers)).toEqual([["9400100000000000000000"], ["1Z999"]]);
    expect(res.rateLimit).toMatchObject({ remaining: 499 });
    expect(shippo.parse(res.payloads[1]?.body ?? "").results[0]).toMatchObject({
      trackingNumber: "1Z999",
      service: "ups",
    });
  });

  it("refuses a number without a carrier, keeps error bodies, and times out", async () => {
    server = await startFakeCarrier(() => ({ status: 401, body: { detail: "Invalid token." } }));
    const client = createShippoClient({ baseUrl: server.url, credentials: { apiKey: "bad" } });
    await expect(client.track(["123"])).rejects.toThrow(/carrier/);
    const res = await client.track(["fedex:123"]);
    expect(shippo.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("unauthorized");
    await server.close();
    server = await startFakeCarrier(() => ({ hang: true }));
    const slow = createShippoClient({ baseUrl: server.url, credentials: { apiKey: "k" }, timeoutMs: 200 });
    await expect(slow.track(["usps:1"])).rejects.toThrow();
  });
});

describe("Shippo webhook verification", () => {
  const body = Buffer.from(
    JSON.stringify({
      event: "track_updated",
      data: {
        carrier: "usps",
        tracking_number: "92",
        tracking_status: { object_id: "st1", status: "TRANSIT", status_date: "2025-01-02T10:00:00Z" },
      },
    }),
  );
  const t = "1735812000"; // 2025-01-02T10:00:00Z
  const sig = (secret: string, ts = t) =>
    createHmac("sha256", secret).update(`${ts}.${body.toString()}`).digest("hex");
  const now = new Date("2025-01-02T10:02:00Z");

  it("accepts t=…,v1=… over `t.body` within the tolerance (any v1 during a rotation)", () => {
    const headers = { "Shippo-Auth-Signature": `t=${t},v1=${"0".repeat(64)},v1=${sig("whsec")}` };
    expect(shippo.webhook?.verify(body, headers, "whsec", now)).toEqual({ ok: true, eventId: "st1" });
    expect(shippo.webhook?.parse(body).results[0]?.status).toBe("in_transit");
  });

  it("rejects stale timestamps, another secret, a changed timestamp and a malformed header", () => {
    const headers = { "shippo-auth-signature": `t=${t},v1=${sig("whsec")}` };
    expect(shippo.webhook?.verify(body, headers, "whsec", new Date("2025-01-02T10:30:00Z"))).toMatchObject({
      ok: false,
    });
    expect(shippo.webhook?.verify(body, headers, "other", now).ok).toBe(false);
    const moved = { "shippo-auth-signature": `t=1735812001,v1=${sig("whsec")}` };
    expect(shippo.webhook?.verify(body, moved, "whsec", now).ok).toBe(false);
    expect(shippo.webhook?.verify(body, { "shippo-auth-signature": "v1=abc" }, "whsec", now).ok).toBe(false);
  });
});
