/** The core screens on real data: search, shipment detail (escaping, raw payload, mapping), queue actions, settings. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedNotificationPolicy } from "../../src/db/repositories/dashboard-settings.js";
import { resolvePolicy } from "../../src/notifications/policy.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let support: Client;
let viewer: Client;
let shipmentId: string;
let orderId: string;
let alertIds: string[];

beforeAll(async () => {
  w = await createDashboardWorld();
  const seller = w.sellerRecord.id;
  const [order] = await w.db.query<{ id: string }>(
    `INSERT INTO orders (seller_id, order_number, email, phone, first_name, promised_at)
     VALUES ($1, 'SW-5001', 'ana.lopez@example.com', '+15555550100', '<b>Ana</b>', now() - interval '1 day') RETURNING id`,
    [seller],
  );
  orderId = order!.id;
  const [shipment] = await w.db.query<{ id: string }>(
    `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, status, status_changed_at, last_event_at)
     VALUES ($1, $2, 'ups', '1Z999AA10123456784', 'in_transit', now(), now()) RETURNING id`,
    [seller, order!.id],
  );
  shipmentId = shipment!.id;
  const [raw] = await w.db.query<{ id: number }>(
    `INSERT INTO raw_payloads (seller_id, source, content_type, body, content_hash, parse_status, event_count)
     VALUES ($1, 'webhook:ups', 'application/json', convert_to('{"statusCode":"011","note":"<script>x</script>"}', 'UTF8'), 'h1', 'parsed', 1) RETURNING id`,
    [seller],
  );
  await w.db.query(
    `INSERT INTO tracking_events (seller_id, shipment_id, fingerprint, occurred_at, code, description, status, source, raw_payload_id)
     VALUES ($1, $2, 'f1', now(), '011', '<img src=x onerror=alert(1)>Delivered', 'delivered', 'webhook:ups', $3)`,
    [seller, shipmentId, raw!.id],
  );
  const alerts = await w.db.query<{ id: string }>(
    `INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status, opened_at) VALUES
     ($1, $2, 'late', 'in_transit', now() - interval '2 days'), ($1, $2, 'stalled', 'in_transit', now()) RETURNING id`,
    [seller, shipmentId],
  );
  alertIds = alerts.map((a) => a.id);
  support = await signIn(w.app, "support@acme.test");
  viewer = await signIn(w.app, "viewer@acme.test");
});
afterAll(() => w.close());

describe("dashboard screens", () => {
  it("finds an order by number, tracking number, email, phone and name", async () => {
    for (const q of ["sw-5001", "SW-50", "1Z999AA10", "ana.lopez@example.com", "ana.lo", "555-0100", "ana"]) {
      const page = await support.get(`/app/search?q=${encodeURIComponent(q)}`);
      if (page.statusCode === 303) expect(page.headers.location).toBe(`/app/shipments/${shipmentId}`);
      else expect(page.body, q).toContain(`/app/shipments/${shipmentId}`);
    }
    const exact = await support.get("/app/search?q=1Z999AA10123456784");
    expect(exact.statusCode).toBe(303);
    const none = await support.get("/app/search?q=nothing%25here");
    expect(none.body).toContain("Nothing matches");
  });

  it("shows the timeline escaped, beside its raw payload and the UPS mapping used", async () => {
    const page = await support.get(`/app/shipments/${shipmentId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("<img src=x");
    expect(page.body).toContain("&lt;img src=x onerror=alert(1)&gt;Delivered");
    expect(page.body).not.toContain("<b>Ana</b>");
    expect(page.body).toContain("status map row 011 → delivered");
    expect(page.body).toContain("&quot;note&quot;: &quot;&lt;script&gt;x&lt;/script&gt;&quot;");
    // Links a support agent follows from here: the order's other shipments, the alert in the queue.
    expect(page.body).toContain("<h1>UPS 1Z999AA10123456784</h1>");
    expect(page.body).toContain(`href="/app/orders/${orderId}"`);
    expect(page.body).toContain('href="/app/exceptions?kind=late&amp;state=active"');
    const forViewer = await viewer.get(`/app/shipments/${shipmentId}`);
    expect(forViewer.body).not.toContain("Raw payloads");
    expect(forViewer.body).not.toContain("Refresh from carrier");
  });

  it("shows an order with all its parcels, their alerts, and the shopper's own page one click away", async () => {
    const [second] = await w.db.query<{ id: string }>(
      `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, direction, status)
       VALUES ($1, $2, 'usps', '9400100000000000000001', 'return', 'pending') RETURNING id`,
      [w.sellerRecord.id, orderId],
    );
    const [message] = await w.db.query<{ id: number }>(
      `INSERT INTO notifications (seller_id, shipment_id, order_id, trigger, milestone, channel, recipient, status,
         reason) VALUES ($1, $2, $3, 'delivered', 'delivered', 'email', 'ana@example.com', 'collapsed', 'order')
       RETURNING id`,
      [w.sellerRecord.id, shipmentId, orderId],
    );
    const page = await viewer.get(`/app/orders/${orderId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Order SW-5001</h1>");
    // Its messages in the Messages page's words, not status codes.
    expect(page.body).toContain(`<a href="/app/messages/${message!.id}">Delivered</a>`);
    expect(page.body).toContain("In another parcel&#39;s message: the parcels of the order travel together");
    expect(page.body).toContain("&lt;b&gt;Ana&lt;/b&gt;");
    expect(page.body).toContain(`href="/app/shipments/${shipmentId}">UPS 1Z999AA10123456784</a>`);
    expect(page.body).toContain(`href="/app/shipments/${second!.id}">USPS 9400100000000000000001</a>`);
    expect(page.body).toMatch(/late[\s\S]*1Z999AA10123456784/);
    // The alerts name their parcel as the parcels table does.
    expect(page.body).toMatch(/<h2>Alerts<\/h2>[\s\S]*?>UPS 1Z999AA10123456784<\/a>/);
    const link = /href="(http:\/\/localhost:\d+)(\/track\/acme\/s\/[^"]+)"/.exec(page.body);
    expect(link).not.toBeNull();
    const shopper = await w.app.inject({ method: "GET", url: link![2]!.replace(/&amp;/g, "&") });
    expect(shopper.statusCode).toBe(200);
    expect(shopper.body).toContain("SW-5001");
    // Search leads to the order; another seller's order, or no order, is not found.
    expect((await support.get("/app/search?q=ana")).body).toContain(`href="/app/orders/${orderId}"`);
    const other = await w.seller("other-orders");
    const [theirs] = await w.db.query<{ id: string }>(
      "INSERT INTO orders (seller_id, order_number) VALUES ($1, 'X-1') RETURNING id",
      [other.id],
    );
    expect((await viewer.get(`/app/orders/${theirs!.id}`)).statusCode).toBe(404);
    expect((await viewer.get("/app/orders/not-an-id")).statusCode).toBe(404);
  });

  it("says when no adapter exists for a shipment's carrier (a custom courier, or a typo)", async () => {
    const [typo] = await w.db.query<{ id: string }>(
      `INSERT INTO shipments (seller_id, carrier, tracking_number) VALUES ($1, 'fedx', '771234567890') RETURNING id`,
      [w.sellerRecord.id],
    );
    const page = await support.get(`/app/shipments/${typo!.id}`);
    expect(page.body).toContain("Shipwatch has no adapter for the carrier “fedx”");
    expect(page.body).not.toContain("no carrier account polls fedx");
    const known = await support.get(`/app/shipments/${shipmentId}`);
    expect(known.body).toContain("no carrier account polls UPS for this seller");
  });

  it("lists late and at-risk orders and open alerts on the overview", async () => {
    const page = await viewer.get("/app");
    expect(page.body).toContain("SW-5001");
    expect(page.body).toContain('href="/app/exceptions?kind=late&minAge=24"');
    // Parcels by the carrier's name, as the order and shipment pages name them, not by its id.
    expect(page.body).toContain(`href="/app/shipments/${shipmentId}">UPS 1Z999AA10123456784</a>`);
    const queue = await viewer.get("/app/exceptions");
    expect(queue.body).toContain(`href="/app/shipments/${shipmentId}">UPS 1Z999AA10123456784</a>`);
  });

  it("filters the queue and applies single and bulk actions through the alert lifecycle", async () => {
    const old = await support.get("/app/exceptions?minAge=24");
    expect(old.body).toContain(alertIds[0]);
    expect(old.body).not.toContain(alertIds[1]);
    const ack = await support.post("/app/exceptions/actions", {
      action: `acknowledge|${alertIds[0]}`,
      back: "/app/exceptions",
    });
    expect(ack.statusCode).toBe(303);
    const bulk = await support.post("/app/exceptions/actions", {
      action: "assign",
      assignee: `user:${w.users.support.id}`,
      alert: alertIds,
    });
    expect(bulk.statusCode).toBe(303);
    const mine = await support.get(`/app/exceptions?assignee=user:${w.users.support.id}`);
    expect(mine.body).toContain(alertIds[0]);
    expect(mine.body).toContain(alertIds[1]);
    // The shipment page names the assignee instead of showing "user:<uuid>".
    const detail = await support.get(`/app/shipments/${shipmentId}`);
    expect(detail.body).toMatch(/<td>support<\/td>/);
    expect(detail.body).not.toContain(`user:${w.users.support.id}`);
    const resolve = await support.post("/app/exceptions/actions", { action: "resolve", alert: alertIds });
    expect(resolve.statusCode).toBe(303);
    const rows = await w.db.query<{ status: string; resolved_by: string }>(
      "SELECT status, resolved_by FROM alerts ORDER BY opened_at",
    );
    expect(rows).toEqual([
      { status: "resolved", resolved_by: `user:${w.users.support.id}` },
      { status: "resolved", resolved_by: `user:${w.users.support.id}` },
    ]);
    const audit = await w.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_type = 'alert' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual([
      "alert.acknowledge",
      "alert.assign",
      "alert.assign",
      "alert.resolve",
      "alert.resolve",
    ]);
    const viewerTry = await viewer.post("/app/exceptions/actions", { action: "resolve", alert: alertIds });
    expect(viewerTry.statusCode).toBe(403);
  });

  it("saves branding, refuses a javascript: logo, and shows a new API key once", async () => {
    const admin = await signIn(w.app, "admin@acme.test");
    const bad = await admin.post("/app/settings/branding", {
      primaryColor: "#114477",
      logoUrl: "javascript:alert(1)",
      helpText: "",
    });
    expect(bad.statusCode).toBe(400);
    const ok = await admin.post("/app/settings/branding", {
      primaryColor: "#114477",
      logoUrl: "https://cdn.example.com/logo.png",
      helpText: "Ask us",
      linkLabel: "FAQ",
      linkUrl: "https://example.com/faq",
    });
    expect(ok.statusCode).toBe(303);
    const [seller] = await w.db.query<{ branding: Record<string, unknown> }>(
      "SELECT branding FROM sellers WHERE id = $1",
      [w.sellerRecord.id],
    );
    expect(seller!.branding).toMatchObject({
      primaryColor: "#114477",
      logoUrl: "https://cdn.example.com/logo.png",
      links: [{ label: "FAQ", url: "https://example.com/faq" }],
    });
    const created = await admin.post("/app/settings/api-keys", { name: "erp", scope: "write" });
    const secret = /class="secret">(sw_[A-Za-z0-9_-]+)</.exec(created.body)?.[1];
    expect(secret).toBeDefined();
    expect((await admin.get("/app/settings/api-keys")).body).not.toContain(secret);
    const api = await w.app.inject({
      method: "GET",
      url: "/v1/orders?limit=1",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(api.statusCode).toBe(200);
  });

  it("sets the team's e-mail addresses that alert rules write to, refusing a bad one", async () => {
    const owner = await signIn(w.app, "owner@acme.test");
    const policyForm = { ch_shipped: "email", maxPerShipment: "6", quietStart: "21:00", quietEnd: "08:00" };
    const saved = await owner.post("/app/settings/notifications", {
      ...policyForm,
      teamEmails: "ops@acme.test, lead@acme.test",
    });
    expect(saved.statusCode).toBe(303);
    const stored = async () =>
      resolvePolicy(await storedNotificationPolicy(w.db, w.sellerRecord.id)).teamEmails;
    expect(await stored()).toEqual(["ops@acme.test", "lead@acme.test"]);
    expect((await owner.get("/app/settings/alerts")).body).toContain("ops@acme.test, lead@acme.test");
    const bad = await owner.post("/app/settings/notifications", {
      ...policyForm,
      teamEmails: "ops@acme.test, nope",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("teamEmails");
    expect(await stored()).toEqual(["ops@acme.test", "lead@acme.test"]);
  });

  it("sets how long messages gather and how old a scan may be to tell the shopper", async () => {
    const owner = await signIn(w.app, "owner@acme.test");
    const policyForm = { ch_shipped: "email", maxPerShipment: "6", teamEmails: "ops@acme.test" };
    const policy = async () => resolvePolicy(await storedNotificationPolicy(w.db, w.sellerRecord.id));
    const form = await owner.get("/app/settings/notifications");
    expect(form.body).toMatch(/name="burstWindowSeconds" type="number" min="0" max="3600" value="120"/);
    const saved = await owner.post("/app/settings/notifications", {
      ...policyForm,
      burstWindowSeconds: "0",
      staleAfterHours: "24",
    });
    expect(saved.statusCode).toBe(303);
    expect(await policy()).toMatchObject({ burstWindowSeconds: 0, staleAfterHours: 24 });
    // Left out (an older form): what is stored stays.
    expect((await owner.post("/app/settings/notifications", policyForm)).statusCode).toBe(303);
    expect(await policy()).toMatchObject({ burstWindowSeconds: 0, staleAfterHours: 24 });
    const bad = await owner.post("/app/settings/notifications", {
      ...policyForm,
      burstWindowSeconds: "7200",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("burstWindowSeconds");
    expect((await policy()).burstWindowSeconds).toBe(0);
  });

  it("sets where shoppers' replies go, clears it, and an older form without the field leaves it alone", async () => {
    const owner = await signIn(w.app, "owner@acme.test");
    const policyForm = { ch_shipped: "email", maxPerShipment: "6", teamEmails: "ops@acme.test" };
    const replyTo = async () =>
      resolvePolicy(await storedNotificationPolicy(w.db, w.sellerRecord.id)).replyTo;
    expect((await owner.get("/app/settings/notifications")).body).toContain('name="replyTo" type="email"');
    await owner.post("/app/settings/notifications", { ...policyForm, replyTo: "care@acme.test" });
    expect(await replyTo()).toBe("care@acme.test");
    await owner.post("/app/settings/notifications", policyForm);
    expect(await replyTo()).toBe("care@acme.test");
    const bad = await owner.post("/app/settings/notifications", { ...policyForm, replyTo: "not an address" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("replyTo");
    await owner.post("/app/settings/notifications", { ...policyForm, replyTo: "" });
    expect(await replyTo()).toBeUndefined();
  });

  it("turns the team's alert digest off and on, and an older form without the box leaves it alone", async () => {
    const owner = await signIn(w.app, "owner@acme.test");
    const policyForm = { ch_shipped: "email", maxPerShipment: "6", teamEmails: "ops@acme.test" };
    const digest = async () =>
      resolvePolicy(await storedNotificationPolicy(w.db, w.sellerRecord.id)).teamAlertDigest;
    const form = await owner.get("/app/settings/notifications");
    expect(form.body).toMatch(/name="teamAlertDigest" value="1"\s+checked/);
    // Unticked: the browser sends only the marker.
    await owner.post("/app/settings/notifications", { ...policyForm, teamAlertDigestShown: "1" });
    expect(await digest()).toBe(false);
    expect((await owner.get("/app/settings/notifications")).body).not.toMatch(
      /name="teamAlertDigest" value="1"\s+checked/,
    );
    await owner.post("/app/settings/notifications", policyForm);
    expect(await digest()).toBe(false);
    await owner.post("/app/settings/notifications", {
      ...policyForm,
      teamAlertDigestShown: "1",
      teamAlertDigest: "1",
    });
    expect(await digest()).toBe(true);
  });

  it("previews a template with sample data and invites a teammate who can then sign in", async () => {
    const owner = await signIn(w.app, "owner@acme.test");
    const preview = await owner.post("/app/settings/notifications/template", {
      trigger: "shipped",
      channel: "email",
      locale: "en",
      subject: "{{orderNumber}} shipped",
      bodyText: "Hi {{firstName}}, {{unknown}}",
      intent: "preview",
    });
    expect(preview.body).toContain("SW-10001 shipped");
    expect(preview.body).toContain("Hi Ana, {{unknown}}");
    // Every placeholder the form offers is filled, in the preview as in a message sent (same renderer).
    const offered = [...preview.body.matchAll(/\{\{(\w+)\}\}/g)]
      .map((m) => m[1]!)
      .filter((n) => n !== "unknown");
    expect(offered).toEqual(expect.arrayContaining(["sellerName", "deliveryWindow", "trackingUrl"]));
    const all = await owner.post("/app/settings/notifications/template", {
      trigger: "shipped",
      channel: "email",
      locale: "de",
      subject: "",
      bodyText: [...new Set(offered)].map((n) => `[{{${n}}}]`).join(" "),
      intent: "preview",
    });
    const filled = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(all.body)?.[1] ?? all.body;
    expect(filled).not.toMatch(/\[\{\{\w+\}\}\]/);
    expect(filled).toContain("[Ana]");
    expect(filled).toContain("[In Zustellung]");
    const invited = await owner.post("/app/settings/team/invitations", {
      email: "new@acme.test",
      role: "support",
    });
    const link =
      /class="secret" id="invite-link">http:\/\/localhost:\d+(\/app\/invitations\/[A-Za-z0-9_-]+)</.exec(
        invited.body,
      )?.[1];
    expect(link).toBeDefined();
    const form = await w.app.inject({ method: "GET", url: link! });
    expect(form.body).toContain("new@acme.test");
  });
});
