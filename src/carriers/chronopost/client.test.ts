import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createChronopostClient } from "./client.js";
import chronopost from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const response = (skybill: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
  `<ns2:trackSkybillV2Response xmlns:ns2="http://cxf.tracking.soap.chronopost.fr/"><return><errorCode>0</errorCode>` +
  `<listEventInfoComp><events><code>TS</code><eventDate>2025-10-29T23:48:09+01:00</eventDate>` +
  `<eventLabel>Shipment in transit</eventLabel></events><skybillNumber>${skybill}</skybillNumber></listEventInfoComp>` +
  `</return></ns2:trackSkybillV2Response></soap:Body></soap:Envelope>`;

describe("Chronopost client against a local SOAP server", () => {
  it("posts one trackSkybillV2 envelope per number, XML-escaped, and returns the body verbatim", async () => {
    server = await startFakeCarrier((req) => {
      const n = /<skybillNumber>([^<]*)<\/skybillNumber>/.exec(req.body)?.[1] ?? "";
      return { headers: { "content-type": "text/xml", "retry-after": "2" }, body: response(n) };
    });
    const client = createChronopostClient({ baseUrl: server.url, credentials: { language: "fr_FR" } });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["XY123456785FR", "A&B"]);
    expect(res.payloads.map((p) => p.trackingNumbers)).toEqual([["XY123456785FR"], ["A&B"]]);
    expect(res.rateLimit?.retryAfterMs).toBe(2000);
    const req = server.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/tracking-cxf/TrackingServiceWS");
    expect(req?.headers["content-type"]).toContain("text/xml");
    expect(req?.body).toContain("<cxf:trackSkybillV2><language>fr_FR</language>");
    expect(server.requests[1]?.body).toContain("<skybillNumber>A&amp;B</skybillNumber>");
    expect(chronopost.parse(res.payloads[0]?.body ?? "").results[0]?.trackingNumber).toBe("XY123456785FR");
  });

  it("times out instead of hanging", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createChronopostClient({ baseUrl: server.url, credentials: {}, timeoutMs: 200 });
    await expect(client.track(["XY1"])).rejects.toThrow();
  });
});
