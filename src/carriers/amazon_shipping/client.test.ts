import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createAmazonShippingClient } from "./client.js";
import amazon from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const credentials = { clientId: "amzn1.application-oa2-client.x", clientSecret: "s", refreshToken: "Atzr|r" };

describe("Amazon Shipping client against a local SP-API-speaking server", () => {
  it("gets an LWA token with the refresh-token grant, caches it, and calls getTracking per number", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url === "/auth/o2/token")
        return { body: { access_token: `Atza|${++tokens}`, token_type: "bearer", expires_in: 3600 } };
      const id = new URL(req.url, "http://x").searchParams.get("trackingId");
      return {
        headers: { "x-amzn-RateLimit-Limit": "5.0" },
        body: { payload: { trackingId: id, eventHistory: [], summary: { status: "InTransit" } } },
      };
    });
    const client = createAmazonShippingClient({ baseUrl: server.url, credentials, now: () => 1_000 });
    const res = await client.track(["TBA1", "TBA2"]);
    expect(tokens).toBe(1);
    expect(new URLSearchParams(server.requests[0]?.body)).toEqual(
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: "Atzr|r",
        client_id: credentials.clientId,
        client_secret: "s",
      }),
    );
    expect(server.requests[1]?.url).toBe("/shipping/v2/tracking?trackingId=TBA1&carrierId=AMZN_US");
    expect(server.requests[1]?.headers["x-amz-access-token"]).toBe("Atza|1");
    expect(server.requests[1]?.headers["x-amzn-shipping-business-id"]).toBe("AmazonShipping_US");
    expect(res.rateLimit).toMatchObject({ limit: 5 });
    expect(amazon.parse(res.payloads[1]?.body ?? "").results[0]).toMatchObject({
      trackingNumber: "TBA2",
      status: "in_transit",
    });
  });

  it("refreshes the token once after a 403 and returns error bodies verbatim", async () => {
    let tokens = 0;
    server = await startFakeCarrier((req) => {
      if (req.url === "/auth/o2/token") return { body: { access_token: `t${++tokens}`, expires_in: 3600 } };
      if (req.headers["x-amz-access-token"] === "t1")
        return { status: 403, body: { errors: [{ code: "Unauthorized", message: "expired" }] } };
      return {
        status: 400,
        body: { errors: [{ code: "InvalidTrackingId", message: "The tracking ID provided is not valid" }] },
      };
    });
    const client = createAmazonShippingClient({ baseUrl: server.url, credentials });
    const res = await client.track(["TBA0"]);
    expect(tokens).toBe(2);
    expect(amazon.parse(res.payloads[0]?.body ?? "").errors[0]?.code).toBe("not_found");
  });

  it("times out and requires its credentials", async () => {
    server = await startFakeCarrier((req) =>
      req.url === "/auth/o2/token" ? { body: { access_token: "t", expires_in: 60 } } : { hang: true },
    );
    const client = createAmazonShippingClient({ baseUrl: server.url, credentials, timeoutMs: 200 });
    await expect(client.track(["TBA1"])).rejects.toThrow();
    expect(() => createAmazonShippingClient({ credentials: { clientId: "x", clientSecret: "y" } })).toThrow(
      /refreshToken/,
    );
  });
});
