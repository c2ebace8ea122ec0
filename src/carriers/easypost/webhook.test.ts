import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { easypostWebhook } from "./webhook.js";

const secret = "s\u00e9cret-\uFB01"; // "ﬁ" ligature: NFKD turns it into "fi"
const key = secret.normalize("NFKD");
const body = Buffer.from(
  JSON.stringify({
    id: "evt_42",
    object: "Event",
    description: "tracker.updated",
    result: {
      object: "Tracker",
      tracking_code: "EZ4000000004",
      status: "out_for_delivery",
      status_detail: "out_for_delivery",
      carrier: "USPS",
      tracking_details: [],
    },
  }),
);
const hex = (...parts: string[]) => {
  const mac = createHmac("sha256", Buffer.from(key, "utf8"));
  for (const p of parts) mac.update(p);
  return mac.digest("hex");
};
const now = new Date("2025-03-01T12:00:00Z");

describe("EasyPost webhook verification", () => {
  it("accepts the v1 body signature and reports the event id", () => {
    const headers = { "X-Hmac-Signature": `hmac-sha256-hex=${hex(body.toString())}` };
    expect(easypostWebhook.verify(body, headers, secret, now)).toEqual({ ok: true, eventId: "evt_42" });
    expect(easypostWebhook.parse(body).results[0]?.status).toBe("out_for_delivery");
  });

  it("accepts the v2 timestamped signature and prefers it over v1", () => {
    const ts = "2025-03-01T11:58:30Z";
    const headers = {
      "x-timestamp": ts,
      "x-path": "/hooks/demo/easypost",
      "x-hmac-signature-v2": `hmac-sha256-hex=${hex(ts, "POST", "/hooks/demo/easypost", body.toString())}`,
      "x-hmac-signature": "hmac-sha256-hex=00",
    };
    expect(easypostWebhook.verify(body, headers, secret, now)).toEqual({ ok: true, eventId: "evt_42" });
  });

  it("rejects a v2 signature that is stale, replayed on another path, or missing its headers", () => {
    const ts = "2025-03-01T11:40:00Z";
    const sig = `hmac-sha256-hex=${hex(ts, "POST", "/hooks/demo/easypost", body.toString())}`;
    const base = { "x-timestamp": ts, "x-path": "/hooks/demo/easypost", "x-hmac-signature-v2": sig };
    expect(easypostWebhook.verify(body, base, secret, now)).toMatchObject({ ok: false, reason: /tolerance/ });
    const fresh = new Date("2025-03-01T11:41:00Z");
    expect(easypostWebhook.verify(body, base, secret, fresh).ok).toBe(true);
    expect(
      easypostWebhook.verify(body, { ...base, "x-path": "/hooks/other/easypost" }, secret, fresh).ok,
    ).toBe(false);
    expect(easypostWebhook.verify(body, { "x-hmac-signature-v2": sig }, secret, fresh).ok).toBe(false);
  });

  it("rejects wrong secrets, malformed signatures and an empty secret", () => {
    const good = { "x-hmac-signature": `hmac-sha256-hex=${hex(body.toString())}` };
    expect(easypostWebhook.verify(body, good, "other", now).ok).toBe(false);
    expect(easypostWebhook.verify(body, { "x-hmac-signature": "hmac-sha256-hex=zz" }, secret, now).ok).toBe(
      false,
    );
    expect(easypostWebhook.verify(body, good, "", now).ok).toBe(false);
  });
});
