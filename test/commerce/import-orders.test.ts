/**
 * The generic order CSV: good rows become orders and parcels, bad rows are reported by line, a re-import updates
 * instead of duplicating; and `shipwatch import orders` on an embedded database.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOrdersFile } from "../../src/commerce/import-orders.js";
import { runCli } from "../../src/cli/run.js";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { createSeller } from "../../src/db/repositories/sellers.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

const CSV = [
  "Order Number,email,phone,postcode,first_name,locale,time_zone,ordered_at,promised_at,carrier,tracking_number,service",
  '#5001,Ana@Example.com,+1 615 555 0100,37203,Ana,pt-BR,America/Chicago,2026-03-01T10:00:00-06:00,2026-03-06,ups,1Z999AA10123456784,"Ground, residential"',
  "5001,,,,,,,,,,9400111899223100000000,Priority Mail",
  "5002,not-an-email,,,,xx_YYY,Mars/Base,yesterday,,,,",
  "5003,bo@example.com,,SW1A 1AA,Bo,en,Europe/London,2026-03-01,,DHL Express,1234567890,",
  "5004,cy@example.com,,,,,,,,,HELLO,",
  "5005,di@example.com,,,,,,,,,,",
  ",nobody@example.com,,,,,,,,,,",
].join("\r\n");

let db: TestDatabase;
let sellerId: string;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sellerId = (await createSeller(db.orm, { slug: "csv-shop", name: "CSV shop" })).id;
  dir = mkdtempSync(join(tmpdir(), "shipwatch-orders-"));
  writeFileSync(join(dir, "orders.csv"), CSV);
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const orders = () =>
  db.query<Record<string, unknown>>(
    `SELECT order_number, email, phone, postcode, first_name, locale, time_zone, ordered_at, promised_at, stage
     FROM orders WHERE seller_id = $1 ORDER BY order_number`,
    [sellerId],
  );

describe("importOrdersFile", () => {
  it("imports the good rows, reports the bad ones by line, and a re-import changes nothing", async () => {
    const report = await importOrdersFile(db, sellerId, join(dir, "orders.csv"), { batchSize: 2 });
    expect(report).toMatchObject({
      rows: 7,
      ordersCreated: 3,
      ordersUpdated: 0,
      shipmentsCreated: 3,
      errorCount: 3,
    });
    expect(report.errors.map((e) => e.line)).toEqual([4, 6, 8]);
    expect(report.errors[0]!.message).toMatch(
      /email "not-an-email".*locale "xx_YYY".*time_zone "Mars\/Base".*ordered_at "yesterday"/,
    );
    expect(report.errors[1]!.message).toMatch(/tracking_number "HELLO"|no carrier for tracking number HELLO/);
    expect(report.errors[2]!.message).toBe("order_number is empty");

    const rows = await orders();
    expect(rows.map((r) => r.order_number)).toEqual(["5001", "5003", "5005"]);
    expect(rows[0]).toMatchObject({
      email: "ana@example.com",
      phone: "+16155550100",
      postcode: "37203",
      first_name: "Ana",
      locale: "pt-BR",
      time_zone: "America/Chicago",
    });
    expect(new Date(rows[0]!.promised_at as string).toISOString()).toBe("2026-03-06T00:00:00.000Z");
    expect(rows[1]).toMatchObject({ postcode: "SW1A1AA" });
    const parcels = await db.query<{ carrier: string; tracking_number: string; service: string | null }>(
      "SELECT carrier, tracking_number, service FROM shipments WHERE seller_id = $1",
      [sellerId],
    );
    expect(parcels.sort((a, b) => a.carrier.localeCompare(b.carrier))).toEqual([
      { carrier: "dhl_express", tracking_number: "1234567890", service: null },
      { carrier: "ups", tracking_number: "1Z999AA10123456784", service: "Ground, residential" },
      { carrier: "usps", tracking_number: "9400111899223100000000", service: "Priority Mail" },
    ]);

    const again = await importOrdersFile(db, sellerId, join(dir, "orders.csv"));
    expect(again).toMatchObject({
      ordersCreated: 0,
      ordersUpdated: 3,
      shipmentsCreated: 0,
      shipmentsAttached: 0,
    });
    expect(await orders()).toEqual(rows);
  });

  it("a later file updates what it names and keeps what it leaves empty", async () => {
    writeFileSync(join(dir, "update.csv"), "order_number,email,first_name\n5001,ana.new@example.com,\n");
    const report = await importOrdersFile(db, sellerId, join(dir, "update.csv"));
    expect(report).toMatchObject({ rows: 1, ordersCreated: 0, ordersUpdated: 1, errorCount: 0 });
    const [row] = await db.query<{ email: string; first_name: string }>(
      "SELECT email, first_name FROM orders WHERE seller_id = $1 AND order_number = '5001'",
      [sellerId],
    );
    expect(row).toEqual({ email: "ana.new@example.com", first_name: "Ana" });
  });

  it("a file without an order_number column is refused at line 1", async () => {
    writeFileSync(join(dir, "bad.csv"), "email,tracking\nx@example.com,1Z999AA10123456784\n");
    const report = await importOrdersFile(db, sellerId, join(dir, "bad.csv"));
    expect(report).toMatchObject({
      rows: 0,
      errorCount: 1,
      errors: [{ line: 1, message: "missing required column: order_number" }],
    });
  });
});

describe("shipwatch import orders (CLI, embedded database)", () => {
  it("prints a summary with the bad lines and exits 0; an unknown seller is a usage error", async () => {
    const dataDir = join(dir, "data");
    const seeded = await openDatabase({ dataDir });
    await migrate(seeded);
    await createSeller(seeded.orm, { slug: "demo", name: "Demo" });
    await seeded.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      env: { SHIPWATCH_DATA_DIR: dataDir },
    };
    expect(await runCli(["import", "orders", join(dir, "orders.csv")], io)).toBe(0);
    expect(out.join("")).toMatch(
      /orders\.csv: 7 rows, 3 orders created, 0 updated, 3 shipments created, 0 attached, 3 bad/,
    );
    expect(out.join("")).toMatch(/line 4: email "not-an-email"/);
    expect(await runCli(["import", "orders", join(dir, "orders.csv"), "--seller", "nobody"], io)).toBe(2);
    expect(await runCli(["import", "orders", join(dir, "missing.csv")], io)).toBe(2);
  }, 120_000);
});
