import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createCanparClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const response = (barcode: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body>` +
  `<ns:trackByBarcodeResponse xmlns:ns="http://ws.canparaddons.canpar.com"><ns:return xmlns:ax21="a" xmlns:ax23="b">` +
  `<ax21:result><ax23:barcode>${barcode}</ax23:barcode><ax23:delivered>false</ax23:delivered><ax23:events>` +
  `<ax23:address><ax23:city>OTTAWA</ax23:city><ax23:country>CA</ax23:country><ax23:province>ON</ax23:province></ax23:address>` +
  `<ax23:code>PIC</ax23:code><ax23:code_description_en>PICKUP FROM CUSTOMER/SHIPPER</ax23:code_description_en>` +
  `<ax23:local_date_time>20250303 101500</ax23:local_date_time></ax23:events></ax21:result></ns:return>` +
  `</ns:trackByBarcodeResponse></soapenv:Body></soapenv:Envelope>`;

describe("Canpar client against a local SOAP 1.2 server", () => {
  it("posts trackByBarcode with the login in the body, one barcode per call", async () => {
    server = await startFakeCarrier((req) => ({
      headers: { "content-type": "application/soap+xml; charset=utf-8" },
      body: response(/<xsd:barcode>([^<]+)</.exec(req.body)?.[1] ?? ""),
    }));
    const client = createCanparClient({
      baseUrl: server.url,
      credentials: { userId: "a@b.c", password: "p<w" },
    });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["D999999988030400000008", "D999999988030400000009"]);
    expect(server.requests).toHaveLength(2);
    const req = server.requests[0];
    expect(req?.url).toBe("/canshipws/services/CanparAddonsService");
    expect(req?.headers["content-type"]).toContain('action="urn:trackByBarcode"');
    expect(req?.body).toContain("<xsd:user_id>a@b.c</xsd:user_id>");
    expect(req?.body).toContain("<xsd:password>p&lt;w</xsd:password>");
    const parsed = adapter.parse(res.payloads[1]?.body ?? "");
    expect(parsed.results[0]?.trackingNumber).toBe("D999999988030400000009");
    expect(parsed.results[0]?.events[0]?.occurredAt).toBe("2025-03-03T10:15:00-05:00");
  });

  it("times out instead of hanging, and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createCanparClient({
      baseUrl: server.url,
      credentials: { userId: "u", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createCanparClient({ credentials: { userId: "u" } })).toThrow(/password/);
  });
});
