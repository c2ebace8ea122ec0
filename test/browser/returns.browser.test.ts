/**
 * The self-service return as a shopper does it in Debian's Chromium (playwright-core): look the order up by
 * number and e-mail, start a return, choose the items and the reason, send it, and see it on the page; the
 * same without JavaScript and in French; axe-core finds no serious problem on the form.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { deliveredOrder } from "../returns/support.js";
import { saveScreenshot } from "./screenshot.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}`);
if (!available) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let t: TestApp;
let browser: Browser;
let base: string;
let sellerId: string;

beforeAll(async () => {
  if (!available) return;
  mkdirSync("artifacts/screenshots", { recursive: true });
  t = await createTestApp();
  sellerId = (await createSeller(t.db.orm, { slug: "shop", name: "Shop" })).id;
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const lineItems = [
  { sku: "TEE", name: "T-shirt", quantity: 2 },
  { sku: "CAP", name: "Cap", quantity: 1 },
];

async function returnAs(javaScript: boolean, lang: "en" | "fr") {
  const order = await deliveredOrder(t.db, sellerId, { deliveredDaysAgo: 3, lineItems, locale: lang });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${base}/track/shop?lang=${lang}`);
  await page.fill("#order-number", order.number);
  await page.fill("#contact", order.email);
  await page.locator("#contact").press("Enter");
  await page.waitForURL(/\/track\/shop\/s\//, { timeout: 8000 });
  await page.locator("form.start-return button").click();
  await page.waitForURL(/return=1/, { timeout: 8000 });
  await page.selectOption("select[name=qty_0]", "2");
  await page.selectOption("#reason", "wrong_size");
  await page.fill("#return-comment", "Too small <b>really</b>");
  await saveScreenshot(page, `artifacts/screenshots/return-form-${lang}${javaScript ? "" : "-nojs"}.png`);
  await page.locator("form.return-form button[type=submit]").click();
  await page.waitForURL(/#returns$/, { timeout: 8000 });
  const block = await page.locator("#returns").innerText();
  const [row] = await t.db.query<{ status: string; source: string; reason_text: string }>(
    "SELECT status, source, reason_text FROM return_requests WHERE order_id = $1",
    [order.id],
  );
  await context.close();
  return { block, row, problems };
}

describe.skipIf(!available)("self-service return in a browser", () => {
  it("a shopper looks the order up and starts a return", async () => {
    const { block, row, problems } = await returnAs(true, "en");
    expect(block).toContain("Return requested");
    expect(block).toContain("2 × T-shirt");
    expect(row).toEqual({
      status: "requested",
      source: "tracking_page",
      reason_text: "Too small <b>really</b>",
    });
    expect(problems).toEqual([]);
  });

  it("works without JavaScript, in French", async () => {
    const { block, row } = await returnAs(false, "fr");
    expect(block).toContain("Retour demandé");
    expect(row?.status).toBe("requested");
  });

  it("has no serious accessibility violations on the form (axe-core, WCAG 2.1 AA)", async () => {
    const order = await deliveredOrder(t.db, sellerId, { deliveredDaysAgo: 1, lineItems });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/track/shop?lang=en`);
    await page.fill("#order-number", order.number);
    await page.fill("#contact", order.email);
    await page.locator("#contact").press("Enter");
    await page.waitForURL(/\/track\/shop\/s\//, { timeout: 8000 });
    for (const url of [page.url(), `${page.url()}&return=1`]) {
      await page.goto(url);
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(`axe
        .run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) })))`)) as {
        impact: string;
      }[];
      expect(
        violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
        url,
      ).toEqual([]);
    }
    await context.close();
  });
});
