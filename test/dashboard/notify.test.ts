/**
 * "Notify shopper" in the dashboard: support sends its own words from the shipment detail and the alert's message
 * from the exception queue; viewers see no form and are refused; every send is queued, delivered by the real
 * sender (outbox channels) and audited as the person who asked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxEmail, outboxSms } from "../../src/notifications/channel.js";
import { deliverDueNotifications } from "../../src/notifications/deliver.js";
import { FLASH_COOKIE } from "../../src/web/dashboard/cookies.js";
import type { LightMyRequestResponse } from "fastify";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let support: Client;
let viewer: Client;
let shipmentId: string;
let silentShipment: string;
let alertIds: string[];

beforeAll(async () => {
  w = await createDashboardWorld();
  const seller = w.sellerRecord.id;
  const [order] = await w.db.query<{ id: string }>(
    `INSERT INTO orders (seller_id, order_number, email, first_name) VALUES ($1, 'N-1', 'mia@example.com', 'Mia')
     RETURNING id`,
    [seller],
  );
  const [shipment] = await w.db.query<{ id: string }>(
    `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, status) VALUES ($1, $2, 'ups', '1ZNOTIFY1', 'in_transit')
     RETURNING id`,
    [seller, order!.id],
  );
  shipmentId = shipment!.id;
  const [silent] = await w.db.query<{ id: string }>(
    "INSERT INTO shipments (seller_id, carrier, tracking_number, status) VALUES ($1, 'ups', '1ZNOTIFY2', 'in_transit') RETURNING id",
    [seller],
  );
  silentShipment = silent!.id;
  const alerts = await w.db.query<{ id: string }>(
    `INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status) VALUES
     ($1, $2, 'stalled', 'in_transit'), ($1, $3, 'late', 'in_transit') RETURNING id`,
    [seller, shipmentId, silentShipment],
  );
  alertIds = alerts.map((a) => a.id);
  support = await signIn(w.app, "support@acme.test");
  viewer = await signIn(w.app, "viewer@acme.test");
});
afterAll(() => w.close());

/** The one-shot message a redirect carries to the next page. */
const flashOf = (res: LightMyRequestResponse) =>
  decodeURIComponent(res.cookies.find((c) => c.name === FLASH_COOKIE)?.value ?? "");

const sentTo = (id: string) =>
  w.db.query<{ trigger: string; status: string; subject: string | null; body_text: string | null }>(
    "SELECT trigger, status, subject, body_text FROM notifications WHERE shipment_id = $1 ORDER BY id",
    [id],
  );
const deliver = () =>
  deliverDueNotifications(w.db, {
    email: outboxEmail,
    sms: outboxSms,
    publicUrl: "https://track.example.com",
    mailFrom: "shop@example.com",
  });

describe("notify shopper from the dashboard", () => {
  it("sends the team's own words from the shipment detail, audited as the person", async () => {
    const page = await support.get(`/app/shipments/${shipmentId}`);
    expect(page.body).toContain(`action="/app/shipments/${shipmentId}/notify"`);
    const res = await support.post(`/app/shipments/${shipmentId}/notify`, {
      what: "message",
      subject: "Your order {{orderNumber}}",
      text: "Hi {{firstName}}, the carrier found your parcel.",
      channel: "email",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/app/shipments/${shipmentId}`);
    expect(flashOf(res)).toBe("Message queued by e-mail to mia@example.com.");
    await deliver();
    const [sent] = await sentTo(shipmentId);
    expect(sent).toMatchObject({ trigger: "message", status: "sent", subject: "Your order N-1" });
    expect(sent!.body_text).toContain("Hi Mia, the carrier found your parcel.");
    const [audit] = await w.db.query<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'shipment.notify' AND target_id = $1",
      [shipmentId],
    );
    expect(audit!.actor).toBe(`user:${w.users.support.id}`);
  });

  it("notifies the shoppers of selected alerts from the queue, skipping those with no address", async () => {
    const res = await support.post("/app/exceptions/actions", { action: "notify", alert: alertIds });
    expect(res.statusCode).toBe(303);
    expect(flashOf(res)).toBe("1 shopper notified (1 skipped: no address, or unsubscribed).");
    await deliver();
    const rows = await sentTo(shipmentId);
    // A stalled parcel's shopper hears about a delay.
    expect(rows.at(-1)).toMatchObject({ trigger: "delay", status: "sent" });
    expect(await sentTo(silentShipment)).toEqual([]);
  });

  it("shows viewers no form and refuses their sends", async () => {
    const page = await viewer.get(`/app/shipments/${shipmentId}`);
    expect(page.body).not.toContain("/notify");
    const refused = await viewer.post(`/app/shipments/${shipmentId}/notify`, { what: "delay" });
    expect(refused.statusCode).toBe(403);
    const queue = await viewer.get("/app/exceptions");
    expect(queue.body).not.toContain('value="notify"');
  });
});
