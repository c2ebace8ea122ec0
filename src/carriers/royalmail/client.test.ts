import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createRoyalMailClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Royal Mail client against a local server speaking Tracking API v2", () => {
  it("sends the IBM client id/secret and terms headers, one mail piece per request", async () => {
    server = await startFakeCarrier((req) => {
      const id = /\/mailpieces\/v2\/([^/]+)\/events/.exec(req.url)?.[1] ?? "";
      if (id === "XX000000000GB")
        return {
          status: 404,
          body: {
            httpCode: 404,
            httpMessage: "Not Found",
            errors: [
              { errorCode: "E1142", errorDescription: "Barcode reference XX000000000GB isn't recognised" },
            ],
          },
        };
      return {
        headers: { "x-ratelimit-remaining": "99" },
        body: {
          mailPieces: {
            mailPieceId: id,
            summary: { oneDBarcode: id, statusCategory: "IN TRANSIT" },
            events: [
              {
                eventCode: "EVODO",
                eventName: "Item despatched to delivery office",
                eventDateTime: "2025-03-03T05:10:00Z",
              },
            ],
          },
        },
      };
    });
    const client = createRoyalMailClient({
      baseUrl: server.url,
      credentials: { clientId: "cid", clientSecret: "sec" },
    });
    const res = await client.track(["FQ087430672GB", "XX000000000GB"]);
    expect(server.requests[0]?.url).toBe("/mailpieces/v2/FQ087430672GB/events");
    expect(server.requests[0]?.headers["x-ibm-client-id"]).toBe("cid");
    expect(server.requests[0]?.headers["x-ibm-client-secret"]).toBe("sec");
    expect(server.requests[0]?.headers["x-accept-rmg-terms"]).toBe("yes");
    expect(res.rateLimit?.remaining).toBe(99);
    expect(adapter.parse(res.payloads[0]?.body ?? "").results[0]?.status).toBe("in_transit");
    expect(adapter.parse(res.payloads[1]?.body ?? "").errors[0]?.code).toBe("not_found");
  });

  it("times out instead of hanging, and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createRoyalMailClient({
      baseUrl: server.url,
      credentials: { clientId: "c", clientSecret: "s" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createRoyalMailClient({ credentials: { clientId: "c" } })).toThrow(/clientSecret/);
  });
});
