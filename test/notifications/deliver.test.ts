/**
 * Sending from the notifications table through real channels: an SMTP server on loopback and a local emulator
 * of a Twilio-style SMS API. Retries only when the message certainly did not leave; a crashed worker's message
 * is never sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxEmail, outboxSms, type EmailChannel } from "../../src/notifications/channel.js";
import { deliverDueNotifications, type DeliveryDeps } from "../../src/notifications/deliver.js";
import { createSmsChannel } from "../../src/notifications/sms.js";
import { createSmtpChannel } from "../../src/notifications/smtp.js";
import { notificationJobOptions } from "../../src/notifications/jobs.js";
import { loadConfig } from "../../src/config/index.js";
import { startJobQueue } from "../../src/jobs/queue.js";
import { startWorker } from "../../src/jobs/worker.js";
import { testQueueOptions } from "../jobs/support.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { decodedBody, decodedHeader, header, startSmtpSink, type SmtpSink } from "./smtp-sink.js";
import { startTwilioEmulator, type TwilioEmulator } from "./twilio-emulator.js";
import { addParcel, makeParcel, makeSeller, notificationsOf, scan, scanTogether } from "./world.js";

let db: TestDatabase;
let smtp: SmtpSink;
let twilio: TwilioEmulator;
let deps: DeliveryDeps;
let seller: string;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpSink();
  twilio = await startTwilioEmulator();
  deps = {
    email: createSmtpChannel(smtp.url, { timeoutMs: 5_000 }),
    sms: createSmsChannel({
      baseUrl: twilio.url,
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: "+15005550006",
    }),
    publicUrl: "https://track.example.com",
    mailFrom: "orders@example.com",
  };
  seller = await makeSeller(db, "sender");
  await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
    seller,
    JSON.stringify({ burstWindowSeconds: 0, quietHours: null, fromName: "Acme Outdoor", staleAfterHours: 0 }),
  ]);
});
afterAll(async () => {
  deps.email.close?.();
  await smtp.close();
  await twilio.close();
  await db.destroy();
});

const pickup = { at: "2026-03-02T18:00:00Z", status: "in_transit", substatus: "picked_up" };
const ofd = { at: "2026-03-04T07:30:00Z", status: "out_for_delivery" };
const later = (ms: number) => new Date(Date.now() + ms);
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

describe("delivering notifications", () => {
  it("names the parcel when the order comes in two: the first delivered is not the whole order", async () => {
    const first = await makeParcel(db, seller, { email: "two@example.com", phone: null });
    const [second] = await db.query<{ id: string }>(
      "INSERT INTO shipments (seller_id, order_id, carrier, tracking_number) VALUES ($1, $2, 'ups', '1ZSECONDPARCEL01') RETURNING id",
      [seller, first.orderId],
    );
    const delivered = { at: "2026-03-04T15:00:00Z", status: "delivered" };
    await scan(db, seller, first, [delivered]);
    await deliverDueNotifications(db, deps);
    const [mail] = mailsTo("two@example.com");
    expect(header(mail!.raw, "Subject")).toMatch(/^Parcel 1 of 2 of order #\d+: Delivered$/);
    expect(mail!.raw).toContain("this message is about parcel 1");
    await scan(db, seller, { ...first, shipmentId: second!.id, trackingNumber: "1ZSECONDPARCEL01" }, [
      delivered,
    ]);
    await deliverDueNotifications(db, deps);
    expect(mailsTo("two@example.com").map((m) => header(m.raw, "Subject"))).toContainEqual(
      expect.stringMatching(/^Parcel 2 of 2 of order #\d+: Delivered$/),
    );
  });

  it("does not count a cancelled parcel: the one that ships is the whole order", async () => {
    const kept = await makeParcel(db, seller, { email: "cancelled@example.com", phone: null });
    const dropped = await addParcel(db, seller, kept);
    await db.query("UPDATE shipments SET status = 'cancelled' WHERE id = $1", [dropped.shipmentId]);
    await scan(db, seller, kept, [pickup]);
    await deliverDueNotifications(db, deps);
    const [mail] = mailsTo("cancelled@example.com");
    expect(header(mail!.raw, "Subject")).toMatch(/^Your order #\d+ is on its way$/);
    expect(mail!.raw).not.toContain("parcel 1");
  });

  it("gives the window as the shopper reads it the day the message goes out: no day already past", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const long = (d: string) =>
      new Intl.DateTimeFormat("en", {
        weekday: "long",
        month: "long",
        day: "numeric",
        timeZone: "UTC",
      }).format(new Date(`${d}T12:00:00Z`));
    for (const [email, earliest, latest] of [
      ["started@example.com", day(-2), day(3)],
      ["passed@example.com", day(-5), day(-2)],
    ] as const) {
      const parcel = await makeParcel(db, seller, { email, phone: null });
      await scan(db, seller, parcel, [pickup]);
      await db.query(
        `UPDATE notifications SET context = jsonb_set(context, '{window}', $2::jsonb) WHERE shipment_id = $1`,
        [parcel.shipmentId, JSON.stringify({ earliest, latest, source: "prediction" })],
      );
    }
    await deliverDueNotifications(db, deps);
    const started = decodedBody(mailsTo("started@example.com")[0]!.raw);
    // The time zone is the shopper's; none given here, so UTC, the zone `day` counts in.
    expect(started).toContain(`Expected delivery: ${long(day(0))} – ${long(day(3))}`);
    expect(started).not.toContain(long(day(-2)));
    const passed = decodedBody(mailsTo("passed@example.com")[0]!.raw);
    expect(passed).not.toContain("Expected delivery");
    expect(passed).not.toContain(long(day(-2)));
  });

  it("parcels of one order collected together make one e-mail that speaks for all of them", async () => {
    const first = await makeParcel(db, seller, { email: "together@example.com", phone: null });
    const second = await addParcel(db, seller, first);
    await scanTogether(db, seller, [first, second], [pickup]);
    const [carrier] = await notificationsOf(db, first.shipmentId);
    const [joined] = await notificationsOf(db, second.shipmentId);
    expect(carrier).toMatchObject({ trigger: "shipped", status: "queued" });
    expect(joined).toMatchObject({ trigger: "shipped", status: "collapsed", reason: "order" });
    expect(joined!.collapsed_into).toBe(carrier!.id);

    // Each parcel's own window, as decided: the message gives one that holds for both.
    const windowed = (earliest: string, latest: string) =>
      JSON.stringify({ earliest, latest, source: "carrier" });
    await db.query(
      `UPDATE notifications SET context = jsonb_set(context, '{window}', $2::jsonb) WHERE id = $1`,
      [carrier!.id, windowed("2030-03-05", "2030-03-06")],
    );
    await db.query(
      `UPDATE notifications SET context = jsonb_set(context, '{window}', $2::jsonb) WHERE id = $1`,
      [joined!.id, windowed("2030-03-04", "2030-03-09")],
    );
    await deliverDueNotifications(db, deps);
    const mails = mailsTo("together@example.com");
    expect(mails).toHaveLength(1);
    expect(header(mails[0]!.raw, "Subject")).toMatch(/^Your order #\d+ is on its way$/);
    const text = decodedBody(mails[0]!.raw);
    expect(text).toContain("this message is about all of them");
    expect(text).toContain(`Tracking numbers: UPS ${first.trackingNumber}, UPS ${second.trackingNumber}`);
    expect(text).toContain("Expected delivery: Monday, March 4 – Saturday, March 9");
  });

  it("names the parcels a message speaks for when some of the order's parcels travel together", async () => {
    const first = await makeParcel(db, seller, { email: "three@example.com", phone: null });
    const second = await addParcel(db, seller, first);
    const third = await addParcel(db, seller, first);
    await scanTogether(db, seller, [second, third], [pickup]);
    await deliverDueNotifications(db, deps);
    const mails = mailsTo("three@example.com");
    expect(mails.map((m) => header(m.raw, "Subject"))).toEqual([
      expect.stringMatching(/^Parcels 2 and 3 of 3 of order #\d+: Your order has shipped$/),
    ]);
    expect(mails[0]!.raw).toContain("this message is about parcels 2 and 3");
    // The third parcel's own pickup, later, is news of its own.
    await scan(db, seller, first, [{ ...pickup, at: "2026-03-03T09:00:00Z" }]);
    await deliverDueNotifications(db, deps);
    expect(mailsTo("three@example.com").map((m) => header(m.raw, "Subject"))).toContainEqual(
      expect.stringMatching(/^Parcel 1 of 3 of order #\d+: Your order has shipped$/),
    );
  });

  it("gathers the alerts opened while the team's e-mail waits into one digest per address", async () => {
    const shop = await makeSeller(db, "outage");
    await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
      shop,
      JSON.stringify({ staleAfterHours: 0, teamEmails: ["ops@outage.example", "lead@outage.example"] }),
    ]);
    const parcels = [];
    for (const email of ["a@outage.example", "b@outage.example", "c@outage.example"])
      parcels.push(await makeParcel(db, shop, { email, phone: null }));
    const damaged = { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged" };
    // Two alerts in one batch, a third in a later one while the e-mail still waits (the burst window, 120 s).
    await scanTogether(db, shop, parcels.slice(0, 2), [damaged]);
    await scan(db, shop, parcels[2]!, [damaged]);
    const team = await db.query<{ recipient: string; status: string; reason: string | null }>(
      "SELECT recipient, status, reason FROM notifications WHERE seller_id = $1 AND audience = 'team' ORDER BY id",
      [shop],
    );
    expect(
      team
        .filter((t) => t.status === "queued")
        .map((t) => t.recipient)
        .sort(),
    ).toEqual(["lead@outage.example", "ops@outage.example"]);
    expect(team.filter((t) => t.status === "collapsed" && t.reason === "digest")).toHaveLength(4);
    // Nothing goes before the window ends.
    await deliverDueNotifications(db, deps);
    expect(mailsTo("ops@outage.example")).toEqual([]);

    await deliverDueNotifications(db, deps, later(121_000));
    for (const address of ["ops@outage.example", "lead@outage.example"]) {
      const mails = mailsTo(address);
      expect(mails).toHaveLength(1);
      expect(decodedHeader(mails[0]!.raw, "Subject")).toBe(
        "[Shop outage] 3 new alerts – 3 carrier exception",
      );
      const text = decodedBody(mails[0]!.raw);
      for (const p of parcels) {
        expect(text).toContain(`UPS ${p.trackingNumber}`);
        expect(text).toContain(`https://track.example.com/app/shipments/${p.shipmentId}`);
      }
      expect(text).toContain("https://track.example.com/app/exceptions");
    }
  });

  it("sends one e-mail per alert, at once, to a seller who turned the digest off", async () => {
    const shop = await makeSeller(db, "ticketing");
    await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
      shop,
      JSON.stringify({ staleAfterHours: 0, teamEmails: ["inbox@ticketing.example"], teamAlertDigest: false }),
    ]);
    const parcels = [];
    for (const email of ["a@ticketing.example", "b@ticketing.example"])
      parcels.push(await makeParcel(db, shop, { email, phone: null }));
    await scanTogether(db, shop, parcels, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged" },
    ]);
    await deliverDueNotifications(db, deps);
    const mails = mailsTo("inbox@ticketing.example");
    expect(mails).toHaveLength(2);
    const texts = mails.map((m) => decodedBody(m.raw));
    for (const p of parcels)
      expect(texts.filter((t) => t.includes(`UPS ${p.trackingNumber}`))).toHaveLength(1);
    const collapsed = await db.query(
      "SELECT 1 FROM notifications WHERE seller_id = $1 AND audience = 'team' AND status = 'collapsed'",
      [shop],
    );
    expect(collapsed).toEqual([]);
  });

  it("a critical alert does not wait: the team's e-mail it joins goes at once", async () => {
    const shop = await makeSeller(db, "urgent");
    await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
      shop,
      JSON.stringify({ staleAfterHours: 0, teamEmails: ["ops@urgent.example"] }),
    ]);
    await db.query(
      `INSERT INTO alert_rules (seller_id, kind, enabled, params, actions)
       VALUES ($1, 'carrier_exception', true, '{"severity": "critical"}', '[{"type": "notify_team"}]')`,
      [shop],
    );
    const returning = await makeParcel(db, shop, { email: "r@urgent.example", phone: null });
    const lost = await makeParcel(db, shop, { email: "l@urgent.example", phone: null });
    // A warning (returning to sender) waits the burst window for others to join it…
    await scan(db, shop, returning, [{ at: "2026-03-02T18:00:00Z", status: "return_to_sender" }]);
    await deliverDueNotifications(db, deps);
    expect(mailsTo("ops@urgent.example")).toEqual([]);
    // …until a critical one joins it: then it goes now, with both.
    await scan(db, shop, lost, [{ at: "2026-03-02T19:00:00Z", status: "exception", substatus: "lost" }]);
    await deliverDueNotifications(db, deps);
    const mails = mailsTo("ops@urgent.example");
    expect(mails).toHaveLength(1);
    expect(decodedHeader(mails[0]!.raw, "Subject")).toBe(
      "[Shop urgent] 2 new alerts – 1 returning, 1 carrier exception",
    );
  });

  it("hands the shipped e-mail to SMTP with one-click unsubscribe headers and the out-for-delivery SMS to the API", async () => {
    const parcel = await makeParcel(db, seller, { email: "ana@example.com", phone: "+351912345678" });
    await scan(db, seller, parcel, [pickup]);
    await scan(db, seller, parcel, [ofd]);
    const report = await deliverDueNotifications(db, deps);
    expect(report).toMatchObject({ sent: 2, failed: 0 });
    const [mail] = mailsTo("ana@example.com");
    expect(header(mail!.raw, "Subject")).toMatch(/^Your order #\d+ is on its way$/);
    expect(header(mail!.raw, "From")).toBe("Acme Outdoor <orders@example.com>");
    expect(header(mail!.raw, "List-Unsubscribe")).toMatch(
      /^<https:\/\/track\.example\.com\/unsubscribe\/[\w-]+>$/,
    );
    expect(header(mail!.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(mail!.raw).toContain("https://track.example.com/track/sender/s/");
    const sms = twilio.messages.find((m) => m.to === "+351912345678")!;
    // The long signed link leaves no room for the shop's name in one segment: the shorter variant is chosen.
    expect(sms.body).toMatch(
      /^order #\d+ is out for delivery today\. https:\/\/track\.example\.com\/track\/sender\/s\/[\w-]+$/,
    );
    expect(sms.body.length).toBeLessThanOrEqual(160);
    const rows = await notificationsOf(db, parcel.shipmentId);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("never sends a message twice: a second run and a replay of every event send nothing", async () => {
    const parcel = await makeParcel(db, seller, { email: "twice@example.com" });
    await scan(db, seller, parcel, [pickup]);
    await deliverDueNotifications(db, deps);
    await scan(db, seller, parcel, [pickup]);
    await deliverDueNotifications(db, deps);
    expect(mailsTo("twice@example.com")).toHaveLength(1);
  });

  it("a worker that dies before its hand-off leaves the message to be sent again, once", async () => {
    const parcel = await makeParcel(db, seller, { email: "crash@example.com" });
    await scan(db, seller, parcel, [pickup]);
    let handedOver = 0;
    const hanging: EmailChannel = {
      transport: "smtp",
      send: () => {
        handedOver += 1;
        return new Promise(() => undefined); // the process "dies" here, before the end of its DATA
      },
    };
    void deliverDueNotifications(db, { ...deps, email: hanging, leaseSeconds: 30 });
    await expect.poll(() => handedOver).toBe(1);
    const report = await deliverDueNotifications(db, deps, later(31_000));
    expect(report).toMatchObject({ requeued: 1, sent: 1 });
    expect(mailsTo("crash@example.com")).toHaveLength(1);
    const [row] = await notificationsOf(db, parcel.shipmentId);
    expect(row).toMatchObject({ status: "sent", reason: null });
    // The first worker, alive after all, finds its claim gone at the hand-off and abandons its copy.
    expect((await deliverDueNotifications(db, deps, later(62_000))).sent).toBe(0);
  });

  it("a worker that dies after its hand-off is never resent: the e-mail counts as sent, unconfirmed", async () => {
    const parcel = await makeParcel(db, seller, { email: "handed@example.com" });
    await scan(db, seller, parcel, [pickup]);
    let handedOver = 0;
    const dyingAfterEnd: EmailChannel = {
      transport: "smtp",
      send: async (_message, handOff) => {
        await handOff?.(); // the end of DATA was written...
        handedOver += 1;
        return new Promise(() => undefined); // ...and the process died before the server's answer
      },
    };
    void deliverDueNotifications(db, { ...deps, email: dyingAfterEnd, leaseSeconds: 30 });
    await expect.poll(() => handedOver).toBe(1);
    const report = await deliverDueNotifications(db, deps, later(31_000));
    expect(report).toMatchObject({ settled: 1, sent: 0 });
    expect(mailsTo("handed@example.com")).toHaveLength(0); // this channel never reached the sink
    const [row] = await notificationsOf(db, parcel.shipmentId);
    expect(row).toMatchObject({ status: "sent", reason: "unconfirmed" });
  });

  it("retries after a temporary refusal and gives up on a permanent one", async () => {
    const soon = await makeParcel(db, seller, { email: "busy@example.com" });
    const never = await makeParcel(db, seller, { email: "gone@example.com" });
    smtp.refuse.set("busy@example.com", 451);
    smtp.refuse.set("gone@example.com", 550);
    await scan(db, seller, soon, [pickup]);
    await scan(db, seller, never, [pickup]);
    const first = await deliverDueNotifications(db, deps);
    expect(first).toMatchObject({ retried: 1, failed: 1 });
    const [waiting] = await notificationsOf(db, soon.shipmentId);
    expect(waiting).toMatchObject({ status: "queued", reason: "retrying" });
    expect(new Date(waiting!.send_after).getTime()).toBeGreaterThan(Date.now());
    expect((await notificationsOf(db, never.shipmentId))[0]).toMatchObject({
      status: "failed",
      reason: "permanent",
    });
    smtp.refuse.delete("busy@example.com");
    expect((await deliverDueNotifications(db, deps)).sent).toBe(0); // not due yet
    expect((await deliverDueNotifications(db, deps, later(61_000))).sent).toBe(1);
    expect(mailsTo("busy@example.com")).toHaveLength(1);
  });

  it("an SMS API outage is retried, an invalid number is not", async () => {
    const down = await makeParcel(db, seller, { email: null, phone: "+14155550100" });
    const invalid = await makeParcel(db, seller, { email: null, phone: "+10000000000" });
    twilio.failFor.set("+14155550100", 503);
    twilio.failFor.set("+10000000000", 400);
    for (const p of [down, invalid]) await scan(db, seller, p, [pickup, ofd]);
    expect(await deliverDueNotifications(db, deps)).toMatchObject({ retried: 1, failed: 1 });
    twilio.failFor.clear();
    expect((await deliverDueNotifications(db, deps, later(61_000))).sent).toBe(1);
    expect(twilio.messages.filter((m) => m.to === "+14155550100")).toHaveLength(1);
    expect((await notificationsOf(db, invalid.shipmentId)).at(-1)).toMatchObject({
      status: "failed",
      reason: "permanent",
    });
  });

  it("does not send to an address that unsubscribed from the seller's e-mails", async () => {
    const parcel = await makeParcel(db, seller, { email: "quiet@example.com" });
    await db.query(
      "INSERT INTO notification_preferences (seller_id, channel, address, unsubscribed_at) VALUES ($1, 'email', $2, now())",
      [seller, "quiet@example.com"],
    );
    await scan(db, seller, parcel, [pickup]);
    expect((await deliverDueNotifications(db, deps)).suppressed).toBe(1);
    expect(mailsTo("quiet@example.com")).toHaveLength(0);
  });

  it("writes in the shopper's language and escapes what came from outside", async () => {
    const parcel = await makeParcel(db, seller, {
      email: "zoe@example.fr",
      locale: "fr-FR",
      firstName: "<b>Zoé</b>",
    });
    await scan(db, seller, parcel, [pickup]);
    await deliverDueNotifications(db, { ...deps, email: outboxEmail, sms: outboxSms });
    const [row] = await db.query<{
      subject: string;
      body_html: string;
      body_text: string;
      transport: string;
    }>("SELECT subject, body_html, body_text, transport FROM notifications WHERE shipment_id = $1", [
      parcel.shipmentId,
    ]);
    expect(row!.transport).toBe("outbox");
    expect(row!.subject).toMatch(/^Votre commande #\d+ est en route$/);
    expect(row!.body_html).toContain("Bonjour &lt;b&gt;Zoé&lt;/b&gt;,");
    expect(row!.body_html).not.toContain("<b>Zoé");
    expect(row!.body_text).toContain("Bonjour <b>Zoé</b>,");
  });

  it("the worker started by `serve` sends what the ingest path decides through its pg-boss job, woken on commit", async () => {
    const config = loadConfig({}, { smtpUrl: smtp.url, logLevel: "silent", mailFrom: "shop@example.com" });
    const queue = await startJobQueue(db, await testQueueOptions(db));
    const worker = await startWorker(db, queue, {
      idleMs: 50,
      onError: (e) => expect.fail(e.message),
      // No backstop during the test: the send must come from the commit's wake-up.
      notifications: { ...notificationJobOptions(config), backstopSeconds: 3_600 },
    });
    try {
      const parcel = await makeParcel(db, seller, { email: "loop@example.com" });
      await scan(db, seller, parcel, [pickup]);
      await expect.poll(() => mailsTo("loop@example.com").length, { timeout: 10_000 }).toBe(1);
      const [job] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${queue.schema}.job WHERE name = 'deliver-notifications' AND state = 'completed'`,
      );
      expect(job!.n).toBeGreaterThan(0);
    } finally {
      await worker.stop();
      await queue.stop({ graceful: false });
    }
  });
});
