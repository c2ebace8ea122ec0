import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createDpdClient } from "./client.js";
import adapter from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const xmlHeaders = { "content-type": "text/xml; charset=utf-8" };
const login = (token: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:getAuthResponse xmlns:ns2="http://dpd.com/common/service/types/LoginService/2.0">` +
  `<return><delisId>sandboxdpd</delisId><customerUid>sandboxdpd</customerUid><authToken>${token}</authToken><depot>0163</depot></return>` +
  `</ns2:getAuthResponse></soap:Body></soap:Envelope>`;
const tracking =
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getTrackingDataResponse xmlns="http://dpd.com/common/service/types/ParcelLifeCycleService/2.0">` +
  `<trackingresult><statusInfo><status>Courier</status><description><content><content>On its way</content></content></description>` +
  `<statusHasBeenReached>true</statusHasBeenReached><isCurrentStatus>true</isCurrentStatus><location><content>Aschaffenburg (DE)</content></location>` +
  `<date><content>8/18/2021 10:14:00 AM</content></date></statusInfo></trackingresult></getTrackingDataResponse></soap:Body></soap:Envelope>`;
const expired =
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>` +
  `<faultstring>Fault occured</faultstring><detail><ns:authenticationFault xmlns:ns="http://dpd.com/common/service/types/Authentication/2.0">` +
  `<errorCode>LOGIN_5</errorCode><errorMessage>The authentication token has expired.</errorMessage></ns:authenticationFault></detail></soap:Fault></soap:Body></soap:Envelope>`;

describe("DPD client against a local server speaking LoginService and ParcelLifeCycleService", () => {
  it("logs in once, sends the token in the SOAP header, and names each payload's parcel for parsing", async () => {
    let logins = 0;
    server = await startFakeCarrier((req) => {
      if (req.url.startsWith("/services/LoginService/V2_0"))
        return { headers: xmlHeaders, body: login(`tok${++logins}`) };
      return { headers: xmlHeaders, body: tracking };
    });
    const client = createDpdClient({
      baseUrl: server.url,
      credentials: { delisId: "sandboxdpd", password: "xMmshh1" },
    });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["05308801410058", "05308801410059"]);
    expect(logins).toBe(1);
    expect(server.requests[0]?.body).toContain("<delisId>sandboxdpd</delisId><password>xMmshh1</password>");
    expect(server.requests[1]?.url).toBe("/services/ParcelLifeCycleService/V2_0/");
    expect(server.requests[1]?.body).toContain("<authToken>tok1</authToken>");
    expect(server.requests[1]?.body).toContain("<parcelLabelNumber>05308801410058</parcelLabelNumber>");
    const payload = res.payloads[1];
    expect(payload?.contentType).toBe("text/xml; charset=utf-8");
    expect(payload?.trackingNumbers).toEqual(["05308801410059"]);
    const parsed = adapter.parse(payload?.body ?? "", payload?.contentType, {
      trackingNumbers: payload?.trackingNumbers,
    });
    expect(parsed.results[0]?.trackingNumber).toBe("05308801410059");
    expect(parsed.results[0]?.status).toBe("out_for_delivery");
    expect(parsed.results[0]?.events[0]?.occurredAt).toBe("2021-08-18T10:14:00+02:00");
  });

  it("logs in again once when the token has expired", async () => {
    let logins = 0;
    server = await startFakeCarrier((req) => {
      if (req.url.startsWith("/services/LoginService"))
        return { headers: xmlHeaders, body: login(`tok${++logins}`) };
      return req.body.includes("<authToken>tok1</authToken>")
        ? { status: 500, headers: xmlHeaders, body: expired }
        : { headers: xmlHeaders, body: tracking };
    });
    const client = createDpdClient({ baseUrl: server.url, credentials: { delisId: "d", password: "p" } });
    const res = await client.track(["05308801410058"]);
    expect(logins).toBe(2);
    expect(res.payloads[0]?.httpStatus).toBe(200);
  });

  it("times out instead of hanging, and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createDpdClient({
      baseUrl: server.url,
      credentials: { delisId: "d", password: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createDpdClient({ credentials: { delisId: "d" } })).toThrow(/password/);
  });
});
