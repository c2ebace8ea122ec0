/**
 * Messages in the dashboard: every message the product decided (a scan's e-mail, the team's own words by SMS, a
 * refused send), newest first, filtered, a page at a time; one message with its text escaped as sent; another
 * seller's message is not found; viewers read it as they read a shipment's messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError, outboxEmail, outboxSms, type EmailChannel } from "../../src/notifications/channel.js";
import { deliverDueNotifications } from "../../src/notifications/deliver.js";
import { queueManualNotification } from "../../src/notifications/manual-send.js";
import { makeParcel, scan, type Parcel } from "../notifications/world.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let support: Client;
let hostile: Parcel;
let emailId: number;
let smsId: number;
let failedId: number;
const HOSTILE = "<script>alert(1)</script>";
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const deliver = (email: EmailChannel = outboxEmail) =>
  deliverDueNotifications(w.db, {
    email,
    sms: outboxSms,
    publicUrl: "https://track.example.com",
    mailFrom: "shop@example.com",
    maxAttempts: 1,
  });

/** The team's own words to a shipment's shopper, as "Notify shopper" queues them. */
const writeTo = (sellerId: string, shipmentId: string, text: string, channel: "email" | "sms" = "email") =>
  w.db.session((tx) =>
    queueManualNotification(tx, {
      sellerId,
      shipmentId,
      message: { subject: null, text },
      channel,
      force: true,
      actor: "user:test",
    }),
  );

/** Where each text first appears in the page (-1 when it does not). */
const positions = (body: string, texts: string[]) => texts.map((t) => body.indexOf(t));

beforeAll(async () => {
  w = await createDashboardWorld();
  const seller = w.sellerRecord.id;
  // A scan decides the "shipped" e-mail; the shopper's first name is hostile text the body carries.
  hostile = await makeParcel(w.db, seller, { email: "Hostile@Example.com", firstName: HOSTILE });
  await scan(w.db, seller, hostile, [{ at: hoursAgo(5), status: "in_transit" }]);
  await deliver();
  // Then an SMS in the team's words, and an e-mail the mail server refuses.
  const texted = await makeParcel(w.db, seller, { email: null, phone: "+1 415 555 0199" });
  smsId = (await writeTo(seller, texted.shipmentId, "Your parcel is at the depot.", "sms")).notificationId;
  await deliver();
  const refused = await makeParcel(w.db, seller, { email: "gone@example.com" });
  failedId = (await writeTo(seller, refused.shipmentId, "Hello")).notificationId;
  await deliver({
    transport: "smtp",
    send: async () => {
      throw new DeliveryError("550 <gone@example.com>: mailbox unavailable", "permanent");
    },
  });
  [{ id: emailId }] = (await w.db.query<{ id: number }>(
    "SELECT id FROM notifications WHERE shipment_id = $1",
    [hostile.shipmentId],
  )) as [{ id: number }];
  support = await signIn(w.app, "support@acme.test");
});
afterAll(() => w.close());

describe("dashboard messages", () => {
  it("lists messages newest first with what became of each, from the main navigation", async () => {
    const page = await support.get("/app/messages");
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a href="\/app\/messages"\s+aria-current="page">Messages<\/a>/);
    expect(page.body).toContain(`role="region" aria-label="Messages"`);
    const [failed, sms, email] = positions(page.body, [
      `/app/messages/${failedId}"`,
      `/app/messages/${smsId}"`,
      `/app/messages/${emailId}"`,
    ]);
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(sms!);
    expect(sms).toBeLessThan(email!);
    expect(page.body).toContain("Failed: 550 &lt;gone@example.com&gt;: mailbox unavailable");
    expect(page.body).toContain("Written by the team");
    expect(page.body).toContain("+14155550199");
    expect(page.body).toContain(`href="/app/shipments/${hostile.shipmentId}">UPS ${hostile.trackingNumber}`);
    expect(page.body).not.toContain(HOSTILE);
  });

  it("filters by status, channel, message and the start of the recipient, as typed", async () => {
    const only = async (query: string) => {
      const body = (await support.get(`/app/messages?${query}`)).body;
      return [emailId, smsId, failedId].filter((id) => body.includes(`/app/messages/${id}"`));
    };
    expect(await only("status=failed")).toEqual([failedId]);
    expect(await only("channel=sms")).toEqual([smsId]);
    expect(await only("trigger=shipped")).toEqual([emailId]);
    expect(await only("recipient=HOSTILE%40example")).toEqual([emailId]);
    expect(await only("recipient=hostile%40example.com")).toEqual([emailId]);
    expect(await only("recipient=%2B1%20415")).toEqual([smsId]);
    expect(await only("recipient=%25")).toEqual([]);
    expect(await only("status=sent&channel=email")).toEqual([emailId]);
    // The form shows the filters in use; an unknown value is ignored like a stale bookmark.
    const form = (await support.get("/app/messages?status=failed&trigger=nope")).body;
    expect(form).toContain(`<option value="failed"  selected>`);
    expect(form).toContain("not sent (folded into another)");
    // The team's own messages can be picked too: a return to approve is not a shopper's "return received".
    expect(form).toContain('<option value="return_requested" >Return requested</option>');
  });

  it("shows one message with its text escaped as sent, its facts and its shipment", async () => {
    const page = await support.get(`/app/messages/${emailId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(HOSTILE);
    expect(page.body).toContain(`<pre class="message">Hi &lt;script&gt;alert(1)&lt;/script&gt;,`);
    expect(page.body).toContain("<strong>Subject:</strong> Your order");
    expect(page.body).toContain("the built-in outbox");
    expect(page.body).toContain("This is the text version of the e-mail.");
    expect(page.body).toContain(`href="/app/shipments/${hostile.shipmentId}"`);
    expect(page.body).not.toContain("<iframe");
    // The text as sent carried the shopper's one-click unsubscribe link: a teammate is not one click from it.
    const [sent] = await w.db.query<{ body_text: string }>(
      "SELECT body_text FROM notifications WHERE id = $1",
      [emailId],
    );
    expect(sent!.body_text).toMatch(/\/unsubscribe\/[\w-]+/);
    expect(page.body).not.toMatch(/\/unsubscribe\/[\w-]+/);
    expect(page.body).toContain("(the shopper&#39;s unsubscribe link)");
    const failed = await support.get(`/app/messages/${failedId}`);
    expect(failed.body).toContain(
      `<span class="error">550 &lt;gone@example.com&gt;: mailbox unavailable</span>`,
    );
    expect(failed.body).toContain("This message was never sent, so it has no text.");
    expect(failed.body).toContain("(sent by hand)");
  });

  it("pages 50 at a time through an Older link that keeps the filters", async () => {
    const parcel = await makeParcel(w.db, w.sellerRecord.id, { email: "busy@example.com" });
    const ids: number[] = [];
    for (let i = 0; i < 52; i++)
      ids.push((await writeTo(w.sellerRecord.id, parcel.shipmentId, `Update ${i}`)).notificationId);
    const first = (await support.get("/app/messages?recipient=busy%40")).body;
    const shown = (body: string) =>
      ids
        .filter((id) => body.includes(`/app/messages/${id}"`))
        .sort((a, b) => body.indexOf(`/app/messages/${a}"`) - body.indexOf(`/app/messages/${b}"`));
    expect(shown(first)).toEqual(ids.slice(2).reverse());
    const older = /href="(\/app\/messages\?[^"]*before=\d+)"/.exec(first)![1]!.replace(/&amp;/g, "&");
    expect(older).toBe(`/app/messages?recipient=busy%40&before=${ids[2]}`);
    const second = (await support.get(older)).body;
    expect(shown(second)).toEqual([ids[1], ids[0]]);
    expect(second).toContain(`<a href="/app/messages">Newest</a>`);
    expect(second).not.toContain("before=");
  });

  it("does not show another seller's message, nor a made-up id", async () => {
    const other = await w.seller("othershop");
    const theirs = await makeParcel(w.db, other.id, { email: "theirs@example.com" });
    const { notificationId } = await writeTo(other.id, theirs.shipmentId, "Not yours");
    for (const id of [notificationId, 0, "abc", "99999999999999999999"]) {
      const res = await support.get(`/app/messages/${id}`);
      expect(res.statusCode).toBe(404);
    }
    expect((await support.get("/app/messages")).body).not.toContain("theirs@example.com");
  });

  it("lets a viewer read messages and their recipients, as on the shipment page", async () => {
    const viewer = await signIn(w.app, "viewer@acme.test");
    const list = await viewer.get("/app/messages?recipient=hostile");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("hostile@example.com");
    expect((await viewer.get(`/app/messages/${emailId}`)).statusCode).toBe(200);
    const shipment = (await viewer.get(`/app/shipments/${hostile.shipmentId}`)).body;
    expect(shipment).toContain("hostile@example.com");
    // The shipment's own list opens each message here.
    expect(shipment).toContain(`href="/app/messages/${emailId}"`);
  });
});
