import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createCanadaPostClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const detail = (pin: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><tracking-detail xmlns="http://www.canadapost.ca/ws/track-v2"><pin>${pin}</pin>` +
  `<significant-events><occurrence><event-identifier>0174</event-identifier><event-date>2025-03-03</event-date>` +
  `<event-time>08:00:00</event-time><event-time-zone>EST</event-time-zone><event-description>Item out for delivery</event-description>` +
  `<event-site>OTTAWA</event-site><event-province>ON</event-province></occurrence></significant-events></tracking-detail>`;

describe("Canada Post client against a local server speaking track-v2 XML", () => {
  it("uses Basic auth and the track-v2 media type, one PIN per request, DNC numbers on the dnc path", async () => {
    server = await startFakeCarrier((req) => {
      const pin = /\/vis\/track\/(?:pin|dnc)\/([^/]+)\/detail/.exec(req.url)?.[1] ?? "";
      if (pin === "404")
        return {
          status: 404,
          headers: { "content-type": "application/vnd.cpc.track-v2+xml" },
          body: `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>004</code><description>No Pin History</description></message></messages>`,
        };
      return { headers: { "content-type": "application/vnd.cpc.track-v2+xml" }, body: detail(pin) };
    });
    const client = createCanadaPostClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "p" },
    });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["7023210039414604", "315052413796541", "404"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/vis/track/pin/7023210039414604/detail",
      "/vis/track/dnc/315052413796541/detail",
      "/vis/track/pin/404/detail",
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    expect(server.requests[0]?.headers.accept).toBe("application/vnd.cpc.track-v2+xml");
    expect(server.requests[0]?.headers["accept-language"]).toBe("en-CA");
    expect(adapter.parse(res.payloads[0]?.body ?? "").results[0]?.status).toBe("out_for_delivery");
    expect(res.payloads[2]?.httpStatus).toBe(404);
    expect(adapter.parse(res.payloads[2]?.body ?? "").errors[0]?.code).toBe("not_found");
  });

  it("times out instead of hanging, and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createCanadaPostClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createCanadaPostClient({ credentials: { username: "u" } })).toThrow(/password/);
  });
});
