import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import usps from "./index.js";
import { uspsListenerSecret } from "./subscriptions.js";

const fixture = (name: string) => readFileSync(new URL(`./webhook-fixtures/${name}`, import.meta.url));
const now = new Date("2025-06-03T12:00:00Z");
const webhook = usps.webhook!;
const ENDPOINT_SECRET = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"; // 49 characters, as generated
const SECRET_32 = "Z8d1kq0w9L2mV7xR4tN6pB3sC5yH1jF0"; // one a seller registered with USPS itself

/** USPS's signature, computed here independently: base64 HMAC-SHA256 of timestamp + payload. */
function sign(body: Buffer, key: string): string {
  const envelope = JSON.parse(body.toString("utf8")) as { timestamp: string; payload: string };
  return createHmac("sha256", key)
    .update(envelope.timestamp + envelope.payload)
    .digest("base64");
}

describe("USPS Subscriptions - Tracking webhook", () => {
  it("derives a 32-character subscription secret, keeping one that already has 32 characters", () => {
    const derived = uspsListenerSecret(ENDPOINT_SECRET);
    expect(derived).toMatch(/^[0-9a-f]{32}$/);
    expect(uspsListenerSecret(ENDPOINT_SECRET)).toBe(derived);
    expect(uspsListenerSecret(`${ENDPOINT_SECRET}x`)).not.toBe(derived);
    expect(uspsListenerSecret(SECRET_32)).toBe(SECRET_32);
  });

  it("accepts X-HMAC (or the older hmac-header) signed with the subscription secret, and names the delivery", () => {
    const body = fixture("out_for_delivery.json");
    const signature = sign(body, uspsListenerSecret(ENDPOINT_SECRET));
    const verdict = webhook.verify(body, { "X-HMAC": signature }, ENDPOINT_SECRET, now);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.eventId).toMatch(
      /^0197a1c2-5b4e-7d10-9c3a-2f6e8b1d4a70:2025-06-03T11:05:30Z:[0-9a-f]{16}$/,
    );
    expect(webhook.verify(body, { "hmac-header": signature }, ENDPOINT_SECRET, now).ok).toBe(true);
    const own = fixture("delivered.json");
    expect(webhook.verify(own, { "x-hmac": sign(own, SECRET_32) }, SECRET_32, now).ok).toBe(true);
  });

  it("rejects a wrong key, a changed payload or timestamp, a missing header and an unconfigured secret", () => {
    const body = fixture("delivered.json");
    const key = uspsListenerSecret(ENDPOINT_SECRET);
    const good = sign(body, key);
    // Signed with the endpoint secret itself rather than the derived subscription secret: not USPS's signature.
    expect(webhook.verify(body, { "x-hmac": sign(body, ENDPOINT_SECRET) }, ENDPOINT_SECRET, now)).toEqual({
      ok: false,
      reason: "signature mismatch",
    });
    const tampered = Buffer.from(body.toString("utf8").replace("PORCH", "DOOR"));
    expect(webhook.verify(tampered, { "x-hmac": good }, ENDPOINT_SECRET, now).ok).toBe(false);
    const retimed = Buffer.from(body.toString("utf8").replace("18:22:01Z", "18:22:02Z"));
    expect(webhook.verify(retimed, { "x-hmac": good }, ENDPOINT_SECRET, now).ok).toBe(false);
    expect(webhook.verify(body, {}, ENDPOINT_SECRET, now)).toMatchObject({
      ok: false,
      reason: "no X-HMAC header",
    });
    expect(webhook.verify(body, { "x-hmac": "not base64!" }, ENDPOINT_SECRET, now).ok).toBe(false);
    expect(webhook.verify(body, { "x-hmac": good }, "", now).ok).toBe(false);
    // A payload sent as an object is not what USPS signs.
    const unsigned = Buffer.from(JSON.stringify({ timestamp: "t", payload: { trackingNumber: "9400" } }));
    expect(webhook.verify(unsigned, { "x-hmac": good }, ENDPOINT_SECRET, now).ok).toBe(false);
  });

  it("parses the payload with the tracking parser: out for delivery, with its expected date", () => {
    const out = webhook.parse(fixture("out_for_delivery.json"));
    expect(out.errors).toEqual([]);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({
      trackingNumber: "9400111899223344556677",
      carrier: "usps",
      status: "out_for_delivery",
      estimatedDelivery: "2025-06-03",
    });
    expect(out.results[0]?.events[0]).toMatchObject({
      occurredAt: "2025-06-03T07:05:00-04:00",
      localTime: "2025-06-03T07:05:00",
      code: "OF",
      location: { city: "DURHAM", region: "NC", postalCode: "27701", country: "US" },
    });
  });

  it("parses a delivery and an alert", () => {
    const delivered = webhook.parse(fixture("delivered.json")).results[0];
    expect(delivered).toMatchObject({ status: "delivered", delivered: true, signedBy: "PORCH" });
    const alert = webhook.parse(fixture("alert.json")).results[0];
    expect(alert).toMatchObject({
      trackingNumber: "9200190255443322110099",
      status: "exception",
      substatus: "address_issue",
    });
  });

  it("refuses what is not a tracking notification", () => {
    expect(webhook.parse(Buffer.from('{"trackingNumber":"9400"}')).errors[0]?.code).toBe("invalid_payload");
    expect(webhook.parse(Buffer.from("<xml/>")).errors[0]?.code).toBe("invalid_payload");
    const other = JSON.stringify({ subscriptionType: "ADJUSTMENTS", timestamp: "t", payload: "{}" });
    expect(webhook.parse(Buffer.from(other)).errors[0]?.code).toBe("invalid_payload");
  });
});
