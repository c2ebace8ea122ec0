import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createAsendiaClient } from "./client.js";
import asendia from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Asendia client against local Asendia-speaking servers", () => {
  it("Asendia Sync: authenticates once, tracks per number with the bearer token, re-authenticates after a 401", async () => {
    let logins = 0;
    server = await startFakeCarrier((req) => {
      if (req.url === "/api/authenticate") return { body: { id_token: `jwt${++logins}` } };
      if (logins === 1 && req.url.endsWith("/B2"))
        return { status: 401, body: { title: "Unauthorized", status: 401, detail: "expired" } };
      const n = req.url.split("/").pop() ?? "";
      return {
        body: {
          trackingNumber: n,
          trackingEvents: [{ code: "IT", time: "2025-01-01T10:00:00Z", locationCountry: "FR" }],
        },
      };
    });
    const client = createAsendiaClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "p", customerId: "C1" },
    });
    const res = await client.track(["A1", "B2"]);
    expect(JSON.parse(server.requests[0]?.body ?? "{}")).toEqual({ username: "u", password: "p" });
    expect(server.requests[1]).toMatchObject({
      url: "/api/customers/C1/tracking/A1",
      headers: { authorization: "Bearer jwt1" },
    });
    expect(logins).toBe(2);
    expect(res.payloads.map((p) => asendia.parse(p.body).results[0]?.trackingNumber)).toEqual(["A1", "B2"]);
  });

  it("Asendia US: Basic auth and the milestone endpoint; error bodies verbatim", async () => {
    server = await startFakeCarrier(() => ({
      status: 401,
      body: {
        responseStatusCode: 401,
        responseStatusMessage: "Authentication to the resource has been denied",
      },
    }));
    const client = createAsendiaClient({
      baseUrl: server.url,
      credentials: { username: "acct", password: "pw", apiKey: "k" },
    });
    const res = await client.track(["RL1CH"]);
    expect(server.requests[0]?.url).toBe("/api/A1/v1.0/Tracking/Milestone?trackingNumberVendor=RL1CH");
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("acct:pw").toString("base64")}`,
    );
    expect(server.requests[0]?.headers["x-asendiaone-apikey"]).toBe("k");
    expect(asendia.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("unauthorized");
  });

  it("times out and requires credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createAsendiaClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["X"])).rejects.toThrow();
    expect(() => createAsendiaClient({ credentials: { username: "u" } })).toThrow(/password/);
  });
});
