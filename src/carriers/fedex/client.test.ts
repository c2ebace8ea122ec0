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

  describe("AIV tracking-number subscriptions: job states the emulator does not produce", () => {
    const token = { body: { access_token: "fx", token_type: "bearer", expires_in: 3599, scope: "CXS" } };
    const subscribeWith = async (assoc: object, job: { status?: number; body: object }, status = 200) => {
      server = await startFakeCarrier((req) => {
        if (req.url === "/oauth/token") return token;
        if (req.method === "POST") return { status, body: assoc };
        return job;
      });
      const client = createFedexClient({
        baseUrl: server.url,
        credentials: { clientId: "k", clientSecret: "s", webhookProjectId: "p1" },
      });
      return client.subscribe!(["700000000001", "700000000002"], {
        url: "https://x.example/h",
        credential: "c",
      });
    };

    it("counts the numbers subscribed while FedEx's accepted job has no report yet", async () => {
      const res = await subscribeWith(
        { output: { jobId: "j1", jobStatus: "QUEUED" } },
        { status: 400, body: { errors: [{ code: "JOB.NOT.COMPLETED", message: "in progress" }] } },
      );
      expect(res).toMatchObject({ httpStatus: 200, valid: ["700000000001", "700000000002"], invalid: [] });
      expect(res.error).toBeNull();
      expect(server!.requests.map((r) => `${r.method} ${r.url}`).slice(1)).toEqual([
        "POST /track/v1/aiv/projects/p1/trackingnumbers",
        "GET /track/v1/aiv/projects/p1/jobs/j1",
      ]);
    });

    it("marks nobody when the job is NOT_ACCEPTED, and keeps FedEx's 429 for the caller's back-off", async () => {
      const refused = await subscribeWith(
        { output: { jobId: "j2", jobStatus: "NOT_ACCEPTED" } },
        { body: {} },
      );
      expect(refused.valid).toEqual([]);
      expect(refused.error).toMatch(/j2 NOT_ACCEPTED/);
      expect(server!.requests).toHaveLength(2); // no job read for a job FedEx will not run
      await server!.close();
      const limited = await subscribeWith(
        { errors: [{ code: "TOO.MANY.REQUESTS", message: "slow down" }] },
        { body: {} },
        429,
      );
      expect(limited).toMatchObject({ httpStatus: 429, valid: [] });
      expect(limited.error).toMatch(/TOO\.MANY\.REQUESTS/);
    });
  });
});
