/**
 * The README's quick start, as a newcomer runs it: `shipwatch serve --demo` on an empty data folder prints the
 * URLs, the demo API key and the dashboard login; the API answers with the demo orders; a shopper finds an order
 * by number and email on the tracking page; the dashboard signs the printed login in; SIGTERM drains and exits 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PASSWORD = "quick-start-password-1";
let child: ChildProcess;
let dataDir: string;
let output = "";
let base = "";
let apiKey = "";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "shipwatch-quickstart-"));
  child = spawn(
    process.execPath,
    ["bin/shipwatch.js", "serve", "--demo", "--port", "0", "--host", "127.0.0.1"],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SHIPWATCH_DATA_DIR: dataDir,
        SHIPWATCH_DEMO_PASSWORD: PASSWORD,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // The demo migrates, seeds a year of delivery history and trains a model before its banner: well under a minute
  // on a quiet machine, several times that when the two cores are shared with other test suites.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${output}`)), 280_000);
    const poll = setInterval(() => {
      if (output.includes("Dashboard login")) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  base = /API\s+(http:\/\/\S+)\/v1/.exec(output)![1]!;
  apiKey = /Demo API key\s+(\S+)/.exec(output)![1]!;
}, 300_000);

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });

describe("npm start (serve --demo)", () => {
  it("prints every URL the README promises, with the demo key and login", () => {
    for (const line of ["Tracking page", "Dashboard", "Demo API key", `demo@example.com / ${PASSWORD}`])
      expect(output).toContain(line);
    expect(apiKey).toMatch(/^sw_/);
  });

  it("serves the demo orders through the API and finds one on the tracking page", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const listed = await api("/v1/orders?limit=3");
    expect(listed.status).toBe(200);
    type Listed = {
      items: { orderNumber: string; customer: { email: string | null; postcode: string | null } }[];
    };
    const orders = ((await listed.json()) as Listed).items;
    expect(orders.length).toBe(3);
    const order = orders[0]!;
    const contact = order.customer.email ?? order.customer.postcode ?? "";
    const form = new URLSearchParams({ orderNumber: order.orderNumber, contact });
    const lookup = await fetch(`${base}/track/demo/lookup`, {
      method: "POST",
      body: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(lookup.status).toBe(303);
    const page = await fetch(new URL(lookup.headers.get("location")!, base));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(order.orderNumber);
    // A delivered order's page has something to suggest: the demo shop's related products.
    const related = (await (await api("/v1/related-products")).json()) as { items: unknown[] };
    expect(related.items.length).toBeGreaterThan(0);
  });

  it("signs the printed dashboard login in", async () => {
    const signIn = await fetch(`${base}/app/sign-in`);
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const cookies = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const posted = await fetch(`${base}/app/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
      body: new URLSearchParams({
        email: "demo@example.com",
        password: PASSWORD,
        ...(csrf ? { _csrf: csrf } : {}),
      }),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).not.toContain("sign-in");
  });

  it("drains and exits 0 on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const sentAt = output.length;
    child.kill("SIGTERM");
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 60_000).unref());
    const code = await Promise.race([exited, timeout]);
    // What the server said while draining tells why it did not stop.
    expect(code, `after SIGTERM:\n${output.slice(sentAt).slice(-4000)}`).toBe(0);
  }, 90_000);
});
