import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import colissimo from "../colissimo/index.js";
import laposte from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const shipment = (id: string) => ({ returnCode: 200, shipment: { idShip: id, event: [] } });

describe("La Poste Suivi v2 client against a local Okapi-speaking server", () => {
  it("sends X-Okapi-Key, asks for up to 10 numbers per call and reads the rate-limit headers", async () => {
    server = await startFakeCarrier((req) => {
      const ids = decodeURIComponent(/idships\/([^?]+)/.exec(req.url)?.[1] ?? "").split(",");
      return {
        headers: { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "7" },
        body: ids.length === 1 ? shipment(ids[0] ?? "") : ids.map(shipment),
      };
    });
    const client = laposte.createClient?.({
      baseUrl: server.url,
      credentials: { apiKey: "okapi", lang: "en_GB" },
    });
    expect(client?.batchSize).toBe(10);
    const numbers = Array.from({ length: 11 }, (_, i) => `6A1560267630${i}`);
    const res = await client?.track(numbers);
    expect(res?.payloads.map((p) => p.trackingNumbers.length)).toEqual([10, 1]);
    expect(res?.rateLimit).toMatchObject({ limit: 10, remaining: 7 });
    expect(server.requests[0]?.headers["x-okapi-key"]).toBe("okapi");
    expect(server.requests[0]?.url).toBe(`/suivi/v2/idships/${numbers.slice(0, 10).join(",")}?lang=en_GB`);
    expect(laposte.parse(res?.payloads[0]?.body ?? "").results).toHaveLength(10);
    expect(laposte.parse(res?.payloads[1]?.body ?? "").results[0]?.trackingNumber).toBe(numbers[10]);
  });

  it("keeps a 401 body verbatim (colissimo shares the client) and times out instead of hanging", async () => {
    server = await startFakeCarrier((req) =>
      req.url.includes("SLOW")
        ? { hang: true }
        : {
            status: 401,
            body: { code: "UNAUTHORIZED", message: "The request requires user authentication" },
          },
    );
    const client = colissimo.createClient?.({
      baseUrl: server.url,
      credentials: { apiKey: "bad" },
      timeoutMs: 200,
    });
    const res = await client?.track(["6A1"]);
    expect(res?.payloads[0]?.httpStatus).toBe(401);
    expect(server.requests[0]?.url).toBe("/suivi/v2/idships/6A1?lang=fr_FR");
    expect(colissimo.parse(res?.payloads[0]?.body ?? "").errors[0]?.code).toBe("unauthorized");
    await expect(client?.track(["SLOW"])).rejects.toThrow();
  });

  it("refuses to start without an API key", () => {
    expect(() => laposte.createClient?.({ credentials: {} })).toThrow(/apiKey/);
  });
});
