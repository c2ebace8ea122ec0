import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createPurolatorClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const response = (pins: string[]) =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
  `<TrackPackagesByPinResponse xmlns="http://purolator.com/pws/datatypes/v1"><ResponseInformation><Errors/></ResponseInformation>` +
  `<TrackingInformationList>${pins
    .map(
      (p) =>
        `<TrackingInformation><PIN><Value>${p}</Value></PIN><Scans><Scan><ScanType>OnDelivery</ScanType>` +
        `<Depot><Name>TORONTO, ON</Name></Depot><ScanDate>2025-03-03</ScanDate><ScanTime>080000</ScanTime>` +
        `<Description>On vehicle for delivery</Description></Scan></Scans></TrackingInformation>`,
    )
    .join("")}</TrackingInformationList></TrackPackagesByPinResponse></s:Body></s:Envelope>`;

describe("Purolator client against a local SOAP server", () => {
  it("posts TrackPackagesByPin with Basic auth and the SOAPAction, 10 PINs per call", async () => {
    server = await startFakeCarrier((req) => {
      const pins = [...req.body.matchAll(/<v1:Value>([^<]+)<\/v1:Value>/g)].map((m) => m[1] ?? "");
      return { headers: { "content-type": "text/xml; charset=utf-8" }, body: response(pins) };
    });
    const client = createPurolatorClient({ baseUrl: server.url, credentials: { key: "k", password: "p" } });
    const pins = Array.from({ length: 12 }, (_, i) => `3290145216${String(i).padStart(2, "0")}`);
    const res = await client.track(pins);
    expect(res.payloads.map((p) => p.trackingNumbers.length)).toEqual([10, 2]);
    const req = server.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/PWS/V1/Tracking/TrackingService.asmx");
    expect(req?.headers.soapaction).toBe("http://purolator.com/pws/service/v1/TrackPackagesByPin");
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("k:p").toString("base64")}`);
    expect(req?.body).toContain("<v1:Version>1.2</v1:Version>");
    const parsed = adapter.parse(res.payloads[1]?.body ?? "");
    expect(parsed.results.map((r) => [r.trackingNumber, r.status])).toEqual([
      ["329014521610", "out_for_delivery"],
      ["329014521611", "out_for_delivery"],
    ]);
  });

  it("times out instead of hanging, and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createPurolatorClient({
      baseUrl: server.url,
      credentials: { key: "k", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createPurolatorClient({ credentials: { key: "k" } })).toThrow(/password/);
  });
});
