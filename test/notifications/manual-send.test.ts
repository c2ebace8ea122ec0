/**
 * Messaging a shopper by hand through the API: POST /v1/shipments/:id/notify with a trigger or the seller's own
 * words, then the real sender (built-in outbox channels). Quiet hours hold an SMS unless forced, an unsubscribe
 * always wins, an Idempotency-Key makes a retry the same send, and every send is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxEmail, outboxSms } from "../../src/notifications/channel.js";
import { deliverDueNotifications } from "../../src/notifications/deliver.js";
import { bearer, createTestApp, type TestApp, type TestSeller } from "../support/app.js";
import { makeParcel } from "./world.js";

let t: TestApp;
let seller: TestSeller;
const deps = {
  email: outboxEmail,
  sms: outboxSms,
  publicUrl: "https://track.example.com",
  mailFrom: "shop@example.com",
};

/** A zone where it is 23:xx right now: inside the default quiet hours (21:00–08:00). */
function lateEveningZone(): string {
  let offset = 23 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

beforeAll(async () => {
  t = await createTestApp();
  seller = await t.seller("handshop");
});
afterAll(() => t.close());

const notify = (shipmentId: string, payload: object, key = seller.keys.write, headers = {}) =>
  t.app.inject({
    method: "POST",
    url: `/v1/shipments/${shipmentId}/notify`,
    headers: { ...bearer(key), ...headers },
    payload,
  });

const row = async (id: number) =>
  (
    await t.db.query<{
      status: string;
      channel: string;
      trigger: string;
      subject: string | null;
      body_text: string | null;
      send_after: Date;
    }>("SELECT status, channel, trigger, subject, body_text, send_after FROM notifications WHERE id = $1", [
      id,
    ])
  )[0]!;

describe("POST /v1/shipments/:id/notify", () => {
  it("sends a trigger's message by its policy channel, and audits who asked", async () => {
    const parcel = await makeParcel(t.db, seller.id, { email: "late@example.com", firstName: "Noor" });
    const res = await notify(parcel.shipmentId, { trigger: "delay" });
    expect(res.statusCode).toBe(202);
    const sent = res.json();
    expect(sent).toMatchObject({ channel: "email", recipient: "late@example.com", status: "queued" });
    expect((await deliverDueNotifications(t.db, deps)).sent).toBeGreaterThanOrEqual(1);
    expect(await row(sent.notificationId)).toMatchObject({
      status: "sent",
      trigger: "delay",
      subject: expect.stringMatching(/#\d+/),
    });
    const [audit] = await t.db.query<{ actor: string; data: Record<string, unknown> }>(
      "SELECT actor, data FROM audit_log WHERE action = 'shipment.notify' AND target_id = $1",
      [parcel.shipmentId],
    );
    expect(audit!.actor).toMatch(/^api_key:/);
    expect(audit!.data).toMatchObject({
      notificationId: sent.notificationId,
      trigger: "delay",
      channel: "email",
    });
  });

  it("holds an SMS until the shopper's quiet hours end, unless the seller forces it", async () => {
    const parcel = await makeParcel(t.db, seller.id, {
      phone: "+14155550142",
      firstName: "Ines",
      timeZone: lateEveningZone(),
    });
    const message = { text: "Hi {{firstName}}, your parcel is at the depot; it leaves tomorrow." };
    const held = (await notify(parcel.shipmentId, { message, channel: "sms" })).json();
    expect(new Date(held.sendAfter).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    const forced = (await notify(parcel.shipmentId, { message, channel: "sms", force: true })).json();
    expect(new Date(forced.sendAfter).getTime()).toBeLessThanOrEqual(Date.now());
    await deliverDueNotifications(t.db, deps);
    expect(await row(held.notificationId)).toMatchObject({ status: "queued" });
    const out = await row(forced.notificationId);
    expect(out).toMatchObject({ status: "sent", channel: "sms", trigger: "message" });
    expect(out.body_text).toMatch(
      /^Hi Ines, your parcel is at the depot; it leaves tomorrow\. https:\/\/track\.example\.com\/track\/handshop\/s\/[\w-]+$/,
    );
  });

  it("renders the seller's own words in the e-mail layout, escaped", async () => {
    const parcel = await makeParcel(t.db, seller.id, { email: "words@example.com", firstName: "<i>Al</i>" });
    const res = await notify(parcel.shipmentId, {
      message: { subject: "About order {{orderNumber}}", text: "Dear {{firstName}},\n\nWe are on it." },
    });
    await deliverDueNotifications(t.db, deps);
    const [sent] = await t.db.query<{ subject: string; body_html: string }>(
      "SELECT subject, body_html FROM notifications WHERE id = $1",
      [res.json().notificationId],
    );
    expect(sent!.subject).toMatch(/^About order #\d+$/);
    expect(sent!.body_html).toContain("Dear &lt;i&gt;Al&lt;/i&gt;,");
    expect(sent!.body_html).not.toContain("<i>Al");
  });

  it("never messages a shopper who unsubscribed, even when forced", async () => {
    const parcel = await makeParcel(t.db, seller.id, { email: "gone@example.com" });
    await t.db.query(
      "INSERT INTO notification_preferences (seller_id, channel, address, unsubscribed_at) VALUES ($1, 'email', 'gone@example.com', now())",
      [seller.id],
    );
    const res = await notify(parcel.shipmentId, { trigger: "exception", force: true });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: "suppressed", reason: "unsubscribed" });
    await deliverDueNotifications(t.db, deps);
    expect(await row(res.json().notificationId)).toMatchObject({ status: "suppressed" });
  });

  it("makes a retry with the same Idempotency-Key the same send", async () => {
    const parcel = await makeParcel(t.db, seller.id, { email: "once@example.com" });
    const headers = { "idempotency-key": `notify-${parcel.shipmentId}` };
    const first = await notify(parcel.shipmentId, { trigger: "shipped" }, seller.keys.write, headers);
    const again = await notify(parcel.shipmentId, { trigger: "shipped" }, seller.keys.write, headers);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().notificationId).toBe(first.json().notificationId);
    const [count] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notifications WHERE shipment_id = $1",
      [parcel.shipmentId],
    );
    expect(count!.n).toBe(1);
  });

  it("refuses what it cannot do, as problems", async () => {
    const parcel = await makeParcel(t.db, seller.id, { email: null, phone: "+14155550143" });
    expect((await notify(parcel.shipmentId, { trigger: "delay" }, seller.keys.read)).statusCode).toBe(403);
    expect((await notify("00000000-0000-4000-8000-000000000000", { trigger: "delay" })).statusCode).toBe(404);
    const both = await notify(parcel.shipmentId, { trigger: "delay", message: { text: "x" } });
    expect(both.statusCode).toBe(400);
    const noEmail = await notify(parcel.shipmentId, { trigger: "delay", channel: "email" });
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.json()).toMatchObject({ code: "SW_ERR_VALIDATION", detail: /no e-mail address/ });
  });
});
