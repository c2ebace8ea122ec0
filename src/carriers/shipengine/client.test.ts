import { generateKeyPairSync, sign } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createShipEngineClient } from "./client.js";
import shipengine from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("ShipEngine client against a local ShipEngine-speaking server", () => {
  it("tracks one number per call with API-Key and carrier_code", async () => {
    server = await startFakeCarrier((req) => {
      const q = new URL(req.url, "http://x").searchParams;
      return {
        headers: { "x-rate-limit-limit": "200", "x-rate-limit-remaining": "198", "x-rate-limit-reset": "30" },
        body: {
          tracking_number: q.get("tracking_number"),
          carrier_code: q.get("carrier_code"),
          status_code: "IT",
          events: [],
        },
      };
    });
    const client = createShipEngineClient({
      baseUrl: server.url,
      credentials: { apiKey: "TEST_key", carrierCode: "ups" },
    });
    const res = await client.track(["1Z1", "fedex:7946"]);
    expect(server.requests[0]?.headers["api-key"]).toBe("TEST_key");
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v1/tracking?carrier_code=ups&tracking_number=1Z1",
      "/v1/tracking?carrier_code=fedex&tracking_number=7946",
    ]);
    expect(res.rateLimit).toMatchObject({ limit: 200, remaining: 198 });
    expect(shipengine.parse(res.payloads[1]?.body ?? "").results[0]).toMatchObject({
      status: "in_transit",
      service: "fedex",
    });
  });

  it("keeps error bodies, times out, and needs a carrier code", async () => {
    server = await startFakeCarrier(() => ({
      status: 401,
      body: {
        errors: [{ error_type: "security", error_code: "unauthorized", message: "The API key is invalid." }],
      },
    }));
    const client = createShipEngineClient({ baseUrl: server.url, credentials: { apiKey: "k" } });
    await expect(client.track(["1Z1"])).rejects.toThrow(/carrier code/);
    const res = await client.track(["ups:1Z1"]);
    expect(shipengine.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("unauthorized");
    await server.close();
    server = await startFakeCarrier(() => ({ hang: true }));
    const slow = createShipEngineClient({
      baseUrl: server.url,
      credentials: { apiKey: "k" },
      timeoutMs: 200,
    });
    await expect(slow.track(["ups:1"])).rejects.toThrow();
  });
});

describe("ShipEngine webhook verification (RSA-SHA256 over `timestamp.body`, key from JWKS)", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: "jwk" }), kid: "key-1", use: "sig" }],
  });
  const body = Buffer.from(
    JSON.stringify({
      resource_type: "API_TRACK",
      data: { tracking_number: "1Z", status_code: "DE", events: [] },
    }),
  );
  const ts = "2025-10-02T15:10:05Z";
  const signature = sign("sha256", Buffer.from(`${ts}.${body.toString()}`), privateKey).toString("base64");
  const headers = {
    "X-ShipEngine-RSA-SHA256-Signature": signature,
    "X-ShipEngine-RSA-SHA256-Key-ID": "key-1",
    "X-ShipEngine-Timestamp": ts,
  };
  const now = new Date("2025-10-02T15:11:00Z");

  it("accepts a signature made with the JWKS key (or the PEM) and parses the body", () => {
    expect(shipengine.webhook?.verify(body, headers, jwks, now)).toEqual({ ok: true, eventId: null });
    const pem = publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(shipengine.webhook?.verify(body, headers, pem, now).ok).toBe(true);
    expect(shipengine.webhook?.parse(body).results[0]?.delivered).toBe(true);
  });

  it("rejects an unknown key id, a stale timestamp, a changed body and missing headers", () => {
    expect(
      shipengine.webhook?.verify(body, { ...headers, "X-ShipEngine-RSA-SHA256-Key-ID": "other" }, jwks, now)
        .ok,
    ).toBe(false);
    expect(shipengine.webhook?.verify(body, headers, jwks, new Date("2025-10-02T16:00:00Z")).ok).toBe(false);
    expect(shipengine.webhook?.verify(Buffer.from(`${body.toString()} `), headers, jwks, now).ok).toBe(false);
    expect(shipengine.webhook?.verify(body, {}, jwks, now).ok).toBe(false);
    expect(shipengine.webhook?.verify(body, headers, "not a key", now).ok).toBe(false);
  });
});
