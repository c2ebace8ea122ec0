import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import ups from "./index.js";

const fixture = (name: string) => readFileSync(new URL(`./webhook-fixtures/${name}`, import.meta.url));
const now = new Date("2025-03-12T21:00:00Z");
const webhook = ups.webhook!;

describe("UPS Track Alert webhook", () => {
  it("accepts the subscription's credential header (any header case) and names the event", () => {
    const body = fixture("out_for_delivery.json");
    const verdict = webhook.verify(
      body,
      { Credential: "s3cret-credential", "user-agent": "UPSPubSubTrackingService" },
      "s3cret-credential",
      now,
    );
    expect(verdict).toEqual({ ok: true, eventId: "1Z5R89390357567127:20250312141544:OT" });
  });

  it("rejects a wrong, missing or empty credential, and an unconfigured secret", () => {
    const body = fixture("delivered.json");
    expect(webhook.verify(body, { credential: "s3cret-credentiaL" }, "s3cret-credential", now)).toMatchObject(
      { ok: false, reason: "credential mismatch" },
    );
    expect(webhook.verify(body, { credential: "short" }, "s3cret-credential", now).ok).toBe(false);
    expect(webhook.verify(body, {}, "s3cret-credential", now)).toMatchObject({
      ok: false,
      reason: "no credential header",
    });
    expect(webhook.verify(body, { credential: "" }, "s3cret-credential", now).ok).toBe(false);
    expect(webhook.verify(body, { credential: "x" }, "", now)).toMatchObject({ ok: false });
  });

  it("parses an out-for-delivery push with the offset derived from the GMT stamp", () => {
    const out = webhook.parse(fixture("out_for_delivery.json"));
    expect(out.errors).toEqual([]);
    expect(out.results[0]).toMatchObject({
      trackingNumber: "1Z5R89390357567127",
      status: "out_for_delivery",
      estimatedDelivery: "2025-03-12",
    });
    expect(out.results[0]?.events[0]).toMatchObject({
      occurredAt: "2025-03-12T08:15:44-06:00",
      localTime: "2025-03-12T08:15:44",
      zoneGuessed: false,
      code: "OT",
      description: "Out for Delivery",
      location: { city: "Denver", region: "CO", country: "US" },
    });
  });

  it("trims UPS's padded tracking number and reads a delivery; type X wins over a neutral code", () => {
    const delivered = webhook.parse(fixture("delivered.json")).results[0];
    expect(delivered).toMatchObject({
      trackingNumber: "1Z5R89390357567127",
      status: "delivered",
      delivered: true,
    });
    expect(delivered?.events[0]?.location).toMatchObject({ postalCode: "80205" });
    const exception = webhook.parse(fixture("exception.json")).results[0];
    expect(exception?.status).toBe("exception");
    expect(exception?.events[0]?.occurredAt).toBe("2025-03-11T22:10:03-07:00");
  });

  it("refuses a body that is not a Track Alert event", () => {
    expect(webhook.parse(Buffer.from('{"trackResponse":{}}')).errors[0]?.code).toBe("invalid_payload");
    expect(webhook.parse(Buffer.from("<xml/>")).errors[0]?.code).toBe("invalid_payload");
  });
});
