/**
 * Settings › Carriers & webhooks from the dashboard: carrier accounts added, tested against the carrier emulator
 * on loopback (it speaks UPS's OAuth and Track API), edited, disabled, deleted; inbound webhook endpoints
 * created with a shown-once secret, rotated, stopped. What the poller and the webhook receiver will use is read
 * back through their own functions; stored secrets
 * never appear on a page or in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOne } from "../../src/ingest/polling/claim.js";
import { findDeliveryTarget, forgetCachedEndpoints } from "../../src/ingest/webhooks/endpoints.js";
import { FakeClock } from "../../src/sim/clock.js";
import { SIM_CREDENTIALS } from "../../src/sim/emulator/handler.js";
import { startCarrierEmulator, type CarrierEmulatorServer } from "../../src/sim/emulator/server.js";
import { SimWorld } from "../../src/sim/world.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let admin: Client;
let emulator: CarrierEmulatorServer;
let shipmentId: string;

beforeAll(async () => {
  w = await createDashboardWorld();
  emulator = await startCarrierEmulator({ world: new SimWorld(), clock: new FakeClock(Date.now()) });
  admin = await signIn(w.app, "admin@acme.test");
  const [row] = await w.db.query<{ id: string }>(
    "INSERT INTO shipments (seller_id, carrier, tracking_number, status) VALUES ($1, 'ups', '1ZSETTINGS01', 'in_transit') RETURNING id",
    [w.sellerRecord.id],
  );
  shipmentId = row!.id;
});
afterAll(async () => {
  await emulator?.close();
  await w?.close();
});

const accountForm = (o: Record<string, string>) => ({
  carrier: "ups",
  name: "main",
  requestsPerMinute: "120",
  burst: "20",
  baseUrl: emulator.baseUrl("ups"),
  polling: "on",
  ...o,
});

async function auditOf(action: string) {
  return w.db.query<{ data: Record<string, unknown>; actor: string; target_id: string | null }>(
    "SELECT data, actor, target_id FROM audit_log WHERE seller_id = $1 AND action = $2 ORDER BY id",
    [w.sellerRecord.id, action],
  );
}

describe("carrier accounts from the dashboard", () => {
  let accountId: string;

  it("asks for the fields the carrier's client reads", async () => {
    const page = await admin.get("/app/settings/carriers/new?carrier=ups");
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="cred_clientId"\s+type="text"/);
    expect(page.body).toMatch(/name="cred_clientSecret"\s+type="password"/);
    expect(page.body).toContain('name="cred_merchantId"');
    expect((await admin.get("/app/settings/carriers/new?carrier=nope")).statusCode).toBe(404);
  });

  it("tests the connection against the carrier before saving", async () => {
    const good = await admin.post(
      "/app/settings/carriers/accounts",
      accountForm({
        intent: "test",
        cred_clientId: "sim-ups",
        cred_clientSecret: SIM_CREDENTIALS.ups.clientSecret,
      }),
    );
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain("Connected: UPS accepted the credentials");
    const bad = await admin.post(
      "/app/settings/carriers/accounts",
      accountForm({ intent: "test", cred_clientId: "sim-ups", cred_clientSecret: "wrong-secret" }),
    );
    expect(bad.body).toContain("UPS refused these credentials");
    const missing = await admin.post("/app/settings/carriers/accounts", accountForm({ intent: "test" }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("Fill in clientId, clientSecret.");
    const rows = await w.db.query("SELECT 1 FROM carrier_accounts WHERE seller_id = $1", [w.sellerRecord.id]);
    expect(rows).toHaveLength(0);
  });

  it("saves an account the poller then uses, showing its credentials only masked", async () => {
    const saved = await admin.post(
      "/app/settings/carriers/accounts",
      accountForm({ intent: "save", cred_clientId: "sim-ups", cred_clientSecret: "sim-secret" }),
    );
    expect(saved.statusCode).toBe(303);
    const page = await admin.get("/app/settings/carriers");
    expect(page.body).toMatch(/<td>UPS<\/td>\s*<td>main<\/td>\s*<td>polling<\/td>\s*<td>120\/min<\/td>/);
    expect(page.body).toContain("<code>clientSecret</code> ••••");
    expect(page.body).not.toContain("sim-secret");
    // The new account enrolled the open UPS shipment: its page says a poll is due (next_poll_at is -infinity).
    const shipment = await admin.get(`/app/shipments/${shipmentId}`);
    expect(shipment.statusCode).toBe(200);
    expect(shipment.body).toContain("next as soon as a worker is free");
    accountId = /\/app\/settings\/carriers\/accounts\/([0-9a-f-]{36})/.exec(page.body)![1]!;
    const claimed = await claimOne(w.db, shipmentId, new Date(), 60_000);
    expect(claimed?.account?.credentials).toEqual({ clientId: "sim-ups", clientSecret: "sim-secret" });
    expect(claimed?.account?.baseUrl).toBe(emulator.baseUrl("ups"));
    const edit = await admin.get(`/app/settings/carriers/accounts/${accountId}`);
    expect(edit.body).not.toContain("sim-secret");
    expect(edit.body).not.toContain('value="sim-ups"');
    const [audit] = await auditOf("carrier_account.created");
    expect(audit!.actor).toBe(`user:${w.users.admin.id}`);
    expect(audit!.data).toEqual({
      carrier: "ups",
      name: "main",
      credentialFields: ["clientId", "clientSecret"],
    });
    const again = await admin.post(
      "/app/settings/carriers/accounts",
      accountForm({ intent: "save", cred_clientId: "x", cred_clientSecret: "y" }),
    );
    expect(again.statusCode).toBe(409);
  });

  it("edits settings and replaces credentials without showing the old ones", async () => {
    const url = `/app/settings/carriers/accounts/${accountId}`;
    const settings = await admin.post(url, {
      name: "primary",
      requestsPerMinute: "300",
      burst: "30",
      baseUrl: emulator.baseUrl("ups"),
      polling: "on",
    });
    expect(settings.statusCode).toBe(303);
    // An account that does not poll ("webhooks only") cannot serve a refresh either: the pollers skip it.
    await admin.post(url, { name: "primary", requestsPerMinute: "300", burst: "30" });
    const refresh = await admin.post(`/app/shipments/${shipmentId}/refresh`);
    expect(refresh.cookies.map((c) => decodeURIComponent(c.value)).join()).toContain(
      "No ups carrier account",
    );
    await admin.post(url, {
      name: "primary",
      requestsPerMinute: "300",
      burst: "30",
      baseUrl: emulator.baseUrl("ups"),
      polling: "on",
    });
    const bad = await admin.post(url, { name: "primary", requestsPerMinute: "0", burst: "30" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Requests per minute must be");
    const [row] = await w.db.query<{ name: string; requests_per_minute: number }>(
      "SELECT name, requests_per_minute FROM carrier_accounts WHERE id = $1",
      [accountId],
    );
    expect(row).toEqual({ name: "primary", requests_per_minute: 300 });

    const test = await admin.post(`${url}/credentials`, {
      intent: "test",
      cred_clientId: "sim-ups",
      cred_clientSecret: "not-it",
    });
    expect(test.body).toContain("refused these credentials");
    const replaced = await admin.post(`${url}/credentials`, {
      intent: "save",
      cred_clientId: "new-id",
      cred_clientSecret: "new-secret",
      cred_merchantId: "M1",
    });
    expect(replaced.statusCode).toBe(303);
    const claimed = await claimOne(w.db, shipmentId, new Date(), 60_000);
    expect(claimed?.account?.credentials).toEqual({
      clientId: "new-id",
      clientSecret: "new-secret",
      merchantId: "M1",
    });
    const [audit] = await auditOf("carrier_account.credentials_replaced");
    expect(JSON.stringify(audit!.data)).not.toContain("new-secret");
  });

  it("disables, enables and deletes an account", async () => {
    const url = `/app/settings/carriers/accounts/${accountId}`;
    expect((await admin.post(`${url}/enabled`, { enabled: "false" })).statusCode).toBe(303);
    expect((await claimOne(w.db, shipmentId, new Date(), 60_000))?.account).toBeNull();
    expect((await admin.get("/app/settings/carriers")).body).toContain("<strong>disabled</strong>");
    const refresh = await admin.post(`/app/shipments/${shipmentId}/refresh`);
    expect(refresh.cookies.map((c) => decodeURIComponent(c.value)).join()).toContain(
      "No ups carrier account",
    );
    // Replacing the credentials of a disabled account keeps it disabled.
    await admin.post(`${url}/credentials`, { intent: "save", cred_clientId: "a", cred_clientSecret: "b" });
    expect((await claimOne(w.db, shipmentId, new Date(), 60_000))?.account).toBeNull();
    expect((await admin.post(`${url}/enabled`, { enabled: "true" })).statusCode).toBe(303);
    expect((await claimOne(w.db, shipmentId, new Date(), 60_000))?.account?.credentials.clientId).toBe("a");
    expect((await admin.post(`${url}/delete`)).statusCode).toBe(303);
    expect((await admin.get(url)).statusCode).toBe(404);
    expect(await auditOf("carrier_account.deleted")).toHaveLength(1);
    expect((await admin.get("/app/settings/carriers")).body).toContain("No carrier account yet");
  });
});

describe("inbound webhook endpoints from the dashboard", () => {
  const secretIn = (body: string) => /<p class="secret">([^<]+)<\/p>/.exec(body)?.[1];

  it("creates an endpoint and shows its secret once", async () => {
    const created = await admin.post("/app/settings/webhooks", { source: "ups" });
    expect(created.statusCode).toBe(200);
    const secret = secretIn(created.body)!;
    expect(secret).toMatch(/^whsec_/);
    forgetCachedEndpoints(w.db);
    expect((await findDeliveryTarget(w.db, "acme", "ups", new Date()))?.secrets).toEqual([secret]);
    const later = await admin.get("/app/settings/carriers");
    expect(later.body).not.toContain(secret);
    expect(later.body).toContain(`${secret.slice(0, 12)}…`);
    expect((await admin.post("/app/settings/webhooks", { source: "ups" })).statusCode).toBe(409);
    expect((await admin.post("/app/settings/webhooks", { source: "nope" })).statusCode).toBe(400);
  });

  it("keeps a secret the sender issued without echoing it", async () => {
    const issued = "aftership-issued-secret-0123456789";
    const created = await admin.post("/app/settings/webhooks", { source: "aftership", secret: issued });
    expect(created.statusCode).toBe(200);
    expect(created.body).not.toContain(issued);
    expect((await findDeliveryTarget(w.db, "acme", "aftership", new Date()))?.secrets).toEqual([issued]);
  });

  it("rotates a secret (the old one verifies during the grace period) and stops receiving", async () => {
    const page = await admin.get("/app/settings/carriers");
    const id = /\/app\/settings\/webhooks\/([0-9a-f-]{36})\/rotate/.exec(page.body)![1]!;
    const before = (await findDeliveryTarget(w.db, "acme", "aftership", new Date()))!.secrets;
    const rotated = await admin.post(`/app/settings/webhooks/${id}/rotate`);
    const fresh = secretIn(rotated.body)!;
    expect(rotated.body).toContain("old secret valid until");
    const target = await findDeliveryTarget(w.db, "acme", "aftership", new Date());
    expect(target?.secrets).toEqual([fresh, ...before]);
    expect((await admin.post(`/app/settings/webhooks/${id}/delete`)).statusCode).toBe(303);
    expect((await findDeliveryTarget(w.db, "acme", "aftership", new Date()))?.secrets).toEqual([]);
    expect((await auditOf("webhook_endpoint.rotate")).map((a) => a.target_id)).toEqual([id]);
    const audits = await w.db.query<{ data: unknown }>(
      "SELECT data FROM audit_log WHERE seller_id = $1 AND action LIKE 'webhook_endpoint.%'",
      [w.sellerRecord.id],
    );
    expect(JSON.stringify(audits)).not.toContain("whsec_");
  });
});
