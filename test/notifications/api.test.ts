/** The /v1 notification and alert routes and the public unsubscribe page, through the real app. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueNotifications } from "../../src/notifications/deliver.js";
import { outboxEmail, outboxSms } from "../../src/notifications/channel.js";
import { bearer, createTestApp, type TestApp, type TestSeller } from "../support/app.js";
import { makeParcel, scan } from "./world.js";

let t: TestApp;
let seller: TestSeller;
beforeAll(async () => {
  t = await createTestApp();
  seller = await t.seller("apishop");
});
afterAll(() => t.close());

const call = async (
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  key: string,
  payload?: unknown,
) => {
  const res = await t.app.inject({
    method,
    url,
    headers: bearer(key),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : {} };
};

describe("notification policy, templates and preview", () => {
  it("serves the defaults and stores the seller's policy (admin only)", async () => {
    const defaults = await call("GET", "/v1/notification-policy", seller.keys.read);
    expect(defaults.body).toMatchObject({ quietHours: { start: "21:00", end: "08:00" }, maxPerShipment: 6 });
    expect((await call("PUT", "/v1/notification-policy", seller.keys.write, {})).status).toBe(403);
    const put = await call("PUT", "/v1/notification-policy", seller.keys.admin, {
      channels: { delivered: ["email", "sms"] },
      quietHours: null,
    });
    expect(put.status).toBe(200);
    expect((await call("GET", "/v1/notification-policy", seller.keys.read)).body).toMatchObject({
      channels: { delivered: ["email", "sms"] },
      quietHours: null,
    });
    const bad = await call("PUT", "/v1/notification-policy", seller.keys.admin, {
      quietHours: { start: "25:00", end: "08:00" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("SW_ERR_VALIDATION");
  });

  it("previews the built-in message in the shopper's language with the SMS size", async () => {
    const res = await call("POST", "/v1/notification-templates/preview", seller.keys.read, {
      trigger: "out_for_delivery",
      locale: "pt-BR",
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe("Seu pedido #1001 chega hoje");
    expect(res.body.html).toContain('lang="pt-BR"');
    expect(res.body.sms).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("previews a draft template with every variable escaped in HTML", async () => {
    const res = await call("POST", "/v1/notification-templates/preview", seller.keys.read, {
      trigger: "shipped",
      email: {
        subject: "{{firstName}}, order {{orderNumber}} shipped",
        bodyText: "Hi {{firstName}}",
        bodyHtml: "<p>Hi {{firstName}}: {{status}}</p>",
      },
    });
    expect(res.body.subject).toBe("Alex, order #1001 shipped");
    expect(res.body.html).toBe("<p>Hi Alex: On its way</p>");
    await call("PUT", "/v1/notification-templates/shipped/email/en", seller.keys.admin, {
      subject: "Shipped {{orderNumber}}",
      bodyText: "Hi {{firstName}}, {{trackingLink}}",
      bodyHtml: "<p>Hi {{firstName}}</p>",
    });
    const list = await call("GET", "/v1/notification-templates", seller.keys.read);
    expect(list.body.items).toHaveLength(1);
    expect(
      (await call("DELETE", "/v1/notification-templates/shipped/email/en", seller.keys.admin)).status,
    ).toBe(204);
  });
});

describe("alerts through the API", () => {
  it("lists the queue with age and SLA, and moves an alert through its lifecycle with an audit trail", async () => {
    const parcel = await makeParcel(t.db, seller.id);
    await scan(t.db, seller.id, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "held_customs" },
    ]);
    const list = await call("GET", "/v1/alerts", seller.keys.read);
    const alert = list.body.items.find((a: { shipmentId: string }) => a.shipmentId === parcel.shipmentId);
    expect(alert).toMatchObject({
      kind: "carrier_exception",
      status: "open",
      trackingNumber: parcel.trackingNumber,
    });
    expect(alert.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(alert.slaDueAt).toEqual(expect.any(String));
    expect((await call("POST", `/v1/alerts/${alert.id}/acknowledge`, seller.keys.read, {})).status).toBe(403);
    expect(
      (await call("POST", `/v1/alerts/${alert.id}/assign`, seller.keys.write, { team: "support" })).body.team,
    ).toBe("support");
    expect(
      (await call("POST", `/v1/alerts/${alert.id}/acknowledge`, seller.keys.write, {})).body.status,
    ).toBe("acknowledged");
    expect(
      (await call("POST", `/v1/alerts/${alert.id}/resolve`, seller.keys.write, { resolution: "duties paid" }))
        .body,
    ).toMatchObject({ status: "resolved", resolution: "duties paid" });
    const again = await call("POST", `/v1/alerts/${alert.id}/resolve`, seller.keys.write, {});
    expect(again).toMatchObject({ status: 409, body: { code: "SW_ERR_CONFLICT" } });
    const audit = await call("GET", "/v1/audit", seller.keys.admin);
    const actions = audit.body.items
      .filter((a: { targetId: string }) => a.targetId === alert.id)
      .map((a: { action: string }) => a.action);
    expect(actions).toEqual(["alert.resolve", "alert.acknowledge", "alert.assign", "alert.open"]);
    const other = await t.seller("otherapishop");
    expect((await call("GET", `/v1/alerts/${alert.id}`, other.keys.read)).status).toBe(404);
  });

  it("lets the seller change a rule as data", async () => {
    const res = await call("PUT", "/v1/alert-rules/presumed_lost", seller.keys.admin, {
      params: { days: 10 },
      severity: "warning",
    });
    expect(res.body).toMatchObject({ kind: "presumed_lost", params: { days: 10 }, severity: "warning" });
    const rules = await call("GET", "/v1/alert-rules", seller.keys.read);
    expect(
      rules.body.items.find((r: { kind: string }) => r.kind === "stalled").params.fallbackBusinessHours,
    ).toBe(24);
  });

  it("puts a rule back to the built-in one", async () => {
    await call("PUT", "/v1/alert-rules/late", seller.keys.admin, {
      params: { graceDays: 4 },
      enabled: false,
    });
    const fresh = await t.seller("builtinrules");
    const lateOf = async (key: string) =>
      (await call("GET", "/v1/alert-rules", key)).body.items.find((r: { kind: string }) => r.kind === "late");
    const reset = await call("DELETE", "/v1/alert-rules/late", seller.keys.admin);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual(await lateOf(fresh.keys.read));
    expect(reset.body).toMatchObject({ kind: "late", enabled: true });
    expect(await lateOf(seller.keys.read)).toEqual(reset.body);
    // Again: nothing left to drop, the same answer; a read key may not; an unknown rule is a 400.
    expect((await call("DELETE", "/v1/alert-rules/late", seller.keys.admin)).body).toEqual(reset.body);
    expect((await call("DELETE", "/v1/alert-rules/late", seller.keys.read)).status).toBe(403);
    expect((await call("DELETE", "/v1/alert-rules/nope", seller.keys.admin)).status).toBe(400);
    const audit = await call("GET", "/v1/audit", seller.keys.admin);
    const resets = audit.body.items.filter(
      (a: { action: string; targetId: string; data: { reset?: boolean } }) =>
        a.action === "alert_rule.update" && a.targetId === "late" && a.data?.reset,
    );
    expect(resets).toHaveLength(1);
  });

  it("refuses a helpdesk action through an endpoint that is not the seller's helpdesk", async () => {
    const other = await t.seller("otherhelpdeskshop");
    const foreign = await call("POST", "/v1/outgoing-webhooks", other.keys.admin, {
      kind: "helpdesk",
      url: "https://other.zendesk.com/api/v2/tickets.json",
      config: { preset: "zendesk", headers: { Authorization: "Basic c2VjcmV0" } },
    });
    const res = await call("PUT", "/v1/alert-rules/returned", seller.keys.admin, {
      actions: [{ type: "webhook" }, { type: "helpdesk", endpointId: foreign.body.id }],
    });
    expect(res).toMatchObject({ status: 400, body: { code: "SW_ERR_VALIDATION" } });
    expect(res.body.detail).toBe("body.actions.1.endpointId: not one of your helpdesk endpoints");
    const rules = await call("GET", "/v1/alert-rules", seller.keys.read);
    expect(rules.body.items.find((r: { kind: string }) => r.kind === "returned").actions).toEqual([
      { type: "webhook" },
    ]);
  });
});

describe("outgoing webhook endpoints", () => {
  it("shows the secret once, keeps helpdesk credentials hidden, and exposes the delivery log", async () => {
    const created = await call("POST", "/v1/outgoing-webhooks", seller.keys.admin, {
      url: "https://hooks.example.com/sw",
      topics: ["shipment.status_changed"],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const helpdesk = await call("POST", "/v1/outgoing-webhooks", seller.keys.admin, {
      kind: "helpdesk",
      url: "https://acme.zendesk.com/api/v2/tickets.json",
      config: { preset: "zendesk", headers: { Authorization: "Basic c2VjcmV0" } },
    });
    expect(helpdesk.body.config.headers).toEqual(["Authorization"]);
    const listed = await call("GET", "/v1/outgoing-webhooks", seller.keys.admin);
    // Listed: enough of the secret to recognise it (6 of its 32 random characters), never the rest.
    const secret = created.body.secret as string;
    expect(listed.body.items[0].secretPrefix).toBe(secret.slice(0, 12));
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(12));
    expect(JSON.stringify(listed.body)).not.toContain("c2VjcmV0");
    const parcel = await makeParcel(t.db, seller.id);
    await scan(t.db, seller.id, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    const log = await call("GET", `/v1/outgoing-webhooks/${created.body.id}/deliveries`, seller.keys.admin);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      topic: "shipment.status_changed",
      status: "pending",
      attempt_log: [],
    });
    expect(
      (
        await call(
          "POST",
          `/v1/outgoing-webhook-deliveries/${log.body.items[0].id}/redeliver`,
          seller.keys.admin,
        )
      ).status,
    ).toBe(202);
    const badTemplate = await call("POST", "/v1/outgoing-webhooks", seller.keys.admin, {
      kind: "helpdesk",
      url: "https://example.com/x",
      config: { preset: "custom", bodyTemplate: "{not json" },
    });
    expect(badTemplate.status).toBe(400);
  });
});

describe("SSRF protection when a seller configures an outgoing URL", () => {
  it("refuses loopback, private, metadata and IPv4-mapped addresses and host names resolving to them", async () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://10.0.0.8/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::1]:3000/",
      "http://[fd00:ec2::254]/",
    ]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/v1/outgoing-webhooks",
        headers: bearer(seller.keys.admin),
        payload: { url },
      });
      expect(res.statusCode, url).toBe(422);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        code: "SW_ERR_WEBHOOK_TARGET_FORBIDDEN",
        detail: expect.stringMatching(/^body\.url: .*(loopback|private|link-local|unique local)/),
        url,
      });
    }
    const created = await call("POST", "/v1/outgoing-webhooks", seller.keys.admin, {
      url: "https://hooks.example.com/ok",
    });
    expect(created.status).toBe(201);
    const moved = await call("PATCH", `/v1/outgoing-webhooks/${created.body.id}`, seller.keys.admin, {
      url: "http://192.168.1.10/",
    });
    expect(moved.status).toBe(422);
    const ftp = await call("POST", "/v1/outgoing-webhooks", seller.keys.admin, {
      url: "ftp://example.com/x",
    });
    expect(ftp.status).toBe(400);
  });

  it("accepts private targets when the operator allows them", async () => {
    const open = await createTestApp({ allowPrivateWebhookTargets: true });
    try {
      const shop = await open.seller("lan-shop");
      const res = await open.app.inject({
        method: "POST",
        url: "/v1/outgoing-webhooks",
        headers: bearer(shop.keys.admin),
        payload: { url: "http://127.0.0.1:8080/hook" },
      });
      expect(res.statusCode).toBe(201);
    } finally {
      await open.close();
    }
  });
});

describe("one-click unsubscribe", () => {
  it("asks on GET, unsubscribes on the one-click POST, and the next message is suppressed", async () => {
    const parcel = await makeParcel(t.db, seller.id, { email: "leave@example.com" });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    await scan(t.db, seller.id, parcel, [{ at: hoursAgo(5), status: "in_transit" }]);
    const deps = {
      email: outboxEmail,
      sms: outboxSms,
      publicUrl: "https://track.example.com",
      mailFrom: "o@example.com",
    };
    await deliverDueNotifications(t.db, deps);
    const [sent] = await t.db.query<{ body_text: string }>(
      "SELECT body_text FROM notifications WHERE shipment_id = $1",
      [parcel.shipmentId],
    );
    const path = /https:\/\/track\.example\.com(\/unsubscribe\/[\w-]+)/.exec(sent!.body_text)![1]!;
    const page = await t.app.inject({ method: "GET", url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("l•••@example.com");
    const before = await call(
      "GET",
      "/v1/notification-preferences?address=leave@example.com",
      seller.keys.read,
    );
    expect(before.body.channels).toEqual([]);
    const post = await t.app.inject({
      method: "POST",
      url: path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(post.statusCode).toBe(200);
    const after = await call(
      "GET",
      "/v1/notification-preferences?address=leave@example.com",
      seller.keys.read,
    );
    expect(after.body.channels[0]).toMatchObject({ channel: "email", source: "list-unsubscribe" });
    await scan(t.db, seller.id, parcel, [{ at: hoursAgo(1), status: "delivered" }]);
    // (due once the burst window after the first message has passed)
    expect((await deliverDueNotifications(t.db, deps, new Date(Date.now() + 180_000))).suppressed).toBe(1);
    expect((await t.app.inject({ method: "POST", url: `${path}x` })).statusCode).toBe(404);
  });
});

describe("the outbox list", () => {
  it("lists a seller's messages newest first, filtered, a page at a time, with the same fields as always, plus the message a collapsed one folded into", async () => {
    const shop = await t.seller("outboxapi");
    const first = await makeParcel(t.db, shop.id, { email: "first@example.com", phone: null });
    const second = await makeParcel(t.db, shop.id, { email: "second@example.com", phone: null });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    await scan(t.db, shop.id, first, [{ at: hoursAgo(5), status: "in_transit" }]);
    await scan(t.db, shop.id, second, [{ at: hoursAgo(4), status: "in_transit" }]);
    await deliverDueNotifications(t.db, {
      email: outboxEmail,
      sms: outboxSms,
      publicUrl: "https://track.example.com",
      mailFrom: "o@example.com",
    });
    const all = await call("GET", "/v1/notifications", shop.keys.read);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { recipient: string }) => i.recipient)).toEqual([
      "second@example.com",
      "first@example.com",
    ]);
    expect(all.body.nextBefore).toBeNull();
    expect(Object.keys(all.body.items[0])).toEqual([
      "id",
      "shipment_id",
      "order_id",
      "audience",
      "trigger",
      "milestone",
      "channel",
      "recipient",
      "locale",
      "status",
      "reason",
      "decided_at",
      "send_after",
      "sent_at",
      "attempts",
      "last_error",
      "transport",
      "subject",
      "collapsed_into",
      "body_text",
    ]);
    expect(all.body.items[0]).toMatchObject({ status: "sent", transport: "outbox", trigger: "shipped" });
    // The text as sent, less the shopper's one-click unsubscribe link: a read key cannot unsubscribe anyone.
    expect(all.body.items[0].body_text).toContain(
      "Unsubscribe from delivery updates: (the shopper's unsubscribe link)",
    );
    expect(all.body.items[0].body_text).not.toMatch(/\/unsubscribe\//);
    const page = await call("GET", "/v1/notifications?limit=1", shop.keys.read);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextBefore).toBe(page.body.items[0].id);
    const older = await call(
      "GET",
      `/v1/notifications?limit=1&before=${page.body.nextBefore}`,
      shop.keys.read,
    );
    expect(older.body.items[0].recipient).toBe("first@example.com");
    const ofFirst = await call("GET", `/v1/notifications?shipmentId=${first.shipmentId}`, shop.keys.read);
    expect(ofFirst.body.items.map((i: { recipient: string }) => i.recipient)).toEqual(["first@example.com"]);
    expect((await call("GET", "/v1/notifications?status=failed", shop.keys.read)).body.items).toEqual([]);
    expect((await call("GET", "/v1/notifications?channel=sms", shop.keys.read)).body.items).toEqual([]);
    expect((await call("GET", "/v1/notifications?status=nope", shop.keys.read)).status).toBe(400);
    // By trigger and by recipient (whole, or its start, in any case), as the dashboard's Messages page filters.
    const recipients = async (query: string) =>
      (await call("GET", `/v1/notifications?${query}`, shop.keys.read)).body.items.map(
        (i: { recipient: string }) => i.recipient,
      );
    expect(await recipients("trigger=shipped")).toEqual(["second@example.com", "first@example.com"]);
    expect(await recipients("trigger=delivered")).toEqual([]);
    expect(await recipients("recipient=FIRST%40example.com")).toEqual(["first@example.com"]);
    expect(await recipients("recipient=sec")).toEqual(["second@example.com"]);
    expect(await recipients("recipient=%25")).toEqual([]);
    const bad = await call("GET", "/v1/notifications?trigger=DROP%20TABLE", shop.keys.read);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("SW_ERR_VALIDATION");
    // Another seller's key sees none of them.
    const theirs = await call("GET", "/v1/notifications?limit=200", seller.keys.read);
    expect(
      theirs.body.items.filter((i: { shipment_id: string }) => i.shipment_id === first.shipmentId),
    ).toEqual([]);
  });
});
