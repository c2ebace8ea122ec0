/**
 * Returns and the reply helper in the dashboard: the list and one return with its actions (approve, attach the
 * return parcel), the shipment page's returns and helpdesk tickets, and a drafted reply from a pasted message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertOrder } from "../../src/db/repositories/orders.js";
import { createDashboardWorld, signIn, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
const HOSTILE = `<script>alert(1)</script>`;

beforeAll(async () => {
  w = await createDashboardWorld();
});
afterAll(() => w.close());

describe("dashboard returns", () => {
  it("lists returns, approves one and attaches its return parcel, shown on the shipment page", async () => {
    const order = await insertOrder(w.db.orm, w.sellerRecord.id, {
      orderNumber: "DASH-RET-1",
      customer: { email: "dash@example.com", firstName: "Dana", locale: "en" },
    });
    const [ret] = await w.db.query<{ id: string }>(
      `INSERT INTO return_requests (seller_id, order_id, reason_code, reason_text, source) VALUES ($1, $2, 'damaged', $3, 'tracking_page') RETURNING id`,
      [w.sellerRecord.id, order!.id, HOSTILE],
    );
    await w.db.query("INSERT INTO return_items (return_id, line, name, quantity) VALUES ($1, 1, 'Mug', 2)", [
      ret!.id,
    ]);
    const support = await signIn(w.app, "support@acme.test");
    const list = await support.get("/app/returns");
    expect(list.statusCode).toBe(200);
    // The order is one click away, and the status says what the team has to do.
    expect(list.body).toContain(`<a href="/app/orders/${order!.id}">DASH-RET-1</a>`);
    expect(list.body).toContain("Requested: to approve or reject");
    expect(list.body).toContain("2 × Mug");
    expect(list.body).not.toContain(HOSTILE);
    expect(list.body).toContain("Damaged");
    const detail = await support.get(`/app/returns/${ret!.id}`);
    expect(detail.body).toContain("Approve");
    expect(detail.body).toContain("from the tracking page");
    expect(detail.body).toContain(`<dd><a href="/app/orders/${order!.id}">DASH-RET-1</a></dd>`);
    const approved = await support.post(`/app/returns/${ret!.id}/status`, {
      to: "approved",
      note: "send it back",
    });
    expect(approved.statusCode).toBe(303);
    const tracked = await support.post(`/app/returns/${ret!.id}/tracking`, {
      trackingNumber: "1Z5R89390357567127",
    });
    expect(tracked.statusCode).toBe(303);
    const [row] = await w.db.query<{ status: string; return_shipment_id: string }>(
      "SELECT status, return_shipment_id FROM return_requests WHERE id = $1",
      [ret!.id],
    );
    expect(row!.status).toBe("approved");
    const shipmentPage = await support.get(`/app/shipments/${row!.return_shipment_id}`);
    expect(shipmentPage.body).toContain("<h2>Returns</h2>");
    expect(shipmentPage.body).toContain(`/app/returns/${ret!.id}`);
    expect(shipmentPage.body).toContain("<h2>Helpdesk tickets</h2>");
    // The return label has no scan yet: not "Order confirmed", which means nothing for a parcel coming back.
    expect((await support.get("/app/returns")).body).toContain("Not scanned yet");
    const audit = await w.db.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE target_id = $1 ORDER BY id",
      [ret!.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["return.approved", "return.attach_tracking"]);
    expect(audit[0]!.actor).toBe(`user:${w.users.support.id}`);
    // A viewer reads but has no buttons.
    const viewer = await signIn(w.app, "viewer@acme.test");
    expect((await viewer.get(`/app/returns/${ret!.id}`)).body).not.toContain("Mark received");
  });

  it("drafts a reply from a pasted message", async () => {
    await insertOrder(w.db.orm, w.sellerRecord.id, {
      orderNumber: "DASH-777",
      customer: { email: "wismo@example.com", firstName: "Wim", locale: "de" },
    });
    const support = await signIn(w.app, "support@acme.test");
    const page = await support.post("/app/support/wismo", {
      subject: "Bestellung",
      body: `Wo ist meine Bestellung? ${HOSTILE}`,
      from: "Wim <wismo@example.com>",
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("DASH-777");
    expect(page.body).toContain("Hallo Wim");
    expect(page.body).not.toContain(HOSTILE);
    expect(page.body).not.toContain("is not the email address on this order");
    // Someone else asking about Wim's order: the agent is warned before sending its details.
    const stranger = await support.post("/app/support/wismo", {
      subject: "order",
      body: "Where is DASH-777?",
      from: `<b>Mallory</b> <mallory@example.net>`,
    });
    expect(stranger.body).toContain("is not the email address on this order");
    expect(stranger.body).toContain("&lt;b&gt;Mallory&lt;/b&gt;");
  });
});
