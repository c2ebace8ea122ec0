import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createFedexClient } from "./client.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("FedEx client against a local FedEx-speaking server", () => {
  it("posts client credentials as a form, batches 30 numbers per request and reads rate-limit headers", async () => {
    server = await startFakeCarrier((req) => {
      if (req.url === "/oauth/token")
        return { body: { access_token: "fx", token_type: "bearer", expires_in: 3599, scope: "CXS" } };
      return { headers: { "retry-after": "2" }, body: { output: { completeTrackResults: [] } } };
    });
    const client = createFedexClient({
      baseUrl: server.url,
      credentials: { clientId: "key", clientSecret: "secret" },
    });
    const numbers = Array.from({ length: 31 }, (_, i) => String(100000000000 + i));
    const res = await client.track(numbers);
    expect(client.batchSize).toBe(30);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([30, 1]);
    const token = new URLSearchParams(server.requests[0]?.body);
    expect(Object.fromEntries(token)).toEqual({
      grant_type: "client_credentials",
      client_id: "key",
      client_secret: "secret",
    });
    const track = server.requests[1];
    expect(track?.method).toBe("POST");
    expect(track?.url).toBe("/track/v1/trackingnumbers");
    expect(track?.headers.authorization).toBe("Bearer fx");
    const body = JSON.parse(track?.body ?? "{}") as {
      includeDetailedScans: boolean;
      trackingInfo: unknown[];
    };
    expect(body.includeDetailedScans).toBe(true);
    expect(body.trackingInfo[0]).toEqual({ trackingNumberInfo: { trackingNumber: "100000000000" } });
    expect(res.rateLimit?.retryAfterMs).toBe(2000);
  });

  it("rejects with the token endpoint's status when credentials are refused", async () => {
    server = await startFakeCarrier(() => ({
      status: 401,
      body: { errors: [{ code: "NOT.AUTHORIZED.ERROR", message: "bad" }] },
    }));
    const client = createFedexClient({
      baseUrl: server.url,
      credentials: { clientId: "k", clientSecret: "s" },
    });
    await expect(client.track(["1"])).rejects.toMatchObject({ name: "OAuthTokenError", httpStatus: 401 });
  });
});
