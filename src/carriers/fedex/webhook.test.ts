import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fedex from "./index.js";

const fixture = (name: string) => readFileSync(new URL(`./webhook-fixtures/${name}`, import.meta.url));
const token = "aiv-security-token-7f3c";
const sign = (body: Buffer, key = token) => createHmac("sha256", key).update(body).digest("base64");
const now = new Date("2025-05-20T19:00:00Z");
const webhook = fedex.webhook!;

describe("FedEx Advanced Integrated Visibility webhook", () => {
  it("accepts the base64 HMAC-SHA256 fdx-signature of the raw body keyed with the security token", () => {
    const body = fixture("aiv_delivered_track_result.json");
    const verdict = webhook.verify(body, { "FDX-Signature": sign(body) }, token, now);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.eventId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects a changed body, another token, a hex or truncated signature, and a missing header", () => {
    const body = fixture("aiv_delivered_track_result.json");
    const signature = sign(body);
    const changed = Buffer.concat([body, Buffer.from(" ")]);
    expect(webhook.verify(changed, { "fdx-signature": signature }, token, now)).toMatchObject({
      ok: false,
      reason: "signature mismatch",
    });
    expect(webhook.verify(body, { "fdx-signature": sign(body, "other") }, token, now).ok).toBe(false);
    const hex = createHmac("sha256", token).update(body).digest("hex");
    expect(webhook.verify(body, { "fdx-signature": hex }, token, now).ok).toBe(false);
    expect(webhook.verify(body, { "fdx-signature": signature.slice(0, -2) }, token, now).ok).toBe(false);
    expect(webhook.verify(body, {}, token, now)).toMatchObject({
      ok: false,
      reason: "no fdx-signature header",
    });
    expect(webhook.verify(body, { "fdx-signature": signature }, "", now).ok).toBe(false);
  });

  it("parses a pushed track result like the Track API's", () => {
    const out = webhook.parse(fixture("aiv_delivered_track_result.json"));
    expect(out.errors).toEqual([]);
    expect(out.results[0]).toMatchObject({
      trackingNumber: "794843185271",
      status: "delivered",
      signedBy: "RMORALES",
      service: "FedEx Ground",
    });
    expect(out.results[0]?.events.map((e) => [e.code, e.occurredAt])).toEqual([
      ["DL", "2025-05-20T13:47:00-05:00"],
      ["OD", "2025-05-20T08:02:31-05:00"],
    ]);
  });

  it("parses the full Track API envelope and a list of pushed results; refuses other bodies", () => {
    const envelope = webhook.parse(fixture("aiv_track_api_envelope.json")).results[0];
    expect(envelope).toMatchObject({ trackingNumber: "285312447731" });
    expect(envelope?.events[0]?.description).toBe("Customer not available or business closed");
    const list = Buffer.from(`[${fixture("aiv_delivered_track_result.json").toString("utf8")}]`);
    expect(webhook.parse(list).results.map((r) => r.trackingNumber)).toEqual(["794843185271"]);
    expect(webhook.parse(Buffer.from('{"hello":"world"}')).errors[0]?.code).toBe("invalid_payload");
  });
});
