import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createBpostClient } from "./client.js";
import bpost from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const xml = { "content-type": "application/xml;charset=UTF-8" };
const tracking = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><itemTracking xmlns="http://schema.post.be/tracking/v1/">` +
  `<itemCode>${code}</itemCode><itemDetail><weightInGrams>500</weightInGrams><type>01</type></itemDetail>` +
  `<stateInfo><time>2025-02-03T08:15:00+01:00</time><location>GENT X</location><stateCode>L00</stateCode>` +
  `<stateDescription>BoundToRound - out_for_distribution</stateDescription></stateInfo><trackingId>abc</trackingId></itemTracking>`;
const notFound =
  `<businessException xmlns="http://schema.post.be/api/shm/v1/"><code>404</code>` +
  `<message>Item 3232000 not found</message></businessException>`;

describe("bpost client against a local server speaking the trackedmail API", () => {
  it("sends Basic auth, asks for one item per call and returns bodies verbatim", async () => {
    server = await startFakeCarrier((req) =>
      req.url.includes("/3232000/")
        ? { status: 404, headers: xml, body: notFound }
        : {
            headers: { ...xml, "x-ratelimit-remaining": "99", "x-ratelimit-limit": "100" },
            body: tracking("323212345659900040669030"),
          },
    );
    const client = createBpostClient({
      baseUrl: server.url,
      credentials: { accountId: "012345", passphrase: "s3cret" },
    });
    expect(client.batchSize).toBe(1);
    const res = await client.track(["323212345659900040669030", "3232000"]);
    expect(server.requests[0]?.url).toBe("/services/trackedmail/item/323212345659900040669030/trackingInfo");
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("012345:s3cret").toString("base64")}`,
    );
    expect(res.rateLimit).toMatchObject({ limit: 100, remaining: 99 });
    expect(bpost.parse(res.payloads[0]?.body ?? "").results[0]).toMatchObject({
      trackingNumber: "323212345659900040669030",
      status: "out_for_delivery",
    });
    expect(res.payloads[1]?.httpStatus).toBe(404);
    expect(bpost.parse(res.payloads[1]?.body ?? "").errors[0]?.code).toBe("not_found");
  });

  it("times out instead of hanging and refuses to start without credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createBpostClient({
      baseUrl: server.url,
      credentials: { accountId: "1", passphrase: "p" },
      timeoutMs: 200,
    });
    await expect(client.track(["1"])).rejects.toThrow();
    expect(() => createBpostClient({ credentials: { accountId: "1" } })).toThrow(/passphrase/);
  });
});
