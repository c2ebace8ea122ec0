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
