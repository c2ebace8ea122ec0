/**
 * The push setting of a carrier account from the dashboard: offered only for carriers with a push API (UPS Track
 * Alert, FedEx AIV), off by default, saved on add and edit, kept when credentials are replaced, and read by the poller's claim.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOne } from "../../src/ingest/polling/claim.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let admin: Client;
let shipmentId: string;

beforeAll(async () => {
  w = await createDashboardWorld();
  admin = await signIn(w.app, "admin@acme.test");
  const [row] = await w.db.query<{ id: string }>(
    "INSERT INTO shipments (seller_id, carrier, tracking_number, status) VALUES ($1, 'ups', '1ZPUSHSETTING01', 'in_transit') RETURNING id",
    [w.sellerRecord.id],
  );
  shipmentId = row!.id;
});
afterAll(() => w?.close());

const form = (o: Record<string, string>) => ({
  name: "main",
  requestsPerMinute: "120",
  burst: "20",
  polling: "on",
  ...o,
});
const pushOf = async () => (await claimOne(w.db, shipmentId, new Date(), 1))?.account?.push;

describe("carrier account push setting", () => {
  it("is offered for UPS (Track Alert) and USPS (Subscriptions - Tracking), not for a carrier without a push API", async () => {
    const ups = await admin.get("/app/settings/carriers/new?carrier=ups");
    expect(ups.body).toMatch(/name="push" value="on"\s*\/> Subscribe shipments to\s+UPS Track Alert/);
    expect(ups.body).toContain("SHIPWATCH_PUBLIC_URL");
    const usps = await admin.get("/app/settings/carriers/new?carrier=usps");
    expect(usps.body).toMatch(
      /name="push" value="on"\s*\/> Subscribe shipments to\s+USPS Subscriptions - Tracking/,
    );
    const dhl = await admin.get("/app/settings/carriers/new?carrier=dhl_express");
    expect(dhl.statusCode).toBe(200);
    expect(dhl.body).not.toContain('name="push"');
  });

  it("is offered for FedEx (AIV) with the portal setup it needs and the optional webhookProjectId field", async () => {
    const fedex = await admin.get("/app/settings/carriers/new?carrier=fedex");
    expect(fedex.body).toMatch(
      /name="push" value="on"\s*\/> Subscribe shipments to\s+FedEx Advanced Integrated Visibility/,
    );
    expect(fedex.body).toContain("security token is that endpoint&#39;s secret");
    expect(fedex.body).toContain('name="cred_webhookProjectId"');
  });

  it("is saved on add and edit, kept when credentials are replaced, and reaches the poller", async () => {
    const saved = await admin.post(
      "/app/settings/carriers/accounts",
      form({ carrier: "ups", intent: "save", cred_clientId: "a", cred_clientSecret: "b", push: "on" }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await pushOf()).toBe(true);
    const [{ id } = { id: "" }] = await w.db.query<{ id: string }>(
      "SELECT id FROM carrier_accounts WHERE seller_id = $1 AND carrier = 'ups'",
      [w.sellerRecord.id],
    );
    const url = `/app/settings/carriers/accounts/${id}`;
    expect((await admin.get(url)).body).toMatch(/name="push" value="on"\s+checked/);
    const replaced = await admin.post(`${url}/credentials`, {
      intent: "save",
      cred_clientId: "c",
      cred_clientSecret: "d",
    });
    expect(replaced.statusCode).toBe(303);
    expect(await pushOf()).toBe(true);
    expect((await admin.post(url, form({}))).statusCode).toBe(303); // checkbox left unticked
    expect(await pushOf()).toBe(false);
  });

  it("is off by default", async () => {
    await w.db.query("DELETE FROM carrier_accounts WHERE seller_id = $1", [w.sellerRecord.id]);
    const saved = await admin.post(
      "/app/settings/carriers/accounts",
      form({ carrier: "ups", intent: "save", cred_clientId: "a", cred_clientSecret: "b" }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await pushOf()).toBe(false);
  });
});
