import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createAfterShipClient } from "./client.js";
import aftership from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const tracking = (n: string) => ({
  tracking_number: n,
  slug: "usps",
  tag: "InTransit",
  subtag: "InTransit_001",
  checkpoints: [],
});

describe("AfterShip client against a local AfterShip-speaking server", () => {
  it("lists up to 50 numbers per call with as-api-key, reads as-rate-limit-*, creates unknown trackings", async () => {
    server = await startFakeCarrier((req) => {
      if (req.method === "POST") {
        const sent = JSON.parse(req.body) as { tracking_number: string };
        return { status: 201, body: { meta: { code: 201 }, data: tracking(sent.tracking_number) } };
      }
      const numbers = (new URL(req.url, "http://x").searchParams.get("tracking_numbers") ?? "").split(",");
      return {
        headers: { "as-rate-limit-limit": "10", "as-rate-limit-remaining": "7", "as-rate-limit-reset": "1" },
        body: { meta: { code: 200 }, data: { trackings: numbers.filter((n) => n !== "B").map(tracking) } },
      };
    });
    const client = createAfterShipClient({
      baseUrl: server.url,
      credentials: { apiKey: "asat_key" },
      now: () => 0,
    });
    expect(client.batchSize).toBe(50);
    const res = await client.track(["A", "B"]);
    expect(server.requests[0]?.headers["as-api-key"]).toBe("asat_key");
    expect(server.requests[0]?.url).toBe("/tracking/2024-10/trackings?tracking_numbers=A%2CB&limit=50");
    expect(server.requests[1]).toMatchObject({ method: "POST", url: "/tracking/2024-10/trackings" });
    expect(res.rateLimit).toMatchObject({ limit: 10, remaining: 7 });
    const numbers = res.payloads.flatMap((p) => aftership.parse(p.body).results.map((r) => r.trackingNumber));
    expect(numbers.sort()).toEqual(["A", "B"]);
  });

  it("keeps error bodies verbatim, times out, and requires an API key", async () => {
    server = await startFakeCarrier(() => ({
      status: 401,
      body: { meta: { code: 401, message: "Invalid API key.", type: "Unauthorized" }, data: {} },
    }));
    const client = createAfterShipClient({ baseUrl: server.url, credentials: { apiKey: "x" } });
    const res = await client.track(["A"]);
    expect(aftership.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("unauthorized");
    await server.close();
    server = await startFakeCarrier(() => ({ hang: true }));
    const slow = createAfterShipClient({ baseUrl: server.url, credentials: { apiKey: "x" }, timeoutMs: 200 });
    await expect(slow.track(["A"])).rejects.toThrow();
    expect(() => createAfterShipClient({ credentials: {} })).toThrow(/apiKey/);
  });
});

describe("AfterShip webhook verification", () => {
  const body = Buffer.from(
    JSON.stringify({
      event: "tracking_update",
      event_id: "ev-1",
      msg: tracking("9400100000000000000000"),
      ts: 1,
    }),
  );
  const sign = (secret: string, b: Buffer) => createHmac("sha256", secret).update(b).digest("base64");
  const now = new Date();

  it("accepts the base64 HMAC of the raw body and returns the event id", () => {
    const headers = { "aftership-hmac-sha256": sign("whsec", body) };
    expect(aftership.webhook?.verify(body, headers, "whsec", now)).toEqual({ ok: true, eventId: "ev-1" });
    expect(aftership.webhook?.parse(body).results[0]?.status).toBe("in_transit");
  });

  it("rejects another secret, a changed body, a missing header and garbage", () => {
    const headers = { "Aftership-Hmac-Sha256": sign("whsec", body) };
    expect(aftership.webhook?.verify(body, headers, "other", now).ok).toBe(false);
    expect(aftership.webhook?.verify(Buffer.concat([body, Buffer.from(" ")]), headers, "whsec", now).ok).toBe(
      false,
    );
    expect(aftership.webhook?.verify(body, {}, "whsec", now).ok).toBe(false);
    expect(aftership.webhook?.verify(body, { "aftership-hmac-sha256": "!!" }, "whsec", now).ok).toBe(false);
  });
});
