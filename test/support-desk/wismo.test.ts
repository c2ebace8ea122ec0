/**
 * The "where is my order" reply helper on a real database: finding the order by number (in several languages'
 * phrasings), by tracking number and by sender; only the seller's own orders; several matches ask which; the
 * draft in the order's language with status, window, next step and a signed link that opens the order's page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertOrder } from "../../src/db/repositories/orders.js";
import { insertShipment } from "../../src/db/repositories/shipments.js";
import { ingest } from "../../src/ingest/ingest.js";
import { bearer, createTestApp, type TestApp, type TestSeller } from "../support/app.js";

let t: TestApp;
let seller: TestSeller;
let other: TestSeller;

async function order(
  s: TestSeller,
  number: string,
  customer: Record<string, string>,
  tracking?: { number: string; status: string; estimate?: string },
) {
  const o = await insertOrder(t.db.orm, s.id, { orderNumber: number, customer });
  if (tracking) {
    await insertShipment(t.db.orm, s.id, { orderId: o!.id, carrier: "ups", trackingNumber: tracking.number });
    await ingest(t.db, s.id, {
      source: "api",
      contentType: "application/json",
      body: Buffer.from(
        JSON.stringify({
          events: [
            {
              carrier: "ups",
              trackingNumber: tracking.number,
              occurredAt: "2026-03-02T10:00:00Z",
              status: tracking.status,
              description: "scan",
            },
          ],
        }),
      ),
    });
    if (tracking.estimate)
      await t.db.query("UPDATE shipments SET carrier_estimated_delivery = $2 WHERE tracking_number = $1", [
        tracking.number,
        tracking.estimate,
      ]);
  }
  return o!;
}

async function draft(body: Record<string, unknown>, key = seller.keys.read) {
  const r = await t.app.inject({
    method: "POST",
    url: "/v1/support/wismo-reply",
    headers: { ...bearer(key), "content-type": "application/json" },
    payload: JSON.stringify(body),
  });
  return {
    status: r.statusCode,
    body: r.json() as {
      outcome: string;
      matchedBy: string | null;
      locale: string;
      reply: string;
      order: { orderNumber: string; trackingLink: string } | null;
      senderIsCustomer: boolean | null;
      candidates: { orderNumber: string }[];
    },
  };
}

beforeAll(async () => {
  t = await createTestApp({ publicUrl: "https://track.shop.example" });
  seller = await t.seller("wismo-shop");
  other = await t.seller("wismo-other");
  await order(
    seller,
    "SW-1001",
    { email: "ana@example.com", firstName: "Ana", locale: "es" },
    { number: "1Z5R89390357567127", status: "in_transit", estimate: "2026-03-06" },
  );
  await order(
    seller,
    "SW-1002",
    { email: "ben@example.com", firstName: "Ben", locale: "de" },
    { number: "1ZW1000000000000DE", status: "exception" },
  );
  await order(seller, "SW-1003", { email: "multi@example.com", locale: "fr" });
  await order(
    seller,
    "SW-1004",
    { email: "multi@example.com", locale: "fr" },
    { number: "1ZW1000000000001FR", status: "delivered" },
  );
  await order(other, "SW-9999", { email: "ana@example.com", locale: "en" });
});
afterAll(() => t.close());

describe("wismo reply", () => {
  it("finds the order by number and drafts the reply in its language, with window, next step and link", async () => {
    const r = await draft({
      subject: "¿Dónde está mi pedido?",
      body: "Hola, hice el pedido #SW-1001 hace una semana.",
      from: "Someone <x@example.com>",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      outcome: "found",
      matchedBy: "order_number",
      locale: "es",
      order: { orderNumber: "SW-1001" },
    });
    // x@example.com is not Ana's address: the agent is told to check who is asking.
    expect(r.body.senderIsCustomer).toBe(false);
    expect(r.body.reply).toContain("Hola Ana");
    expect(r.body.reply).toContain("En camino");
    expect(r.body.reply).toContain("viernes, 6 de marzo");
    expect(r.body.reply).toContain(r.body.order!.trackingLink);
    expect(r.body.order!.trackingLink).toMatch(
      /^https:\/\/track\.shop\.example\/track\/wismo-shop\/s\/[A-Za-z0-9_-]+\?lang=es$/,
    );
    // The link opens the order's page.
    const page = await t.app.inject({
      method: "GET",
      url: r.body.order!.trackingLink.replace("https://track.shop.example", ""),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("SW-1001");
  });

  it("reads order numbers written in other languages' phrasings, and tracking numbers", async () => {
    const de = await draft({ subject: "Lieferung", body: "Wo bleibt meine Bestellung Nr. sw-1002?" });
    expect(de.body).toMatchObject({ outcome: "found", locale: "de", order: { orderNumber: "SW-1002" } });
    expect(de.body.senderIsCustomer).toBeNull(); // no sender given
    const fromBen = await draft({ subject: "Lieferung", body: "SW-1002?", from: "Ben <BEN@example.com>" });
    expect(fromBen.body.senderIsCustomer).toBe(true);
    expect(de.body.reply).toContain("Problem bei der Zustellung");
    expect(de.body.reply).toContain("Hallo Ben");
    const tracking = await draft({
      subject: "where is it",
      body: "Tracking 1Z 5R8 939 0357 5671 27 has not moved",
    });
    expect(tracking.body).toMatchObject({
      outcome: "found",
      matchedBy: "tracking_number",
      order: { orderNumber: "SW-1001" },
    });
  });

  it("falls back to the sender, and asks which order when several match", async () => {
    const bySender = await draft({
      subject: "Où est ma commande ?",
      body: "Bonjour, toujours rien reçu.",
      from: "multi@example.com",
    });
    expect(bySender.body).toMatchObject({
      outcome: "ambiguous",
      matchedBy: "email",
      locale: "fr",
      order: null,
    });
    expect(bySender.body.candidates.map((c) => c.orderNumber).sort()).toEqual(["SW-1003", "SW-1004"]);
    expect(bySender.body.reply).toContain("SW-1003");
    expect(bySender.body.reply).toContain("De laquelle s'agit-il");
    const two = await draft({ subject: "orders", body: "About #SW-1001 and #SW-1002" });
    expect(two.body.outcome).toBe("ambiguous");
  });

  it("gives the window the tracking page shows: the prediction before the carrier's estimate, from today", async () => {
    await order(
      seller,
      "SW-1005",
      { email: "eve@example.com", firstName: "Eve", locale: "en" },
      { number: "1ZW1000000000005EN", status: "in_transit", estimate: "2030-01-10" },
    );
    const predict = (earliest: string, latest: string) =>
      t.db.query(
        `INSERT INTO shipment_predictions (shipment_id, seller_id, most_likely, earliest, latest, coverage, promise,
           promise_quantile, confidence, stage, model_version, predicted_at, window_changed_at)
         SELECT id, seller_id, $1::date, $1::date, $2::date, 0.8, $2::date, 0.98, 0.9, 'in_transit', 1, now(), now()
         FROM shipments WHERE tracking_number = '1ZW1000000000005EN'
         ON CONFLICT (shipment_id) DO UPDATE SET earliest = $1::date, most_likely = $1::date, latest = $2::date`,
        [earliest, latest],
      );
    await predict("2030-01-07", "2030-01-09");
    let reply = (await draft({ subject: "where", body: "Order SW-1005?" })).body.reply;
    expect(reply).toContain("January 7");
    expect(reply).toContain("January 9");
    expect(reply).not.toContain("January 10");
    // A window predicted before its first day began starts today.
    await predict("2026-01-05", "2030-01-09");
    reply = (await draft({ subject: "where", body: "Order SW-1005?" })).body.reply;
    const today = new Intl.DateTimeFormat("en", { day: "numeric", month: "long", timeZone: "UTC" }).format(
      new Date(),
    );
    expect(reply).toContain(today);
    expect(reply).not.toContain("January 5");
    // A window wholly past is not given as an expected delivery: the reply says the parcel is late.
    await predict("2026-01-05", "2026-01-07");
    reply = (await draft({ subject: "where", body: "Order SW-1005?" })).body.reply;
    expect(reply).toContain("It was expected by Wednesday, January 7, so it is running late.");
    expect(reply).not.toContain("Expected delivery");
    // The carrier reports it lost: no window at all.
    await t.db.query(
      "UPDATE shipments SET status = 'exception', substatus = 'lost' WHERE tracking_number = '1ZW1000000000005EN'",
    );
    reply = (await draft({ subject: "where", body: "Order SW-1005?" })).body.reply;
    expect(reply).not.toContain("January 9");
    expect(reply).not.toContain(today);
  });

  it("leaves out a cancelled parcel beside one that goes, as the tracking page does", async () => {
    const o = await order(
      seller,
      "SW-1007",
      { email: "cid@example.com", firstName: "Cid", locale: "en" },
      { number: "1ZW1000000000007EN", status: "in_transit" },
    );
    await t.db.query(
      `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, status)
       VALUES ($1, $2, 'fedex', '771234567890', 'cancelled')`,
      [seller.id, o.id],
    );
    const reply = (await draft({ subject: "where", body: "Order SW-1007?" })).body.reply;
    expect(reply).toContain("Your parcel (UPS 1ZW1000000000007EN): On its way.");
    expect(reply).not.toContain("771234567890");
    expect(reply).not.toContain("of 2");
  });

  it("never finds another seller's orders, and asks for the number when nothing matches", async () => {
    const foreign = await draft({ subject: "order SW-9999", body: "" });
    expect(foreign.body).toMatchObject({ outcome: "not_found", order: null, candidates: [] });
    const nothing = await draft({
      subject: "hello",
      body: "where is my stuff",
      from: "nobody@example.com",
      locale: "pt-BR",
    });
    expect(nothing.body).toMatchObject({ outcome: "not_found", locale: "pt-BR" });
    expect(nothing.body.reply).toContain("número do pedido");
    const otherSeller = await draft(
      { subject: "order SW-9999", body: "", from: "ana@example.com" },
      other.keys.read,
    );
    expect(otherSeller.body).toMatchObject({ outcome: "found", order: { orderNumber: "SW-9999" } });
    expect((await draft({})).status).toBe(400);
  });
});
