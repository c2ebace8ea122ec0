/**
 * The tracking page as a shopper uses it, in Debian's Chromium (playwright-core): lookups, every status, an
 * exception, a split order, a return, the rating, at a phone and a desktop viewport (screenshots kept in
 * artifacts/screenshots/), keyboard only, without JavaScript, and an axe-core audit (WCAG 2.1 AA).
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUSES } from "../../src/core/status.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { buildTrackingWorld, type World } from "../web/support/tracking-world.js";
import { saveScreenshot } from "./screenshot.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}`);
if (!available) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const SHOTS = "artifacts/screenshots";
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let t: TestApp;
let world: World;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!available) return;
  mkdirSync(SHOTS, { recursive: true });
  t = await createTestApp();
  world = await buildTrackingWorld(t.db);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(
  viewport: keyof typeof VIEWPORTS,
  options: { javaScript?: boolean; bypassCSP?: boolean } = {},
) {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    locale: "en-US",
    javaScriptEnabled: options.javaScript ?? true,
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon|404 \(Not Found\)/.test(m.text())) problems.push(m.text());
  });
  return { context, page, problems };
}

const shot = (page: Page, name: string) => saveScreenshot(page, `${SHOTS}/${name}.png`);

async function lookUp(page: Page, orderNumber: string, contact: string) {
  await page.goto(`${base}/track/acme`);
  await page.getByLabel("Order number").fill(orderNumber);
  await page.getByLabel("Email or postcode").fill(contact);
  await page.getByRole("button", { name: "Track order" }).click();
}

async function closeAll(context: BrowserContext, problems: string[]) {
  await context.close();
  expect(problems).toEqual([]);
}

describe.skipIf(!available)("tracking page in Chromium", () => {
  for (const viewport of ["phone", "desktop"] as const) {
    it(`looks up an order, a wrong one, and a tracking number (${viewport})`, async () => {
      const { context, page, problems } = await open(viewport);
      const o = world.orders.split!;
      await page.goto(`${base}/track/acme`);
      await shot(page, `lookup-${viewport}`);
      await lookUp(page, o.number, "wrong@example.com");
      await expect.poll(() => page.getByRole("alert").textContent()).toContain("could not find an order");
      await shot(page, `lookup-not-found-${viewport}`);
      await lookUp(page, o.number, o.email);
      await page.waitForURL(/\/track\/acme\/s\//);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Part of your order has arrived",
      );
      expect(await page.getByText("Parcel 2 of 2").isVisible()).toBe(true);
      await shot(page, `split-order-${viewport}`);
      await page.goto(`${base}/track/acme`);
      await page.getByLabel("Tracking number").fill(world.orders.exception!.trackingNumbers[0]!);
      await page.getByRole("button", { name: "Track parcel" }).click();
      await page.waitForURL(/\/track\/acme\/s\//);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Problem with delivery");
      expect(await page.content()).not.toContain(world.orders.exception!.number);
      await shot(page, `tracking-number-exception-${viewport}`);
      await closeAll(context, problems);
    });

    it(`shows every status, an exception, a split order and a return (${viewport})`, async () => {
      const { context, page, problems } = await open(viewport);
      for (const status of STATUSES) {
        await page.goto(`${base}${await world.link(status)}`);
        expect(await page.locator(".status-title").first().isVisible()).toBe(true);
        expect(await page.locator(".steps").first().isVisible()).toBe(true);
        await shot(page, `status-${status}-${viewport}`);
      }
      await page.goto(`${base}${await world.link("withReturn")}`);
      expect(await page.getByText("Return parcel").isVisible()).toBe(true);
      await shot(page, `return-${viewport}`);
      await page.goto(`${base}${await world.link("exception", { lang: "fr" })}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Il y a un problème avec votre livraison",
      );
      await shot(page, `exception-fr-${viewport}`);
      await closeAll(context, problems);
    });
  }

  it("rates a delivered order with one click and a comment", async () => {
    const { context, page, problems } = await open("phone");
    await page.goto(`${base}${await world.link("delivered")}`);
    await page.getByRole("button", { name: "4 out of 5" }).click();
    await expect.poll(() => page.getByText("You rated this delivery 4 out of 5.").isVisible()).toBe(true);
    await page.getByLabel("Anything you would like to tell us? (optional)").fill("Left in the rain");
    await page.getByRole("button", { name: "Send comment" }).click();
    await expect.poll(() => page.getByText("Left in the rain").isVisible()).toBe(true);
    await shot(page, "rating-done-phone");
    const rows = await t.db.query<{ rating: number; comment: string }>(
      "SELECT rating, comment FROM tracking_ratings WHERE order_id = $1",
      [world.orders.delivered!.id],
    );
    expect(rows).toEqual([{ rating: 4, comment: "Left in the rain" }]);
    await closeAll(context, problems);
  });

  it("works with the keyboard alone", async () => {
    const { context, page, problems } = await open("desktop");
    const o = world.orders.withReturn!;
    await page.goto(`${base}/track/acme`);
    await page.keyboard.press("Tab");
    // Browser-side code as strings: this file is type-checked against Node's types, not the DOM's.
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Skip to content");
    await page.keyboard.press("Enter");
    const focusNext = async (predicate: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(predicate)) return;
      }
      throw new Error(`keyboard focus never reached ${predicate}`);
    };
    await focusNext("document.activeElement?.id === 'order-number'");
    await page.keyboard.type(o.number);
    await page.keyboard.press("Tab");
    await page.keyboard.type(o.postcode);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/track\/acme\/s\//);
    await focusNext("document.activeElement?.getAttribute('value') === '5'");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByText("You rated this delivery 5 out of 5.").isVisible()).toBe(true);
    const outline = await page.evaluate(
      "document.querySelector('a.out').focus(), getComputedStyle(document.activeElement).outlineStyle",
    );
    expect(outline).not.toBe("none");
    await shot(page, "keyboard-rated-desktop");
    await closeAll(context, problems);
  });

  it("works without JavaScript", async () => {
    const { context, page, problems } = await open("phone", { javaScript: false });
    const o = world.orders.out_for_delivery!;
    await lookUp(page, o.number, o.email);
    await page.waitForURL(/\/track\/acme\/s\//);
    expect(await page.locator(".status-title").first().textContent()).toBe("Out for delivery");
    await closeAll(context, problems);
  });

  it("has no serious accessibility violations (axe-core, WCAG 2.1 AA)", async () => {
    const { context, page } = await open("phone", { bypassCSP: true });
    const pages = [
      `${base}/track/acme`,
      await world.link("split"),
      await world.link("exception"),
      await world.link("withReturn"),
      await world.link("hostile"),
      await world.link("pending", { lang: "de" }),
    ];
    for (const url of pages) {
      await page.goto(url.startsWith("http") ? url : `${base}${url}`);
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(`axe
        .run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] })
        .then((r) => r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n) => n.html + " :: " + n.failureSummary),
        })))`)) as { id: string; impact: string; nodes: string[] }[];
      expect(
        violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
        url,
      ).toEqual([]);
    }
    await context.close();
  });
});
