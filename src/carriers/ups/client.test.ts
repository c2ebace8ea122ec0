import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createUpsClient } from "./client.js";
import ups from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const trackBody = (n: string) => ({
  trackResponse: { shipment: [{ inquiryNumber: n, package: [{ trackingNumber: n, activity: [] }] }] },
});

describe("UPS client against a local UPS-speaking server", () => {
  it("gets an OAuth token with Basic auth, caches it until expiry (with skew), and tracks one number per call", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url === "/security/v1/oauth/token") {
        tokens++;
        return { body: { access_token: `tok${tokens}`, token_type: "Bearer", expires_in: "14399" } };
      }
      const n = decodeURIComponent(/details\/([^?]+)/.exec(req.url)?.[1] ?? "");
      return { headers: { "x-ratelimit-remaining": "41", "x-ratelimit-limit": "50" }, body: trackBody(n) };
    });
    let clock = 1_000_000;
    const client = createUpsClient({
      baseUrl: server.url,
      credentials: { clientId: "id", clientSecret: "secret" },
      now: () => clock,
    });
    expect(client.batchSize).toBe(1);
    const first = await client.track(["1Z0001", "1Z0002"]);
    expect(first.payloads.map((p) => p.trackingNumbers)).toEqual([["1Z0001"], ["1Z0002"]]);
    expect(first.rateLimit).toMatchObject({ limit: 50, remaining: 41 });
    expect(ups.parse(first.payloads[0]?.body ?? "").results[0]?.trackingNumber).toBe("1Z0001");
    const tokenReq = server.requests[0];
    expect(tokenReq?.headers.authorization).toBe(`Basic ${Buffer.from("id:secret").toString("base64")}`);
    expect(tokenReq?.body).toBe("grant_type=client_credentials");
    expect(server.requests[1]?.headers.authorization).toBe("Bearer tok1");
    expect(server.requests[1]?.url).toContain("/api/track/v1/details/1Z0001?locale=en_US");
    expect(tokens).toBe(1);
    clock += 14_399_000 - 30_000; // inside the 60 s skew: refresh
    await client.track(["1Z0003"]);
    expect(tokens).toBe(2);
  });

  it("refreshes the token once after a 401 and returns error bodies verbatim", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url.startsWith("/security"))
        return { body: { access_token: `tok${++tokens}`, expires_in: 3600 } };
      if (req.headers.authorization === "Bearer tok1")
        return {
          status: 401,
          body: {
            response: { errors: [{ code: "250002", message: "Invalid Authentication Information." }] },
          },
        };
      return {
        status: 404,
        body: {
          trackResponse: {
            shipment: [{ warnings: [{ code: "TW0001", message: "Tracking Information Not Found" }] }],
          },
        },
      };
    });
    const client = createUpsClient({
      baseUrl: server.url,
      credentials: { clientId: "id", clientSecret: "s" },
    });
    const res = await client.track(["1Z9"]);
    expect(tokens).toBe(2);
    expect(res.payloads[0]?.httpStatus).toBe(404);
    expect(ups.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("not_found");
  });

  it("times out instead of hanging", async () => {
    server = await startFakeCarrier((req) =>
      req.url.startsWith("/security") ? { body: { access_token: "t", expires_in: 3600 } } : { hang: true },
    );
    const client = createUpsClient({
      baseUrl: server.url,
      credentials: { clientId: "id", clientSecret: "s" },
      timeoutMs: 200,
    });
    await expect(client.track(["1Z1"])).rejects.toThrow();
  });

  it("refuses to start without credentials", () => {
    expect(() => createUpsClient({ credentials: {} })).toThrow(/clientId/);
  });
});
