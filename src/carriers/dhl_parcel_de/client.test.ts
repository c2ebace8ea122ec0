import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createDhlParcelDeClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const pieceXml = (codes: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><data name="piece-shipment-list" code="0">${codes
    .map(
      (c) =>
        `<data name="piece-shipment" error-status="0" piece-code="${c}" international-flag="0" dest-country="DE">` +
        `<data name="piece-event-list"><data name="piece-event" event-timestamp="02.04.2025 09:14" ` +
        `event-text="The shipment has been picked up" ice="PCKDU" ric="PUBCR" standard-event-code="AE" ` +
        `event-location="Köln" event-country="Germany"/></data></data>`,
    )
    .join("")}</data>`;

describe("DHL Parcel DE client against a local server speaking the piece-detail XML", () => {
  it("sends the key header and the login in the XML, 15 piece codes per request, and reads rate limits", async () => {
    server = await startFakeCarrier((req) => {
      const xml = new URL(req.url, "http://x").searchParams.get("xml") ?? "";
      const codes = /piece-code="([^"]*)"/.exec(xml)?.[1]?.split(";") ?? [];
      return {
        headers: {
          "content-type": "application/xml",
          "x-ratelimit-remaining": "998",
          "x-ratelimit-limit": "1000",
        },
        body: pieceXml(codes),
      };
    });
    const numbers = Array.from({ length: 17 }, (_, i) => `0034043416109401${String(i).padStart(4, "0")}`);
    const client = createDhlParcelDeClient({
      baseUrl: server.url,
      credentials: { apiKey: "k", appname: "zt12345", password: 'ge"heim' },
    });
    expect(client.batchSize).toBe(15);
    const res = await client.track(numbers);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([15, 2]);
    const first = server.requests[0];
    expect(first?.url.startsWith("/parcel/de/tracking/v0/shipments?xml=")).toBe(true);
    expect(first?.headers["dhl-api-key"]).toBe("k");
    const xml = new URL(first?.url ?? "", "http://x").searchParams.get("xml") ?? "";
    expect(xml).toContain('appname="zt12345"');
    expect(xml).toContain('password="ge&quot;heim"');
    expect(xml).toContain('request="d-get-piece-detail"');
    expect(res.rateLimit).toMatchObject({ remaining: 998, limit: 1000 });
    const parsed = adapter.parse(res.payloads[1]?.body ?? "");
    expect(parsed.results.map((r) => r.trackingNumber)).toEqual(numbers.slice(15));
    expect(parsed.results[0]?.events[0]?.occurredAt).toBe("2025-04-02T09:14:00+02:00");
  });

  it("times out instead of hanging, and refuses to start without the tracking login", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createDhlParcelDeClient({
      baseUrl: server.url,
      credentials: { apiKey: "k", appname: "a", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createDhlParcelDeClient({ credentials: { apiKey: "k" } })).toThrow(/appname/);
  });
});
