import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createSekoClient } from "./client.js";
import seko from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("SEKO client against a local OmniParcel-speaking server", () => {
  it("posts up to 10 consignment numbers per call with the access_key header", async () => {
    server = await startFakeCarrier((req) => ({
      headers: { "x-ratelimit-remaining": "3" },
      body: (JSON.parse(req.body) as string[]).map((n) => ({
        ConsignmentNo: n,
        Events: [
          {
            EventDT: "2025-06-04T07:30:00",
            OmniCode: "OP-21",
            Description: "Out for delivery",
            Location: "Rotterdam, NL",
          },
        ],
      })),
    }));
    const numbers = Array.from({ length: 12 }, (_, i) => `SKO${i}`);
    const client = createSekoClient({ baseUrl: server.url, credentials: { accessKey: "ak_1" } });
    const res = await client.track(numbers);
    expect(server.requests.map((r) => (JSON.parse(r.body) as string[]).length)).toEqual([10, 2]);
    expect(server.requests[0]).toMatchObject({
      method: "POST",
      url: "/labels/statusv2",
      headers: { access_key: "ak_1" },
    });
    expect(res.rateLimit).toMatchObject({ remaining: 3 });
    expect(seko.parse(res.payloads[1]?.body ?? "").results.map((r) => r.status)).toEqual([
      "out_for_delivery",
      "out_for_delivery",
    ]);
  });

  it("times out and requires the access key", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createSekoClient({ baseUrl: server.url, credentials: { accessKey: "k" }, timeoutMs: 200 });
    await expect(client.track(["X"])).rejects.toThrow();
    expect(() => createSekoClient({ credentials: {} })).toThrow(/accessKey/);
  });
});
