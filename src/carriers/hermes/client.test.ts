import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createHermesClient } from "./client.js";
import hermes from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const credentials = { clientId: "cid", clientSecret: "csecret", username: "shop", password: "pw" };
const info = (id: string) => ({
  shipmentID: id,
  result: { code: "i001", message: "Success" },
  status: [
    {
      timestamp: "2025-03-03T07:02:00+01:00",
      code: "3000",
      description: "The shipment has gone out on a delivery route. Delivery is expected today.",
      scanningUnit: { name: "Hermes", city: "Hamburg", countryCode: "DEU" },
    },
  ],
});

describe("Hermes HSI client against a local server speaking the auth and Shipment Info APIs", () => {
  it("gets a password-grant token, caches it, and asks for up to 100 shipment ids per call", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url === "/authorization-facade/oauth2/access_token")
        return { body: { access_token: `tok${++tokens}`, token_type: "Bearer", expires_in: "3599" } };
      const ids = new URL(req.url, "http://x").searchParams.getAll("shipmentID");
      return {
        headers: { "x-ratelimit-limit": "600", "x-ratelimit-remaining": "598" },
        body: { shipmentinfo: ids.map(info) },
      };
    });
    let clock = 5_000_000;
    const client = createHermesClient({ baseUrl: server.url, credentials, now: () => clock });
    expect(client.batchSize).toBe(100);
    const ids = Array.from({ length: 101 }, (_, i) => `H10${String(i).padStart(17, "0")}`);
    const res = await client.track(ids);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([100, 1]);
    expect(res.rateLimit).toMatchObject({ limit: 600, remaining: 598 });
    const tokenReq = server.requests[0];
    expect(tokenReq?.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(tokenReq?.body))).toEqual({
      grant_type: "password",
      client_id: "cid",
      client_secret: "csecret",
      username: "shop",
      password: "pw",
    });
    const api = server.requests[1];
    expect(api?.url.startsWith("/services/hsi/shipmentinfo?shipmentID=H10")).toBe(true);
    expect(api?.headers.authorization).toBe("Bearer tok1");
    expect(api?.headers["accept-language"]).toBe("EN");
    expect(tokens).toBe(1);
    const parsed = hermes.parse(res.payloads[1]?.body ?? "");
    expect(parsed.results[0]).toMatchObject({ trackingNumber: ids[100], status: "out_for_delivery" });
    clock += 3_599_000 - 30_000; // within the 60 s skew: a new token
    await client.track(["H1"]);
    expect(tokens).toBe(2);
  });

  it("refreshes the token once when HSI says it expired (400 e903) and returns error bodies verbatim", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url.startsWith("/authorization-facade"))
        return { body: { access_token: `tok${++tokens}`, expires_in: "3599" } };
      if (req.headers.authorization === "Bearer tok1")
        return { status: 400, body: { listOfResultCodes: [{ code: "e903", message: "Token is expired." }] } };
      return {
        body: {
          shipmentinfo: [
            {
              shipmentID: "H9",
              result: { code: "e001", message: "There is no information for the entered value." },
            },
          ],
        },
      };
    });
    const client = createHermesClient({ baseUrl: server.url, credentials });
    const res = await client.track(["H9"]);
    expect(tokens).toBe(2);
    expect(hermes.parse(res.payloads[0]?.body ?? "").errors[0]).toMatchObject({
      code: "not_found",
      trackingNumber: "H9",
    });
  });

  it("fails clearly when the token endpoint refuses, times out instead of hanging, needs credentials", async () => {
    server = await startFakeCarrier((req) =>
      req.url.startsWith("/authorization-facade")
        ? { status: 401, body: { error: "invalid_client", error_description: "Client not valid: cid" } }
        : { hang: true },
    );
    await expect(createHermesClient({ baseUrl: server.url, credentials }).track(["H1"])).rejects.toThrow(
      /Client not valid/,
    );
    await server.close();
    server = await startFakeCarrier((req) =>
      req.url.startsWith("/authorization-facade") ? { body: { access_token: "t" } } : { hang: true },
    );
    const slow = createHermesClient({ baseUrl: server.url, credentials, timeoutMs: 200 });
    await expect(slow.track(["H1"])).rejects.toThrow();
    expect(() => createHermesClient({ credentials: { clientId: "x", clientSecret: "y" } })).toThrow(
      /username/,
    );
  });
});
