/**
 * Settings › Outgoing & helpdesk from the dashboard: a webhook added with the form is what the delivery worker then
 * signs and posts to a real receiver on loopback (with the secret the page showed once); topics, changes, turning
 * off, a new secret, removal and "send again" act on what the worker reads; a Zendesk connection keeps its
 * credentials sealed and never on a page; the SSRF guard refuses a loopback URL where private targets are not
 * allowed; nothing secret reaches the audit trail.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutgoingEndpoint } from "../../src/notifications/outgoing-endpoints.js";
import { enqueueWebhookEvents } from "../../src/notifications/webhook-enqueue.js";
import { deliverDueWebhooks, verifyWebhookSignature } from "../../src/notifications/webhook-out.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let admin: Client;
let base: string;
let close: () => Promise<void>;
const hits: { path: string; signature: string; body: string }[] = [];

beforeAll(async () => {
  // The receiver is on loopback: this instance lets webhooks reach it, as the demo does.
  w = await createDashboardWorld({ allowPrivateWebhookTargets: true });
  admin = await signIn(w.app, "admin@acme.test");
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ path: req.url ?? "", signature: String(req.headers["shipwatch-signature"]), body });
      res.writeHead(req.url === "/down" ? 503 : 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close?.();
  await w?.close();
});

const loopback = { allowPrivateTargets: true };
const idIn = (body: string) => /\/app\/settings\/outgoing\/([0-9a-f-]{36})/.exec(body)![1]!;

/** A status change of a made-up shipment, queued for the seller's webhooks as the ingest path queues it. */
async function statusChange(key: string) {
  await w.db.session((s) =>
    enqueueWebhookEvents(s, w.sellerRecord.id, [
      {
        topic: "shipment.status_changed",
        key,
        data: { shipmentId: key, from: "in_transit", to: "delivered" },
      },
    ]),
  );
}

async function auditOf(action: string) {
  return w.db.query<{ data: Record<string, unknown>; actor: string; target_id: string | null }>(
    "SELECT data, actor, target_id FROM audit_log WHERE seller_id = $1 AND action = $2 ORDER BY id",
    [w.sellerRecord.id, action],
  );
}

describe("webhooks from the dashboard", () => {
  let id: string;
  let secret: string;

  it("adds a webhook, shows its signing secret once, and the worker signs deliveries with it", async () => {
    const added = await admin.post("/app/settings/outgoing/webhooks", {
      name: "Order <system>",
      url: `${base}/orders`,
      topics: ["shipment.status_changed", "alert.opened"],
    });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain("Order &lt;system&gt;");
    secret = /<p class="secret" id="shown-secret">(whsec_[^<]+)<\/p>/.exec(added.body)![1]!;
    id = idIn(added.body);
    const list = await admin.get("/app/settings/outgoing");
    expect(list.body).toContain(`${base}/orders`);
    expect(list.body).toContain("shipment.status_changed, alert.opened");
    expect(list.body).not.toContain(secret.slice(12));
    const page = await admin.get(`/app/settings/outgoing/${id}`);
    expect(page.body).toContain(`<code>${secret.slice(0, 12)}…</code>`);
    expect(page.body).not.toContain(secret.slice(12));

    await statusChange("evt-1");
    const now = new Date();
    expect(await deliverDueWebhooks(w.db, now, loopback)).toMatchObject({ succeeded: 1 });
    const hit = hits.find((h) => h.path === "/orders")!;
    expect(verifyWebhookSignature(secret, hit.body, hit.signature, now)).toBe(true);
    const after = await admin.get(`/app/settings/outgoing/${id}`);
    expect(after.body).toMatch(/shipment\.status_changed[\s\S]*evt-1[\s\S]*delivered/);
    const [audit] = await auditOf("webhook_endpoint.create");
    expect(audit).toMatchObject({ actor: `user:${w.users.admin.id}`, target_id: id });
    expect(JSON.stringify(await auditOf("webhook_endpoint.create"))).not.toContain("whsec_");
  });

  it("refuses a form the API would refuse, with the field named, and saves nothing", async () => {
    const before = await w.db.query("SELECT id FROM outgoing_webhooks WHERE seller_id = $1", [
      w.sellerRecord.id,
    ]);
    const notUrl = await admin.post("/app/settings/outgoing/webhooks", { url: "orders.example.com" });
    expect(notUrl.statusCode).toBe(400);
    expect(notUrl.body).toContain("The URL:");
    expect(notUrl.body).toContain('value="orders.example.com"');
    const badTopic = await admin.post("/app/settings/outgoing/webhooks", {
      url: `${base}/x`,
      topics: ["shipment.teleported"],
    });
    expect(badTopic.statusCode).toBe(400);
    expect(badTopic.body).toContain("The events:");
    const after = await w.db.query("SELECT id FROM outgoing_webhooks WHERE seller_id = $1", [
      w.sellerRecord.id,
    ]);
    expect(after).toHaveLength(before.length);
  });

  it("changes the URL and topics; events outside the topics are not sent", async () => {
    const saved = await admin.post(`/app/settings/outgoing/${id}`, {
      name: "Orders",
      url: `${base}/orders-v2`,
      topics: ["alert.opened"],
    });
    expect(saved.statusCode).toBe(303);
    await statusChange("evt-2");
    const [row] = await w.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outgoing_webhook_deliveries WHERE endpoint_id = $1 AND event_key = 'evt-2'",
      [id],
    );
    expect(row!.n).toBe(0);
    const page = await admin.get(`/app/settings/outgoing/${id}`);
    expect(page.body).toContain(`${base}/orders-v2`);
    // Back to every event: no topic ticked.
    await admin.post(`/app/settings/outgoing/${id}`, { name: "Orders", url: `${base}/orders-v2` });
    expect((await admin.get("/app/settings/outgoing")).body).toContain("every event");
  });

  it("turns a webhook off and on, and a new secret signs the next delivery", async () => {
    expect((await admin.post(`/app/settings/outgoing/${id}/enabled`, { enabled: "false" })).statusCode).toBe(
      303,
    );
    await statusChange("evt-off");
    const queued = await w.db.query("SELECT 1 FROM outgoing_webhook_deliveries WHERE event_key = 'evt-off'");
    expect(queued).toHaveLength(0);
    expect((await admin.get("/app/settings/outgoing")).body).toContain("disabled by the seller");
    await admin.post(`/app/settings/outgoing/${id}/enabled`, { enabled: "true" });

    const rotated = await admin.post(`/app/settings/outgoing/${id}/rotate`);
    const fresh = /<p class="secret" id="shown-secret">(whsec_[^<]+)<\/p>/.exec(rotated.body)![1]!;
    expect(fresh).not.toBe(secret);
    await statusChange("evt-3");
    const now = new Date();
    await deliverDueWebhooks(w.db, now, loopback);
    const hit = hits.find((h) => h.path === "/orders-v2" && h.body.includes("evt-3"))!;
    expect(verifyWebhookSignature(fresh, hit.body, hit.signature, now)).toBe(true);
    expect(verifyWebhookSignature(secret, hit.body, hit.signature, now)).toBe(false);
  });

  it("sends a failed delivery again on request, and only the seller's own", async () => {
    const { endpoint } = await createOutgoingEndpoint(w.db, {
      sellerId: w.sellerRecord.id,
      kind: "webhook",
      url: `${base}/down`,
    });
    await statusChange("evt-down");
    await deliverDueWebhooks(w.db, new Date(), loopback);
    const [delivery] = await w.db.query<{ id: string; status: string; next_attempt_at: Date }>(
      "SELECT id, status, next_attempt_at FROM outgoing_webhook_deliveries WHERE endpoint_id = $1",
      [endpoint.id],
    );
    expect(delivery!.status).toBe("pending");
    expect(delivery!.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    const page = await admin.get(`/app/settings/outgoing/${endpoint.id}`);
    expect(page.body).toContain("retrying");
    expect(page.body).toContain("HTTP 503");
    const again = await admin.post(`/app/settings/outgoing/deliveries/${delivery!.id}/redeliver`, {
      endpoint: endpoint.id,
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/app/settings/outgoing/${endpoint.id}`);
    const [now] = await w.db.query<{ next_attempt_at: Date }>(
      "SELECT next_attempt_at FROM outgoing_webhook_deliveries WHERE id = $1",
      [delivery!.id],
    );
    expect(now!.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());

    const other = await w.seller("other-shop");
    const { endpoint: theirs } = await createOutgoingEndpoint(w.db, {
      sellerId: other.id,
      kind: "webhook",
      url: `${base}/theirs`,
    });
    expect((await admin.get(`/app/settings/outgoing/${theirs.id}`)).statusCode).toBe(404);
    const [theirDelivery] = await w.db.query<{ id: string }>(
      `INSERT INTO outgoing_webhook_deliveries (seller_id, endpoint_id, topic, event_key, payload, status)
       VALUES ($1, $2, 'alert.opened', 'theirs-1', '{}', 'dead') RETURNING id`,
      [other.id, theirs.id],
    );
    expect(
      (await admin.post(`/app/settings/outgoing/deliveries/${theirDelivery!.id}/redeliver`)).statusCode,
    ).toBe(404);
    expect((await admin.post(`/app/settings/outgoing/${theirs.id}/delete`)).statusCode).toBe(404);
  });

  it("removes a webhook", async () => {
    const removed = await admin.post(`/app/settings/outgoing/${id}/delete`);
    expect(removed.statusCode).toBe(303);
    expect(await w.db.query("SELECT 1 FROM outgoing_webhooks WHERE id = $1", [id])).toHaveLength(0);
    expect(await auditOf("webhook_endpoint.delete")).toHaveLength(1);
  });
});

describe("helpdesks from the dashboard", () => {
  it("connects Zendesk with its API token sealed, never shown, and replaces the credentials", async () => {
    const connected = await admin.post("/app/settings/outgoing/helpdesks", {
      helpdesk: "zendesk",
      account: "Acme-Support",
      user: "agent@acme.test",
      key: "zd-token-from-form",
    });
    expect(connected.statusCode).toBe(303);
    const id = idIn(connected.headers.location as string);
    const [row] = await w.db.query<{
      url: string;
      config: Record<string, unknown>;
      credential_names: string[];
    }>("SELECT url, config, credential_names FROM outgoing_webhooks WHERE id = $1", [id]);
    expect(row!.url).toBe("https://acme-support.zendesk.com");
    expect(row!.config).toMatchObject({
      preset: "zendesk",
      subdomain: "acme-support",
      email: "agent@acme.test",
    });
    expect(row!.credential_names).toEqual(["apiToken"]);
    const stored = await w.db.query<{ row: string }>(
      "SELECT row_to_json(e)::text AS row FROM outgoing_webhooks e WHERE id = $1",
      [id],
    );
    expect(stored[0]!.row).not.toContain("zd-token-from-form");
    const page = await admin.get(`/app/settings/outgoing/${id}`);
    expect(page.body).toContain("Zendesk helpdesk");
    expect(page.body).toContain("<code>apiToken</code> ••••");
    expect(page.body).toContain("No ticket yet");
    expect(page.body).toContain('value="agent@acme.test"');
    expect(page.body).not.toContain("zd-token-from-form");

    // A ticket the connection opened shows on its page and in the list, linked to the shipment and the helpdesk.
    const [shipment] = await w.db.query<{ id: string }>(
      "INSERT INTO shipments (seller_id, carrier, tracking_number) VALUES ($1, 'ups', '1ZTICKET<1>') RETURNING id",
      [w.sellerRecord.id],
    );
    const [alert] = await w.db.query<{ id: string }>(
      "INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status) VALUES ($1, $2, 'presumed_lost', 'in_transit') RETURNING id",
      [w.sellerRecord.id, shipment!.id],
    );
    await w.db.query(
      `INSERT INTO helpdesk_tickets (seller_id, alert_id, endpoint_id, shipment_id, provider, status, external_id,
         ticket_id, ticket_url) VALUES ($1, $2, $3, $4, 'zendesk', 'created', 'x', '4711',
         'https://acme-support.zendesk.com/agent/tickets/4711')`,
      [w.sellerRecord.id, alert!.id, id, shipment!.id],
    );
    const withTicket = await admin.get(`/app/settings/outgoing/${id}`);
    expect(withTicket.body).toContain(`<a href="/app/shipments/${shipment!.id}">1ZTICKET&lt;1&gt;</a>`);
    expect(withTicket.body).toContain('href="https://acme-support.zendesk.com/agent/tickets/4711"');
    expect(withTicket.body).toContain("presumed lost");
    expect((await admin.get("/app/settings/outgoing")).body).toContain("ticket created");

    const replaced = await admin.post(`/app/settings/outgoing/${id}/credentials`, {
      account: "acme-support",
      user: "lead@acme.test",
      key: "zd-token-two",
    });
    expect(replaced.statusCode).toBe(303);
    const [after] = await w.db.query<{ config: Record<string, unknown> }>(
      "SELECT config FROM outgoing_webhooks WHERE id = $1",
      [id],
    );
    expect(after!.config).toMatchObject({ email: "lead@acme.test" });
    const audits = JSON.stringify(
      await w.db.query("SELECT data FROM audit_log WHERE seller_id = $1", [w.sellerRecord.id]),
    );
    expect(audits).not.toMatch(/zd-token/);
  });

  it("refuses a helpdesk form missing its credentials or with a bad account name", async () => {
    const noKey = await admin.post("/app/settings/outgoing/helpdesks", {
      helpdesk: "gorgias",
      account: "acme",
      user: "api@acme.test",
    });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.body).toContain("The API key:");
    const badAccount = await admin.post("/app/settings/outgoing/helpdesks", {
      helpdesk: "gorgias",
      account: "acme.evil.com/",
      user: "api@acme.test",
      key: "k",
    });
    expect(badAccount.statusCode).toBe(400);
    expect(badAccount.body).toContain("The account:");
    const rows = await w.db.query(
      "SELECT 1 FROM outgoing_webhooks WHERE seller_id = $1 AND url LIKE '%gorgias%'",
      [w.sellerRecord.id],
    );
    expect(rows).toHaveLength(0);
  });

  it("lists a webhook's secret by its prefix and a helpdesk's credentials by name, never their values", async () => {
    const { secret } = await createOutgoingEndpoint(w.db, {
      sellerId: w.sellerRecord.id,
      kind: "webhook",
      url: "https://hooks.example.com/listed",
    });
    await createOutgoingEndpoint(w.db, {
      sellerId: w.sellerRecord.id,
      kind: "helpdesk",
      url: "https://acme.zendesk.com",
      config: {
        preset: "zendesk",
        email: "agent@acme.test",
        apiToken: "zd-listed-token",
        headers: { "X-Extra": "extra-listed-value" },
      },
    });
    const page = await admin.get("/app/settings/outgoing");
    expect(page.body).toContain("https://hooks.example.com/listed");
    expect(page.body).not.toContain(secret!.slice(12));
    expect(page.body).toContain("<code>headers.X-Extra</code> ••••, <code>apiToken</code> ••••");
    expect(page.body).not.toMatch(/zd-listed-token|extra-listed-value/);
  });
});

describe("where private targets are not allowed", () => {
  it("refuses a loopback URL and says why", async () => {
    const strict = await createDashboardWorld();
    try {
      const owner = await signIn(strict.app, "owner@acme.test");
      const refused = await owner.post("/app/settings/outgoing/webhooks", {
        url: "http://127.0.0.1:8080/hook",
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("The URL cannot be used: 127.0.0.1 is");
      expect(await strict.db.query("SELECT 1 FROM outgoing_webhooks")).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});
