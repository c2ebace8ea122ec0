import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createTntClient } from "./client.js";
import tnt from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("TNT client against a local ExpressConnect server", () => {
  it("posts xml_in with Basic auth, up to 50 consignments per request", async () => {
    server = await startFakeCarrier((req) => {
      const xml = new URLSearchParams(req.body).get("xml_in") ?? "";
      const numbers = [...xml.matchAll(/<ConsignmentNumber>([^<]*)<\/ConsignmentNumber>/g)].map((m) => m[1]);
      const body = `<TrackResponse>${numbers
        .map(
          (n) =>
            `<Consignment access="public"><ConsignmentNumber>${n}</ConsignmentNumber><SummaryCode>CNF</SummaryCode></Consignment>`,
        )
        .join("")}</TrackResponse>`;
      return { headers: { "content-type": "text/xml", "x-ratelimit-remaining": "12" }, body };
    });
    const client = createTntClient({ baseUrl: server.url, credentials: { username: "u", password: "p" } });
    expect(client.batchSize).toBe(50);
    const numbers = Array.from({ length: 51 }, (_, i) => String(323821700 + i));
    const res = await client.track(numbers);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([50, 1]);
    expect(res.rateLimit?.remaining).toBe(12);
    const req = server.requests[0];
    expect(req?.url).toBe("/expressconnect/track.do?version=3.1");
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    expect(new URLSearchParams(req?.body ?? "").get("xml_in")).toContain(
      '<TrackRequest locale="en_US" version="3.1">',
    );
    expect(tnt.parse(res.payloads[1]?.body ?? "").errors[0]).toMatchObject({
      code: "not_found",
      trackingNumber: numbers[50],
    });
  });

  it("times out instead of hanging and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createTntClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createTntClient({ credentials: {} })).toThrow(/username/);
  });
});
