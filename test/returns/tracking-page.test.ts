/**
 * Self-service returns on the tracking page: the button inside the window only, the form (escaped, localized,
 * CSRF-bound to the link), the request it creates, and the refusals: expired form, cross-site post, window closed,
 * too many items, a tracking-number link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTrackingLink } from "../../src/web/tracking/links.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { deliveredOrder, orderLink } from "./support.js";

let t: TestApp;
let sellerId: string;
const slug = "ret-shop";
const HOSTILE = `<img src=x onerror=alert(1)>"`;

beforeAll(async () => {
  t = await createTestApp();
  sellerId = (
    await createSeller(t.db.orm, { slug, name: "Ret Shop", settings: { returns: { windowDays: 30 } } })
  ).id;
});
afterAll(() => t.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function get(url: string) {
  const r = await t.app.inject({ method: "GET", url });
  return { status: r.statusCode, body: r.body, location: r.headers.location as string | undefined };
}

async function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const r = await t.app.inject({
    method: "POST",
    url,
    headers: { ...FORM, ...headers },
    payload: form(fields),
  });
  return { status: r.statusCode, body: r.body, location: r.headers.location as string | undefined };
}

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
const returnsOf = (orderId: string) =>
  t.db.query<{
    status: string;
    source: string;
    reason_code: string;
    reason_text: string | null;
    locale: string;
  }>("SELECT status, source, reason_code, reason_text, locale FROM return_requests WHERE order_id = $1", [
    orderId,
  ]);

describe("self-service returns", () => {
  it("offers a return after delivery, takes the form and shows the request on the page", async () => {
    const order = await deliveredOrder(t.db, sellerId, {
      deliveredDaysAgo: 2,
      lineItems: [
        { sku: "TEE", name: "T-shirt", quantity: 2 },
        { sku: "X", name: HOSTILE, quantity: 1 },
      ],
    });
    const link = await orderLink(t.db, sellerId, slug, order.id);
    const page = await get(link);
    expect(page.body).toContain("Start a return");
    const formPage = await get(`${link}?lang=en&return=1`);
    expect(formPage.status).toBe(200);
    expect(formPage.body).not.toContain(HOSTILE);
    expect(formPage.body).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;");
    const csrf = csrfOf(formPage.body);
    expect(csrf).toHaveLength(32);

    const fields = {
      lang: "en",
      intent: "return",
      csrf,
      qty_0: "1",
      qty_1: "0",
      reasonCode: "wrong_size",
      comment: HOSTILE,
    };
    expect((await post(link, { ...fields, csrf: "x".repeat(32) })).status).toBe(403);
    expect((await post(link, fields, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(link, { ...fields, qty_0: "0" })).status).toBe(422);
    expect((await post(link, { ...fields, reasonCode: "" })).status).toBe(422);
    expect(await returnsOf(order.id)).toEqual([]);

    const sent = await post(link, fields, { origin: "http://localhost:80", host: "localhost:80" });
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/#returns$/);
    expect(await returnsOf(order.id)).toEqual([
      {
        status: "requested",
        source: "tracking_page",
        reason_code: "wrong_size",
        reason_text: HOSTILE,
        locale: "en",
      },
    ]);
    const after = await get(link);
    expect(after.body).toContain("Return requested");
    expect(after.body).toContain("1 × T-shirt");
    expect(after.body).not.toContain(HOSTILE);
    // One T-shirt is left to return: the form now offers at most 1.
    const second = await get(`${link}?lang=en&return=1`);
    expect(second.body).toMatch(/<select[^>]*name="qty_0"[\s\S]*?<option value="1">1<\/option>\s*<\/select>/);
    const tooMany = await post(link, { ...fields, csrf: csrfOf(second.body), qty_0: "2" });
    expect(tooMany.status).toBe(422);
  });

  it("speaks the page's language", async () => {
    const order = await deliveredOrder(t.db, sellerId, {
      deliveredDaysAgo: 1,
      lineItems: [{ sku: "A", name: "Mug", quantity: 1 }],
    });
    const link = await orderLink(t.db, sellerId, slug, order.id, "fr");
    const page = await get(link);
    expect(page.body).toContain("Faire un retour");
    // The deadline ends its sentence: the month written out, not "21 déc.." with two full stops.
    expect(page.body).toMatch(/Vous pouvez faire un retour jusqu(&#39;|')au \d{1,2} [a-zéû]+\.</);
    expect(page.body).not.toContain("..");
    const formPage = await get(`${link}&return=1`);
    expect(formPage.body).toContain("Arrivé endommagé");
    const de = await get(`${link.replace("lang=fr", "lang=de")}&return=1`);
    expect(de.body).toContain("Rücksendung anfragen");
    const sent = await post(link, {
      lang: "de",
      intent: "return",
      csrf: csrfOf(de.body),
      qty_0: "1",
      reasonCode: "damaged",
    });
    expect(sent.status).toBe(303);
    const page2 = await get(link.replace("lang=fr", "lang=pt-BR"));
    expect(page2.body).toContain("Devolução solicitada");
    expect((await returnsOf(order.id))[0]!.locale).toBe("de");
  });

  it("takes free-text items when the order has no line items", async () => {
    const order = await deliveredOrder(t.db, sellerId, { deliveredDaysAgo: 3 });
    const link = await orderLink(t.db, sellerId, slug, order.id);
    const formPage = await get(`${link}?return=1`);
    expect(formPage.body).toContain('name="itemName"');
    const sent = await post(link, {
      intent: "return",
      csrf: csrfOf(formPage.body),
      itemName: "Blue vase",
      itemQuantity: "2",
      reasonCode: "damaged",
    });
    expect(sent.status).toBe(303);
    const [row] = await t.db.query<{ name: string; quantity: number }>(
      "SELECT i.name, i.quantity FROM return_items i JOIN return_requests r ON r.id = i.return_id WHERE r.order_id = $1",
      [order.id],
    );
    expect(row).toEqual({ name: "Blue vase", quantity: 2 });
  });

  it("closes after the window, before delivery, and for tracking-number links", async () => {
    const late = await deliveredOrder(t.db, sellerId, {
      deliveredDaysAgo: 40,
      lineItems: [{ sku: "A", name: "Mug", quantity: 1 }],
    });
    const lateLink = await orderLink(t.db, sellerId, slug, late.id);
    expect((await get(lateLink)).body).not.toContain("Start a return");
    const redirected = await get(`${lateLink}?return=1`);
    expect(redirected.status).toBe(303);
    const moving = await deliveredOrder(t.db, sellerId, {
      deliveredDaysAgo: null,
      lineItems: [{ sku: "A", name: "Mug", quantity: 1 }],
    });
    const movingLink = await orderLink(t.db, sellerId, slug, moving.id);
    expect((await get(movingLink)).body).not.toContain("Start a return");
    // A form copied from an open order and posted to a closed one is refused.
    const open = await deliveredOrder(t.db, sellerId, {
      deliveredDaysAgo: 1,
      lineItems: [{ sku: "A", name: "Mug", quantity: 1 }],
    });
    const openForm = await get(`${await orderLink(t.db, sellerId, slug, open.id)}?return=1`);
    const refused = await post(lateLink, {
      intent: "return",
      csrf: csrfOf(openForm.body),
      qty_0: "1",
      reasonCode: "damaged",
    });
    expect(refused.status).toBe(403);
    const shipmentLink = await createTrackingLink(t.db, {
      baseUrl: "",
      sellerSlug: slug,
      sellerId,
      scope: "shipment",
      targetId: open.shipmentId,
    });
    await post(shipmentLink.url, { intent: "return", csrf: "x", qty_0: "1", reasonCode: "damaged" });
    expect(await returnsOf(open.id)).toEqual([]);
    const closedSeller = (
      await createSeller(t.db.orm, {
        slug: "no-returns",
        name: "N",
        settings: { returns: { selfService: false } },
      })
    ).id;
    const off = await deliveredOrder(t.db, closedSeller, { deliveredDaysAgo: 1 });
    expect((await get(await orderLink(t.db, closedSeller, "no-returns", off.id))).body).not.toContain(
      "Start a return",
    );
  });
});
