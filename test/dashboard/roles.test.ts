/**
 * Walks every dashboard route with every role (and signed out): the server allows exactly what the role table
 * says, answers 403 otherwise, and sends signed-out visitors to sign-in. A route added without a fixture here
 * fails the first test, so no route escapes the walk.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "../../src/commerce/connections.js";
import { createApiKey } from "../../src/db/repositories/api-keys.js";
import { createInvitation } from "../../src/db/repositories/invitations.js";
import { createOutgoingEndpoint } from "../../src/notifications/outgoing-endpoints.js";
import { queueManualNotification } from "../../src/notifications/manual-send.js";
import { createUser } from "../../src/db/repositories/users.js";
import { upsertCarrierAccount } from "../../src/ingest/polling/carrier-accounts.js";
import { createWebhookEndpoint, listWebhookEndpoints } from "../../src/ingest/webhooks/endpoints.js";
import { webhookSourceIds } from "../../src/ingest/webhooks/sources.js";
import { dashboardRoutes } from "../../src/web/dashboard/route-table.js";
import { allows, ROLES, type Role } from "../../src/web/dashboard/roles.js";
import { loadConfig } from "../../src/config/index.js";
import {
  client,
  cookiesOf,
  createDashboardWorld,
  csrfIn,
  formBody,
  PASSWORD,
  signIn,
  type DashboardWorld,
} from "./support.js";

let w: DashboardWorld;
let n = 0;

async function freshShipment(): Promise<string> {
  n += 1;
  const [row] = await w.db.query<{ id: string }>(
    "INSERT INTO shipments (seller_id, carrier, tracking_number) VALUES ($1, 'ups', $2) RETURNING id",
    [w.sellerRecord.id, `1ZROLE${n}`],
  );
  return row!.id;
}
async function freshOrder(): Promise<string> {
  n += 1;
  const [order] = await w.db.query<{ id: string }>(
    "INSERT INTO orders (seller_id, order_number) VALUES ($1, $2) RETURNING id",
    [w.sellerRecord.id, `ORD-${n}`],
  );
  return order!.id;
}
/** A shipment of an order with an e-mail address: someone to notify. */
async function freshParcel(): Promise<string> {
  n += 1;
  const [order] = await w.db.query<{ id: string }>(
    "INSERT INTO orders (seller_id, order_number, email) VALUES ($1, $2, $3) RETURNING id",
    [w.sellerRecord.id, `R${n}`, `role${n}@example.com`],
  );
  const [row] = await w.db.query<{ id: string }>(
    "INSERT INTO shipments (seller_id, order_id, carrier, tracking_number) VALUES ($1, $2, 'ups', $3) RETURNING id",
    [w.sellerRecord.id, order!.id, `1ZROLEN${n}`],
  );
  return row!.id;
}
async function freshAlert(): Promise<string> {
  const [row] = await w.db.query<{ id: string }>(
    "INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status) VALUES ($1, $2, 'stalled', 'in_transit') RETURNING id",
    [w.sellerRecord.id, await freshShipment()],
  );
  return row!.id;
}
async function freshReturn(): Promise<string> {
  n += 1;
  const [order] = await w.db.query<{ id: string }>(
    "INSERT INTO orders (seller_id, order_number) VALUES ($1, $2) RETURNING id",
    [w.sellerRecord.id, `RET-${n}`],
  );
  const [row] = await w.db.query<{ id: string }>(
    "INSERT INTO return_requests (seller_id, order_id, reason_code, source) VALUES ($1, $2, 'damaged', 'api') RETURNING id",
    [w.sellerRecord.id, order!.id],
  );
  return row!.id;
}
/** A message to a shopper, queued as "Notify shopper" queues it. */
async function freshMessage(): Promise<number> {
  const shipmentId = await freshParcel();
  const sent = await w.db.session((tx) =>
    queueManualNotification(tx, {
      sellerId: w.sellerRecord.id,
      shipmentId,
      message: { subject: null, text: "walk" },
      actor: "user:walk",
    }),
  );
  return sent.notificationId;
}
async function freshViewer(): Promise<string> {
  n += 1;
  const user = await createUser(w.db, {
    sellerId: w.sellerRecord.id,
    email: `temp${n}@acme.test`,
    role: "viewer",
    passwordHash: "x",
  });
  return user!.id;
}
async function freshInvitation() {
  n += 1;
  return createInvitation(w.db, {
    sellerId: w.sellerRecord.id,
    email: `invitee${n}@acme.test`,
    role: "viewer",
    invitedBy: w.users.owner.id,
  });
}

async function freshCarrierAccount(): Promise<string> {
  n += 1;
  const account = await upsertCarrierAccount(w.db, {
    sellerId: w.sellerRecord.id,
    carrier: "ups",
    name: `walk${n}`,
    credentials: { clientId: "id", clientSecret: "secret" },
  });
  return account.id;
}
async function freshShop(): Promise<string> {
  n += 1;
  const created = await createConnection(w.db, {
    sellerId: w.sellerRecord.id,
    platform: "shopify",
    shop: `walk${n}.myshopify.com`,
    webhookSecret: "walk-secret-0123",
  });
  return created!.connection.id;
}
/** The seller's endpoint for `source`, created when missing (sources are unique per seller). */
async function endpointFor(source: string): Promise<string> {
  const existing = (await listWebhookEndpoints(w.db, w.sellerRecord.id)).find((e) => e.source === source);
  return (
    existing?.id ?? (await createWebhookEndpoint(w.db, { sellerId: w.sellerRecord.id, source }))!.endpoint.id
  );
}
async function unusedSource(): Promise<string> {
  const used = new Set((await listWebhookEndpoints(w.db, w.sellerRecord.id)).map((e) => e.source));
  return webhookSourceIds().find((s) => !used.has(s) && s !== "ups" && s !== "fedex")!;
}

/** An outgoing webhook (or a Zendesk connection) of the seller. */
async function freshOutgoing(kind: "webhook" | "helpdesk" = "webhook"): Promise<string> {
  n += 1;
  const { endpoint } = await createOutgoingEndpoint(w.db, {
    sellerId: w.sellerRecord.id,
    kind,
    url: kind === "webhook" ? `https://hooks.example.com/${n}` : "https://walk.zendesk.com",
    ...(kind === "helpdesk"
      ? { config: { preset: "zendesk", subdomain: "walk", email: "a@acme.test", apiToken: "t" } }
      : {}),
  });
  return endpoint.id;
}
async function freshDelivery(): Promise<string> {
  const [row] = await w.db.query<{ id: string }>(
    `INSERT INTO outgoing_webhook_deliveries (seller_id, endpoint_id, topic, event_key, payload, status)
     VALUES ($1, $2, 'alert.opened', $3, '{}', 'dead') RETURNING id`,
    [w.sellerRecord.id, await freshOutgoing(), `walk-${n}`],
  );
  return row!.id;
}

type Fixture = (role: Role | null) => Promise<{ url: string; form?: Record<string, string | string[]> }>;

const FIXTURES: Record<string, Fixture> = {
  "GET /returns": async () => ({ url: "/app/returns?status=requested" }),
  "GET /returns/:id": async () => ({ url: `/app/returns/${await freshReturn()}` }),
  "POST /returns/:id/status": async () => ({
    url: `/app/returns/${await freshReturn()}/status`,
    form: { to: "approved", note: "ok" },
  }),
  "POST /returns/:id/tracking": async () => ({
    url: `/app/returns/${await freshReturn()}/tracking`,
    form: { trackingNumber: `1ZRET${n}`, carrier: "ups" },
  }),
  "GET /messages": async () => ({ url: "/app/messages?channel=email&recipient=role" }),
  "GET /messages/:id": async () => ({ url: `/app/messages/${await freshMessage()}` }),
  "GET /support/wismo": async () => ({ url: "/app/support/wismo" }),
  "POST /support/wismo": async () => ({
    url: "/app/support/wismo",
    form: { subject: "Where is order #1", body: "hello", from: "a@example.com" },
  }),
  "GET /sign-in": async () => ({ url: "/app/sign-in" }),
  "POST /sign-in": async () => ({
    url: "/app/sign-in",
    form: { email: "viewer@acme.test", password: PASSWORD },
  }),
  "POST /sign-out": async () => ({ url: "/app/sign-out" }),
  "POST /sign-out-everywhere": async () => ({ url: "/app/sign-out-everywhere" }),
  "GET /invitations/:token": async () => ({ url: `/app/invitations/${(await freshInvitation()).token}` }),
  "POST /invitations/:token": async () => ({
    url: `/app/invitations/${(await freshInvitation()).token}`,
    form: { name: "New", password: "a long new password", confirm: "a long new password" },
  }),
  "GET /account": async () => ({ url: "/app/account" }),
  "POST /account/password": async () => ({
    url: "/app/account/password",
    form: { current: PASSWORD, password: PASSWORD, confirm: PASSWORD },
  }),
  "GET /": async () => ({ url: "/app" }),
  "GET /search": async () => ({ url: "/app/search?q=1ZROLE" }),
  "GET /orders/:id": async () => ({ url: `/app/orders/${await freshOrder()}` }),
  "GET /shipments/:id": async () => ({ url: `/app/shipments/${await freshShipment()}` }),
  "POST /shipments/:id/refresh": async () => ({ url: `/app/shipments/${await freshShipment()}/refresh` }),
  "POST /shipments/:id/notify": async () => ({
    url: `/app/shipments/${await freshParcel()}/notify`,
    form: { what: "message", text: "Hello {{firstName}}", channel: "email" },
  }),
  "GET /exceptions": async () => ({ url: "/app/exceptions?kind=stalled" }),
  "POST /exceptions/actions": async () => ({
    url: "/app/exceptions/actions",
    form: { action: "acknowledge", alert: [await freshAlert(), await freshAlert()] },
  }),
  "GET /analytics": async () => ({ url: "/app/analytics?dimension=lane" }),
  "GET /analytics.csv": async () => ({ url: "/app/analytics.csv?dimension=carrier" }),
  "POST /analytics/rollup": async () => ({ url: "/app/analytics/rollup" }),
  "GET /settings": async () => ({ url: "/app/settings" }),
  "GET /settings/carriers": async () => ({ url: "/app/settings/carriers" }),
  "GET /settings/carriers/new": async () => ({ url: "/app/settings/carriers/new?carrier=ups" }),
  "POST /settings/carriers/accounts": async () => {
    n += 1;
    return {
      url: "/app/settings/carriers/accounts",
      form: {
        carrier: "ups",
        name: `added${n}`,
        requestsPerMinute: "60",
        burst: "10",
        cred_clientId: "id",
        cred_clientSecret: "secret",
        intent: "save",
      },
    };
  },
  "GET /settings/carriers/accounts/:id": async () => ({
    url: `/app/settings/carriers/accounts/${await freshCarrierAccount()}`,
  }),
  "POST /settings/carriers/accounts/:id": async () => {
    n += 1;
    return {
      url: `/app/settings/carriers/accounts/${await freshCarrierAccount()}`,
      form: { name: `renamed${n}`, requestsPerMinute: "90", burst: "5", polling: "on" },
    };
  },
  "POST /settings/carriers/accounts/:id/credentials": async () => ({
    url: `/app/settings/carriers/accounts/${await freshCarrierAccount()}/credentials`,
    form: { cred_clientId: "id2", cred_clientSecret: "secret2", intent: "save" },
  }),
  "POST /settings/carriers/accounts/:id/enabled": async () => ({
    url: `/app/settings/carriers/accounts/${await freshCarrierAccount()}/enabled`,
    form: { enabled: "false" },
  }),
  "POST /settings/carriers/accounts/:id/delete": async () => ({
    url: `/app/settings/carriers/accounts/${await freshCarrierAccount()}/delete`,
  }),
  "POST /settings/webhooks": async () => ({
    url: "/app/settings/webhooks",
    form: { source: await unusedSource() },
  }),
  "POST /settings/webhooks/:id/rotate": async () => ({
    url: `/app/settings/webhooks/${await endpointFor("ups")}/rotate`,
  }),
  "POST /settings/webhooks/:id/delete": async () => ({
    url: `/app/settings/webhooks/${await endpointFor("fedex")}/delete`,
  }),
  "GET /settings/outgoing": async () => ({ url: "/app/settings/outgoing" }),
  "POST /settings/outgoing/webhooks": async () => ({
    url: "/app/settings/outgoing/webhooks",
    form: { url: "https://hooks.example.com/walk" },
  }),
  "POST /settings/outgoing/helpdesks": async () => ({
    url: "/app/settings/outgoing/helpdesks",
    form: { helpdesk: "zendesk", account: "walk", user: "agent@acme.test", key: "token" },
  }),
  "GET /settings/outgoing/:id": async () => ({ url: `/app/settings/outgoing/${await freshOutgoing()}` }),
  "POST /settings/outgoing/:id": async () => ({
    url: `/app/settings/outgoing/${await freshOutgoing()}`,
    form: { url: "https://hooks.example.com/changed" },
  }),
  "POST /settings/outgoing/:id/credentials": async () => ({
    url: `/app/settings/outgoing/${await freshOutgoing("helpdesk")}/credentials`,
    form: { account: "walk", user: "agent@acme.test", key: "token2" },
  }),
  "POST /settings/outgoing/:id/enabled": async () => ({
    url: `/app/settings/outgoing/${await freshOutgoing()}/enabled`,
    form: { enabled: "false" },
  }),
  "POST /settings/outgoing/:id/rotate": async () => ({
    url: `/app/settings/outgoing/${await freshOutgoing()}/rotate`,
  }),
  "POST /settings/outgoing/:id/delete": async () => ({
    url: `/app/settings/outgoing/${await freshOutgoing()}/delete`,
  }),
  "POST /settings/outgoing/deliveries/:id/redeliver": async () => ({
    url: `/app/settings/outgoing/deliveries/${await freshDelivery()}/redeliver`,
  }),
  "GET /settings/shops": async () => ({ url: "/app/settings/shops" }),
  "POST /settings/shops": async () => {
    n += 1;
    return {
      url: "/app/settings/shops",
      form: { platform: "shopify", shop: `added${n}.myshopify.com`, webhookSecret: "walk-secret-0123" },
    };
  },
  "GET /settings/shops/:id": async () => ({ url: `/app/settings/shops/${await freshShop()}` }),
  "POST /settings/shops/:id": async () => ({
    url: `/app/settings/shops/${await freshShop()}`,
    form: { writeback: "false" },
  }),
  "POST /settings/shops/:id/delete": async () => ({ url: `/app/settings/shops/${await freshShop()}/delete` }),
  "GET /settings/notifications": async () => ({ url: "/app/settings/notifications" }),
  "POST /settings/notifications": async () => ({
    url: "/app/settings/notifications",
    form: { ch_shipped: "email", maxPerShipment: "5", quietStart: "21:00", quietEnd: "08:00" },
  }),
  "POST /settings/notifications/template": async () => ({
    url: "/app/settings/notifications/template",
    form: {
      trigger: "shipped",
      channel: "email",
      locale: "en",
      subject: "Shipped",
      bodyText: "Hi {{firstName}}",
      intent: "preview",
    },
  }),
  "GET /settings/alerts": async () => ({ url: "/app/settings/alerts" }),
  "GET /settings/alerts/:kind": async () => ({ url: "/app/settings/alerts/stalled" }),
  "POST /settings/alerts/:kind": async () => ({
    url: "/app/settings/alerts/late",
    form: { enabled: "on", p_graceDays: "1", severity: "warning", slaBusinessHours: "24", webhook: "on" },
  }),
  "POST /settings/alerts/:kind/reset": async () => ({ url: "/app/settings/alerts/late/reset" }),
  "GET /settings/branding": async () => ({ url: "/app/settings/branding" }),
  "POST /settings/branding": async () => ({
    url: "/app/settings/branding",
    form: { primaryColor: "#114477", logoUrl: "", helpText: "Hi" },
  }),
  "GET /settings/api-keys": async () => ({ url: "/app/settings/api-keys" }),
  "POST /settings/api-keys": async () => ({
    url: "/app/settings/api-keys",
    form: { name: "walk", scope: "read" },
  }),
  "POST /settings/api-keys/:id/revoke": async () => {
    const { key } = await createApiKey(w.db.orm, {
      sellerId: w.sellerRecord.id,
      name: "to revoke",
      scopes: ["read"],
    });
    return { url: `/app/settings/api-keys/${key.id}/revoke` };
  },
  "GET /settings/team": async () => ({ url: "/app/settings/team" }),
  "POST /settings/team/invitations": async () => {
    n += 1;
    return { url: "/app/settings/team/invitations", form: { email: `walk${n}@acme.test`, role: "support" } };
  },
  "POST /settings/team/invitations/:id/revoke": async () => ({
    url: `/app/settings/team/invitations/${(await freshInvitation()).invitation.id}/revoke`,
  }),
  "POST /settings/team/invitations/:id/resend": async () => ({
    url: `/app/settings/team/invitations/${(await freshInvitation()).invitation.id}/resend`,
  }),
  "POST /settings/team/:id/role": async () => ({
    url: `/app/settings/team/${await freshViewer()}/role`,
    form: { role: "support" },
  }),
  "POST /settings/team/:id/remove": async () => ({ url: `/app/settings/team/${await freshViewer()}/remove` }),
  "GET /settings/audit": async () => ({ url: "/app/settings/audit?action=api_key.&target=api_key" }),
  "GET /settings/audit.csv": async () => ({ url: "/app/settings/audit.csv?action=api_key." }),
};

beforeAll(async () => {
  w = await createDashboardWorld();
});
afterAll(() => w.close());

const routes = () => dashboardRoutes({ db: w.db, config: loadConfig({}, { logLevel: "silent" }) });

async function anonymousRequest(method: string, url: string, form?: Record<string, string | string[]>) {
  if (method === "GET") return client(w.app).get(url);
  // A signed-out browser still has its pre-session CSRF cookie: the refusal must come from the missing session.
  const page = await w.app.inject({ method: "GET", url: "/app/sign-in" });
  return w.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: cookiesOf(page),
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
    },
    payload: formBody({ _csrf: csrfIn(page.body), ...(form ?? {}) }),
  });
}

describe("every dashboard route with every role", () => {
  it("has a fixture for every route", () => {
    const keys = routes().map((r) => `${r.method} ${r.url}`);
    expect(keys.filter((k) => !FIXTURES[k])).toEqual([]);
    expect(Object.keys(FIXTURES).filter((k) => !keys.includes(k))).toEqual([]);
  });

  for (const role of [...ROLES, null] as const) {
    it(`enforces the role table for ${role ?? "signed-out visitors"}`, async () => {
      const outcomes: string[] = [];
      let session: Awaited<ReturnType<typeof signIn>> | undefined;
      for (const route of routes()) {
        const { url, form } = await FIXTURES[`${route.method} ${route.url}`]!(role);
        let status: number;
        let code: string | undefined;
        if (role === null) {
          const response = await anonymousRequest(route.method, url, form);
          status = response.statusCode;
          code = String(response.headers["content-type"] ?? "").includes("json")
            ? response.json().code
            : undefined;
          if (route.permission === "public") {
            if (status >= 400) outcomes.push(`${route.method} ${route.url}: public but ${status}`);
          } else if (
            route.method === "GET"
              ? status !== 303 || !String(response.headers.location).startsWith("/app/sign-in")
              : status !== 401
          ) {
            outcomes.push(`${route.method} ${route.url}: signed out got ${status}`);
          }
          continue;
        }
        session ??= await signIn(w.app, `${role}@acme.test`);
        const response =
          route.method === "GET" ? await session.get(url) : await session.post(url, form ?? {});
        // These end the session they run in: the next route signs in again.
        if (route.url.startsWith("/sign-out")) session = undefined;
        status = response.statusCode;
        const allowed = route.permission === "public" || allows(role, route.permission);
        if (allowed && status >= 400)
          outcomes.push(
            `${route.method} ${route.url}: ${role} allowed but got ${status} ${response.body.slice(0, 120)}`,
          );
        if (!allowed) {
          code = /Code (SW_ERR_[A-Z_]+)/.exec(response.body)?.[1];
          if (status !== 403 || code !== "SW_ERR_ROLE_FORBIDDEN")
            outcomes.push(`${route.method} ${route.url}: ${role} should be refused, got ${status}`);
        }
      }
      expect(outcomes).toEqual([]);
    });
  }

  it("keeps admins away from owners, and the last owner in place", async () => {
    const admin = await signIn(w.app, "admin@acme.test");
    const promote = await admin.post(`/app/settings/team/${w.users.support.id}/role`, { role: "owner" });
    expect(promote.statusCode).toBe(403);
    const demoteOwner = await admin.post(`/app/settings/team/${w.users.owner.id}/role`, { role: "viewer" });
    expect(demoteOwner.statusCode).toBe(403);
    const owner = await signIn(w.app, "owner@acme.test");
    const lastOwner = await owner.post(`/app/settings/team/${w.users.owner.id}/role`, { role: "admin" });
    expect(lastOwner.statusCode).toBe(409);
  });
});
