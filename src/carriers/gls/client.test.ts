import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createGlsClient } from "./client.js";
import gls from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const parcel = (n: string) => ({ requested: n, unitno: n, status: "INTRANSIT", events: [] });

describe("GLS client against a local GLS-speaking server", () => {
  it("gets a token with Basic auth and tracks up to 10 numbers per request, comma-separated", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url === "/oauth2/v2/token") {
        tokens++;
        return { body: { token_type: "Bearer", access_token: `tok${tokens}`, expires_in: 14400 } };
      }
      const ids = decodeURIComponent(/trackids\/([^?]+)/.exec(req.url)?.[1] ?? "").split(",");
      return {
        headers: { "x-ratelimit-limit": "500", "x-ratelimit-remaining": "488" },
        body: { parcels: ids.map(parcel) },
      };
    });
    const client = createGlsClient({
      baseUrl: server.url,
      credentials: { clientId: "key", clientSecret: "secret" },
    });
    expect(client.batchSize).toBe(10);
    const numbers = Array.from({ length: 12 }, (_, i) => `3630191759${String(i).padStart(2, "0")}`);
    const res = await client.track(numbers);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([10, 2]);
    expect(res.rateLimit).toMatchObject({ limit: 500, remaining: 488 });
    expect(tokens).toBe(1);
    const tokenReq = server.requests[0];
    expect(tokenReq?.headers.authorization).toBe(`Basic ${Buffer.from("key:secret").toString("base64")}`);
    expect(tokenReq?.body).toBe("grant_type=client_credentials");
    const trackReq = server.requests[1];
    expect(trackReq?.url).toBe(
      `/track-and-trace-v1/tracking/simple/trackids/${numbers.slice(0, 10).join(",")}?showEvents=true`,
    );
    expect(trackReq?.headers.authorization).toBe("Bearer tok1");
    expect(trackReq?.headers["accept-language"]).toBe("EN");
    expect(gls.parse(res.payloads[1]?.body ?? "").results.map((r) => r.trackingNumber)).toEqual(
      numbers.slice(10),
    );
  });

  it("refreshes the token once after a 401 and keeps error bodies verbatim", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url.startsWith("/oauth2"))
        return { body: { access_token: `tok${++tokens}`, expires_in: 14400 } };
      if (req.headers.authorization === "Bearer tok1")
        return {
          status: 401,
          body: {
            fault: { faultstring: "The Token has expired", detail: { errorcode: "steps.jwt.TokenExpired" } },
          },
        };
      return {
        status: 200,
        body: { parcels: [{ requested: "1", errorCode: "E_404_01", errorMessage: "Resource Not Found" }] },
      };
    });
    const client = createGlsClient({
      baseUrl: server.url,
      credentials: { clientId: "k", clientSecret: "s" },
    });
    const res = await client.track(["1"]);
    expect(tokens).toBe(2);
    expect(gls.parse(res.payloads[0]?.body ?? "").errors[0]).toMatchObject({
      code: "not_found",
      trackingNumber: "1",
    });
  });

  it("times out instead of hanging", async () => {
    server = await startFakeCarrier((req) =>
      req.url.startsWith("/oauth2") ? { body: { access_token: "t", expires_in: 3600 } } : { hang: true },
    );
    const client = createGlsClient({
      baseUrl: server.url,
      credentials: { clientId: "k", clientSecret: "s" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
  });

  it("refuses to start without credentials", () => {
    expect(() => createGlsClient({ credentials: {} })).toThrow(/clientId/);
  });
});
