/**
 * The ops dashboard in Debian's Chromium (playwright-core): sign-in, search, shipment detail, queue actions
 * (single and bulk, and bulk by keyboard alone), analytics, settings and the branding live preview, with
 * screenshots kept in artifacts/screenshots/, no console or CSP errors, the main flow without JavaScript, and an
 * axe-core audit (WCAG 2.1 AA) of every screen at desktop and phone width, where no page scrolls sideways.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollUpDays } from "../../src/analytics/rollup.js";
import { createConnection } from "../../src/commerce/connections.js";
import { createInvitation } from "../../src/db/repositories/invitations.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { createWebhookEndpoint } from "../../src/ingest/webhooks/endpoints.js";
import { createOutgoingEndpoint } from "../../src/notifications/outgoing-endpoints.js";
import { outboxEmail, outboxSms } from "../../src/notifications/channel.js";
import { deliverDueNotifications } from "../../src/notifications/deliver.js";
import { queueManualNotification } from "../../src/notifications/manual-send.js";
import { createDashboardWorld, PASSWORD, type DashboardWorld } from "../dashboard/support.js";
import { saveScreenshot } from "./screenshot.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}`);
if (!available)
  console.warn(`skipping dashboard browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const SHOTS = "artifacts/screenshots";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let w: DashboardWorld;
let browser: Browser;
let base: string;
let shipmentId: string;
let orderId: string;
let accountId: string;
let shopId: string;

async function seed(): Promise<void> {
  const seller = w.sellerRecord.id;
  for (let i = 0; i < 12; i++) {
    const delivered = i % 3 !== 0;
    const [order] = await w.db.query<{ id: string }>(
      `INSERT INTO orders (seller_id, order_number, email, first_name, ordered_at, promised_at)
       VALUES ($1, $2, $3, $4, now() - interval '6 days', now() - interval '1 day' + $5 * interval '1 hour') RETURNING id`,
      [seller, `SW-${7000 + i}`, `shopper${i}@example.com`, ["Ana", "Ben", "Chloé"][i % 3], i * 3],
    );
    const [s] = await w.db.query<{ id: string }>(
      `INSERT INTO shipments (seller_id, order_id, carrier, tracking_number, service, origin_country, origin_region,
         destination_country, destination_region, status, status_changed_at, first_scan_at, delivered_at, last_event_at, created_at)
       VALUES ($1, $2, $3, $4, 'Ground', 'US', 'KY', 'US', $5, $6, now(), now() - interval '5 days',
         $7, now() - interval '1 day', now() - interval '5 days' - interval '2 hours') RETURNING id`,
      [
        seller,
        order!.id,
        i % 2 ? "ups" : "fedex",
        `1ZBROWSER${i}`,
        i % 2 ? "NY" : "CA",
        delivered ? "delivered" : "in_transit",
        delivered ? new Date(Date.now() - (2 + (i % 3)) * 86_400_000) : null,
      ],
    );
    await w.db.query(
      `INSERT INTO tracking_events (seller_id, shipment_id, fingerprint, occurred_at, code, description, status, source, received_at)
       VALUES ($1, $2, $3, now() - interval '5 days', '005', 'Departed facility', 'in_transit', 'webhook:ups', now() - interval '5 days' + interval '4 minutes')`,
      [seller, s!.id, `fp-browser-${i}`],
    );
    if (!delivered) {
      await w.db.query(
        "INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status, opened_at) VALUES ($1, $2, $3, 'in_transit', now() - $4 * interval '1 hour')",
        [seller, s!.id, i % 2 ? "stalled" : "late", 5 + i * 6],
      );
    }
    if (i === 1) [shipmentId, orderId] = [s!.id, order!.id];
  }
  accountId = (
    await upsertCarrierAccount(w.db, {
      sellerId: seller,
      carrier: "dhl_express",
      name: "main",
      credentials: { apiKey: "browser-key", apiSecret: "browser-secret" },
      polling: false,
    })
  ).id;
  await createWebhookEndpoint(w.db, { sellerId: seller, source: "ups" });
  shopId = (await createConnection(w.db, {
    sellerId: seller,
    platform: "shopify",
    shop: "browser-goods.myshopify.com",
    webhookSecret: "browser-signing-key",
    credentials: { accessToken: "shpat_browser_token" },
  }))!.connection.id;
  await w.db.query(
    `INSERT INTO commerce_writebacks (seller_id, connection_id, shipment_id, outbox_id, status, state, reason,
       attempts, request_summary, finished_at)
     VALUES ($1, $2, $3, 1, 'in_transit', 'failed', 'HTTP 401: the access token was refused', 1,
       '{"fulfillmentId":"gid://shopify/Fulfillment/255858046","status":"IN_TRANSIT"}', now())`,
    [seller, shopId, shipmentId],
  );
  const today = new Date().toISOString().slice(0, 10);
  await rollUpDays(w.db, seller, new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10), today);
}

beforeAll(async () => {
  if (!available) return;
  mkdirSync(SHOTS, { recursive: true });
  w = await createDashboardWorld();
  await seed();
  await w.app.listen({ port: 0, host: "127.0.0.1" });
  const address = w.app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function open(javaScript = true, o: { bypassCSP?: boolean; width?: number } = {}) {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1280, height: 900 },
    javaScriptEnabled: javaScript,
    bypassCSP: o.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon/.test(m.text())) problems.push(m.text());
  });
  return { context, page, problems };
}

const shot = (page: Page, name: string) => saveScreenshot(page, `${SHOTS}/dashboard-${name}.png`);

async function signIn(page: Page, email: string) {
  await page.goto(`${base}/app`);
  await expect.poll(() => page.url()).toContain("/app/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/app`);
}

describe.skipIf(!available)("ops dashboard in Chromium", () => {
  it("signs in, searches, opens a shipment and works the queue", async () => {
    const { context, page, problems } = await open();
    await signIn(page, "support@acme.test");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeTruthy();
    await shot(page, "overview");

    await page.getByLabel("Search orders and shipments").fill("SW-700");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/app\/search/);
    expect(await page.locator("tbody tr").count()).toBe(10); // SW-7000 … SW-7009
    await shot(page, "search");

    await page.getByLabel("Search orders and shipments").fill("1ZBROWSER1");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${base}/app/shipments/${shipmentId}`);
    expect(await page.getByText("Departed facility").count()).toBeGreaterThan(0);
    await page.getByText("Raw payloads").scrollIntoViewIfNeeded();
    await shot(page, "shipment");
    await page.getByRole("button", { name: "Refresh from carrier" }).click();
    expect(await page.locator(".flash").textContent()).toContain("No ups carrier account");

    await page.getByRole("link", { name: "Exceptions" }).click();
    await page.getByLabel("Kind").selectOption("late"); // auto-submits
    await page.waitForURL(/kind=late/);
    const late = await page.locator("tbody tr").count();
    expect(late).toBeGreaterThan(0);
    await page.getByLabel("Select all").check();
    await page.getByRole("button", { name: "Acknowledge" }).last().click();
    await page.waitForURL(/kind=late/);
    expect(await page.locator(".flash").textContent()).toBe(`${late} acknowledged.`);
    await shot(page, "exceptions");
    await context.close();
    expect(problems).toEqual([]);
  });

  it("shows analytics with charts and exports CSV", async () => {
    const { context, page, problems } = await open();
    await signIn(page, "viewer@acme.test");
    await page.getByRole("link", { name: "Analytics" }).click();
    await page.getByLabel("Group by").selectOption("carrier");
    await page.getByRole("button", { name: "Show" }).click();
    expect(await page.locator("svg.chart").count()).toBeGreaterThanOrEqual(2);
    // Carriers by name on the page; by id in the CSV, which scripts join on.
    expect(await page.locator("tbody th[scope=row]").allTextContents()).toEqual(
      expect.arrayContaining(["UPS", "FedEx"]),
    );
    await shot(page, "analytics");
    const download = await page.request.get(`${base}/app/analytics.csv?dimension=carrier`);
    const csv = (await download.text()).split("\r\n");
    expect(csv[0]).toContain("on_time_rate");
    expect(csv.some((line) => line.startsWith("carrier,ups,"))).toBe(true);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("updates the branding preview live and saves it", async () => {
    const { context, page, problems } = await open();
    await signIn(page, "admin@acme.test");
    await page.goto(`${base}/app/settings/branding`);
    await page.getByLabel("Brand colour").fill("#aa2200");
    expect(await page.locator("#preview-header").getAttribute("fill")).toBe("#aa2200");
    expect(await page.locator("#preview-button").getAttribute("fill")).toBe("#aa2200");
    await page.getByLabel("Help text").fill("We answer within a day");
    expect(await page.locator("#preview-help").textContent()).toBe("We answer within a day");
    await shot(page, "branding");
    await page.getByRole("button", { name: "Save branding" }).click();
    expect(await page.locator(".flash").textContent()).toContain("Branding saved");
    await context.close();
    expect(problems).toEqual([]);
  });

  it("works without JavaScript: sign-in, queue filter and an action", async () => {
    const { context, page } = await open(false);
    await signIn(page, "owner@acme.test");
    await page.goto(`${base}/app/exceptions?kind=stalled`);
    const rows = await page.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Take" }).first().click();
    expect(await page.locator(".flash").textContent()).toContain("assigned to owner");
    await context.close();
  });

  it("runs the queue's bulk actions from the keyboard alone", async () => {
    const { context, page, problems } = await open();
    await signIn(page, "support@acme.test");
    await page.goto(`${base}/app/exceptions?kind=stalled`);
    const rows = await page.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(1);
    await page.getByLabel("Select all").focus();
    await page.keyboard.press("Space");
    expect(await page.locator("tbody input[name=alert]:checked").count()).toBe(rows);
    // Enter on a checkbox must not fire the first row's button (implicit submission is disabled).
    await page.keyboard.press("Enter");
    await page.waitForTimeout(500);
    expect(await page.locator("tbody input[name=alert]:checked").count()).toBe(rows);
    expect(await page.locator(".flash").count()).toBe(0);
    await page.getByRole("combobox", { name: "Assign to" }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.textContent?.trim()")).toBe("Assign");
    await page.keyboard.press("Enter");
    await page.waitForURL(/kind=stalled/);
    expect(await page.locator(".flash").textContent()).toContain(`${rows} assigned`);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("has no serious accessibility violations (axe-core, WCAG 2.1 AA)", async () => {
    // Settings › Outgoing & helpdesk with a webhook that has a failed delivery, and a Zendesk connection.
    const { endpoint: webhook } = await createOutgoingEndpoint(w.db, {
      sellerId: w.sellerRecord.id,
      kind: "webhook",
      name: "Order system",
      url: "https://hooks.example.com/orders",
      topics: ["shipment.status_changed"],
    });
    await w.db.query(
      `INSERT INTO outgoing_webhook_deliveries (seller_id, endpoint_id, topic, event_key, payload, status, attempts,
         last_status_code, last_error) VALUES ($1, $2, 'shipment.status_changed', 'evt-axe', '{}', 'dead', 9, 503, 'HTTP 503')`,
      [w.sellerRecord.id, webhook.id],
    );
    const { endpoint: zendesk } = await createOutgoingEndpoint(w.db, {
      sellerId: w.sellerRecord.id,
      kind: "helpdesk",
      url: "https://acme.zendesk.com",
      config: { preset: "zendesk", subdomain: "acme", email: "agent@acme.test", apiToken: "token" },
    });
    // Messages: an e-mail to a shopper, sent to the built-in outbox.
    const { notificationId: messageId } = await w.db.session((tx) =>
      queueManualNotification(tx, {
        sellerId: w.sellerRecord.id,
        shipmentId,
        message: { subject: "About your order", text: "Hi {{firstName}}, your parcel left the depot." },
        actor: "user:axe",
      }),
    );
    await deliverDueNotifications(w.db, {
      email: outboxEmail,
      sms: outboxSms,
      publicUrl: base,
      mailFrom: "shop@example.com",
    });
    for (const width of [1280, 390]) {
      const { context, page } = await open(true, { bypassCSP: true, width });
      const { token } = await createInvitation(w.db, {
        sellerId: w.sellerRecord.id,
        email: `axe${width}@acme.test`,
        role: "viewer",
        invitedBy: w.users.owner.id,
      });
      const audit = async (url: string) => {
        await page.goto(url);
        await page.addScriptTag({ path: AXE });
        const violations = (await page.evaluate(`axe
          .run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] })
          .then((r) => r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 160) + " :: " + n.failureSummary),
          })))`)) as { id: string; impact: string; nodes: string[] }[];
        return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      };
      const found: Record<string, unknown> = {};
      const check = async (url: string) => {
        const serious = await audit(url);
        if (serious.length) found[`${width} ${url}`] = serious;
        // A wide table scrolls in its own region: the page itself never scrolls sideways, on a phone either.
        const pageWidth = (await page.evaluate("document.documentElement.scrollWidth")) as number;
        if (pageWidth > width) found[`${width} ${url} scrolls sideways`] = pageWidth;
      };
      await check(`${base}/app/sign-in`);
      await check(`${base}/app/invitations/${token}`);
      await signIn(page, "owner@acme.test");
      for (const path of [
        "/app",
        "/app/search?q=SW-700",
        `/app/shipments/${shipmentId}`,
        `/app/orders/${orderId}`,
        "/app/exceptions",
        "/app/exceptions?state=resolved&kind=lost",
        "/app/returns",
        "/app/messages",
        `/app/messages/${messageId}`,
        "/app/analytics",
        "/app/analytics?dimension=carrier",
        "/app/settings/carriers",
        "/app/settings/carriers/new?carrier=ups",
        `/app/settings/carriers/accounts/${accountId}`,
        "/app/settings/outgoing",
        `/app/settings/outgoing/${webhook.id}`,
        `/app/settings/outgoing/${zendesk.id}`,
        "/app/settings/shops",
        `/app/settings/shops/${shopId}`,
        "/app/settings/notifications",
        "/app/settings/alerts",
        "/app/settings/alerts/stalled",
        "/app/settings/branding",
        "/app/settings/api-keys",
        "/app/settings/team",
        "/app/settings/audit",
        "/app/account",
        "/app/no-such-page",
      ])
        await check(`${base}${path}`);
      await context.close();
      expect(found).toEqual({});
    }
  }, 240_000);
});
