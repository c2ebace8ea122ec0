import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createUspsClient } from "./client.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("USPS client against a local USPS-speaking server", () => {
  it("gets a token with a JSON body and GETs /tracking/v3/tracking/{number}?expand=DETAIL", async () => {
    server = await startFakeCarrier((req) => {
      if (req.url === "/oauth2/v3/token")
        return { body: { access_token: "u1", token_type: "Bearer", expires_in: 28799 } };
      return {
        headers: { "x-ratelimit-remaining": "59" },
        body: { trackingNumber: "9400", trackingEvents: [] },
      };
    });
    const client = createUspsClient({
      baseUrl: server.url,
      credentials: { clientId: "c", clientSecret: "s" },
    });
    const res = await client.track(["9400 1"]);
    expect(JSON.parse(server.requests[0]?.body ?? "{}")).toMatchObject({
      grant_type: "client_credentials",
      client_id: "c",
      client_secret: "s",
    });
    expect(server.requests[1]?.url).toBe("/tracking/v3/tracking/9400%201?expand=DETAIL");
    expect(server.requests[1]?.headers.authorization).toBe("Bearer u1");
    expect(res.rateLimit?.remaining).toBe(59);
    expect(res.payloads[0]?.contentType).toContain("application/json");
  });
});

describe("USPS Subscriptions - Tracking through the client", () => {
  const destination = {
    url: "https://sw.example/hooks/acme/usps",
    credential: "whsec_endpoint-secret-of-49-characters-xxxxxxxxx",
  };
  const uspsError = (status: number, detail: string, parameter?: string) => ({
    status,
    body: {
      apiVersion: "/subscriptions-tracking/v3",
      error: {
        code: String(status),
        message: detail,
        errors: [
          {
            status: String(status),
            code: String(status),
            title: "Bad Request",
            detail,
            ...(parameter ? { source: { parameter } } : {}),
          },
        ],
      },
    },
  });

  it("subscribes one number per request with its own token scope, listener URL and 32-character secret", async () => {
    server = await startFakeCarrier((req) => {
      if (req.url === "/oauth2/v3/token") {
        const scope = (JSON.parse(req.body) as { scope: string }).scope;
        return { body: { access_token: `tok-${scope}`, token_type: "Bearer", expires_in: 28799 } };
      }
      if (req.url.startsWith("/tracking/")) return { body: { trackingNumber: "9400", trackingEvents: [] } };
      const n = (JSON.parse(req.body) as { filterProperties: { trackingNumber: string } }).filterProperties
        .trackingNumber;
      if (n === "BAD") return uspsError(400, "Invalid tracking number", "filterProperties.trackingNumber");
      if (n === "DUP")
        return uspsError(400, "Duplicate subscription, subscriptionId: 0197a1c2-0000-7000-8000-000000000001");
      if (n === "DOWN") return uspsError(503, "The service is temporarily unavailable");
      return {
        status: 201,
        body: { subscriptionId: "0197a1c2-0000-7000-8000-00000000000a", listenerURL: destination.url },
      };
    });
    const clock = Date.UTC(2025, 5, 1);
    const client = createUspsClient({
      baseUrl: server.url,
      credentials: { clientId: "c", clientSecret: "s", adminEmail: "ops@acme.example" },
      now: () => clock,
    });
    expect(client.subscribeBatchSize).toBe(1);
    const ok = await client.subscribe!(["9400111899223344556677"], destination);
    expect(ok).toMatchObject({
      httpStatus: 201,
      valid: ["9400111899223344556677"],
      invalid: [],
      error: null,
    });
    expect(ok.expiresAt.getTime()).toBe(clock + 25 * 86_400_000);
    const [token, request] = server.requests;
    expect(JSON.parse(token!.body)).toMatchObject({ scope: "subscriptions-tracking" });
    expect(request!.url).toBe("/subscriptions-tracking/v3/subscriptions");
    expect(request!.headers.authorization).toBe("Bearer tok-subscriptions-tracking");
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      listenerURL: destination.url,
      filterProperties: { trackingNumber: "9400111899223344556677" },
      adminNotification: [{ email: "ops@acme.example" }],
    });
    expect(body.secret).toMatch(/^[0-9a-f]{32}$/);

    expect(await client.subscribe!(["BAD"], destination)).toMatchObject({
      valid: [],
      invalid: ["BAD"],
      error: null,
    });
    expect(await client.subscribe!(["DUP"], destination)).toMatchObject({ valid: ["DUP"], error: null });
    const down = await client.subscribe!(["DOWN"], destination);
    expect(down.httpStatus).toBe(503);
    expect(down.error).toContain("temporarily unavailable");
    await expect(client.subscribe!(["A", "B"], destination)).rejects.toThrow(/1 tracking number/);
    expect(server.requests.filter((r) => r.url === "/oauth2/v3/token")).toHaveLength(1); // cached

    await client.track(["9400111899223344556677"]);
    expect(JSON.parse(server.requests.at(-2)!.body)).toMatchObject({ scope: "tracking" });
  });
});
