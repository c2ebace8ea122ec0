/**
 * Settings › Audit trail: real writes (a key made in the dashboard, a shipment created through the API with a
 * key, a role changed, a second seller's own writes) read back with who did what to which target, newest first;
 * the filters, the pager and the CSV export select the same rows, and the export is safe to open in a
 * spreadsheet. Owners and admins only (roles.test.ts walks the routes with every role).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/db/repositories/users.js";
import { bearer, type TestSeller } from "../support/app.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let admin: Client;
let owner: Client;
let other: TestSeller;
let shipmentId: string;
let keyId: string;
let memberId: string;
/** The actor the API wrote for the shipment: the seller's "write" key. */
let writeKeyActor: string;

/** The rows of the audit table, as text per cell (tags dropped, whitespace folded). */
function rowsOf(body: string): string[][] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((td) =>
      td[1]!
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );
}
const actionsOf = (body: string) => rowsOf(body).map((r) => /\b([a-z_]+(?:\.[a-z_]+)+)\b/.exec(r[2]!)?.[1]);

beforeAll(async () => {
  w = await createDashboardWorld();
  other = await w.seller("globex", { timeZone: "UTC" });
  admin = await signIn(w.app, "admin@acme.test");
  owner = await signIn(w.app, "owner@acme.test");
  // The other seller's writes through its own key: they must never show on acme's page.
  const theirs = await w.app.inject({
    method: "POST",
    url: "/v1/shipments",
    headers: { ...bearer(other.keys.write), "content-type": "application/json" },
    payload: { trackingNumber: "1Z999AA10123456784", carrier: "ups" },
  });
  expect(theirs.statusCode).toBe(201);

  const made = await admin.post("/app/settings/api-keys", { name: "<b>deploy</b> bot", scope: "write" });
  expect(made.statusCode).toBe(200);
  [{ target_id: keyId }] = (await w.db.query<{ target_id: string }>(
    "SELECT target_id FROM audit_log WHERE seller_id = $1 AND action = 'api_key.create'",
    [w.sellerRecord.id],
  )) as [{ target_id: string }];

  const created = await w.app.inject({
    method: "POST",
    url: "/v1/shipments",
    headers: {
      ...bearer(w.sellerRecord.keys.write),
      "content-type": "application/json",
      // A caller's own request id is kept; one starting with "-" must not become a formula in the export.
      "x-request-id": "-trace-from-caller",
    },
    payload: { trackingNumber: "1Z5R89390357567127" },
  });
  expect(created.statusCode).toBe(201);
  shipmentId = created.json().id;
  [{ actor: writeKeyActor }] = (await w.db.query<{ actor: string }>(
    "SELECT actor FROM audit_log WHERE seller_id = $1 AND action = 'shipment.create'",
    [w.sellerRecord.id],
  )) as [{ actor: string }];

  memberId = (await createUser(w.db, {
    sellerId: w.sellerRecord.id,
    email: "member@acme.test",
    name: "Mia Member",
    role: "viewer",
    passwordHash: "x",
  }))!.id;
  const changed = await owner.post(`/app/settings/team/${memberId}/role`, { role: "support" });
  expect(changed.statusCode).toBe(303);
});
afterAll(() => w?.close());

describe("Settings › Audit trail", () => {
  it("shows who changed what, newest first, with the target, request and data", async () => {
    const page = await admin.get("/app/settings/audit");
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/href="\/app\/settings\/audit"\s+aria-current="page"\s*>Audit trail</);
    // Dashboard sign-ins are audited too; the writes under test are the newest three.
    const rows = rowsOf(page.body).filter((r) => !r[2]!.includes("user.signed_in"));
    expect(actionsOf(page.body).filter((a) => a !== "user.signed_in")).toEqual([
      "user.role_changed",
      "shipment.create",
      "api_key.create",
    ]);
    const [role, shipment, key] = rows as [string[], string[], string[]];
    expect(role[1]).toBe("owner owner@acme.test");
    expect(role[2]).toBe("Role changed user.role_changed");
    expect(role[3]).toBe(`user ${memberId}`);
    expect(shipment[1]).toMatch(/^API key write sw_\S+…$/);
    expect(shipment[2]).toBe("Shipment created shipment.create");
    expect(shipment[4]).toMatch(/^-trace-from-caller \S+$/);
    expect(page.body).toContain(`<a href="/app/shipments/${shipmentId}"><code>${shipmentId}</code></a>`);
    expect(key[1]).toBe("admin admin@acme.test");
    expect(key[2]).toBe("API key created api_key.create");
    expect(key[3]).toBe(`api key ${keyId}`);
    // The data JSON is shown pretty-printed and escaped: the key's name is text, not markup.
    expect(page.body).toContain("&quot;name&quot;: &quot;&lt;b&gt;deploy&lt;/b&gt; bot&quot;");
    expect(page.body).not.toContain("<b>deploy</b>");
    expect(page.body).toContain('<div class="scroll" tabindex="0" role="region" aria-label="Audit trail">');
  });

  it("never shows another seller's entries", async () => {
    const page = await admin.get("/app/settings/audit?action=shipment.create");
    expect(rowsOf(page.body)).toHaveLength(1);
    expect(page.body).not.toContain("1Z999AA10123456784");
    expect(page.body).not.toContain(other.id);
  });

  it("narrows the list by action, action prefix, who, target type and dates", async () => {
    const byAction = await admin.get("/app/settings/audit?action=user.role_changed");
    expect(actionsOf(byAction.body)).toEqual(["user.role_changed"]);
    expect(byAction.body).toMatch(/<option value="user.role_changed"\s+selected>/);

    const byPrefix = await admin.get("/app/settings/audit?action=api_key.");
    expect(actionsOf(byPrefix.body)).toEqual(["api_key.create"]);
    // The underscore of a prefix is a letter, not LIKE's any-character.
    expect(rowsOf((await admin.get("/app/settings/audit?action=api.key.")).body)).toEqual([]);

    const byKey = await admin.get(`/app/settings/audit?who=${encodeURIComponent(writeKeyActor)}`);
    expect(actionsOf(byKey.body)).toEqual(["shipment.create"]);
    const byAdmin = await admin.get(`/app/settings/audit?who=user:${w.users.admin.id}`);
    expect(new Set(actionsOf(byAdmin.body))).toEqual(new Set(["api_key.create", "user.signed_in"]));

    const byTarget = await admin.get("/app/settings/audit?target=user&action=user.role_changed");
    expect(actionsOf(byTarget.body)).toEqual(["user.role_changed"]);
    expect(rowsOf((await admin.get("/app/settings/audit?target=order")).body)).toEqual([]);

    const today = new Date().toISOString().slice(0, 10);
    const dated = await admin.get(`/app/settings/audit?from=${today}&to=${today}&action=shipment.create`);
    expect(actionsOf(dated.body)).toEqual(["shipment.create"]);
    expect(rowsOf((await admin.get("/app/settings/audit?from=2001-01-01&to=2001-01-31")).body)).toEqual([]);
    expect((await admin.get("/app/settings/audit?from=2001-02-01&to=2001-01-01")).statusCode).toBe(400);
    expect((await admin.get("/app/settings/audit?from=yesterday")).statusCode).toBe(400);
  });

  it("offers the seller's own actions, people and keys as filters", async () => {
    const page = await admin.get("/app/settings/audit");
    expect(page.body).toMatch(/<option value="api_key\."\s*>api_key\.\*<\/option>/);
    expect(page.body).toMatch(/<option value="shipment.create"\s*>shipment.create<\/option>/);
    expect(page.body).toContain(`<option value="user:${memberId}"`);
    expect(page.body).toContain(`<option value="api_key:${keyId}"`);
    expect(page.body).not.toContain(other.id);
  });

  it("writes one code per act whichever way it was done, and finds old dashboard spellings under it", async () => {
    const viaApi = await w.app.inject({
      method: "POST",
      url: "/v1/api-keys",
      headers: { ...bearer(w.sellerRecord.keys.admin), "content-type": "application/json" },
      payload: { name: "ci", scopes: ["read"] },
    });
    expect(viaApi.statusCode).toBe(201);
    // Rows the dashboard wrote before it used the API's codes; the trail is append-only, so they stay as written.
    await w.db.query(
      `INSERT INTO audit_log (seller_id, actor, action, target_type, target_id)
       VALUES ($1, $2, 'api_key.created', 'api_key', 'legacy-key'),
              ($1, $2, 'notifications.policy_updated', 'seller', $1)`,
      [w.sellerRecord.id, `user:${w.users.admin.id}`],
    );
    // A carrier check asked for on the shipment's page is the API's shipment.refresh too.
    expect((await admin.post(`/app/shipments/${shipmentId}/refresh`)).statusCode).toBe(303);
    expect(actionsOf((await admin.get("/app/settings/audit?action=shipment.refresh")).body)).toEqual([
      "shipment.refresh",
    ]);

    const keys = rowsOf((await admin.get("/app/settings/audit?action=api_key.create")).body);
    expect(keys.map((r) => r[2])).toEqual([
      "API key created api_key.created",
      "API key created api_key.create",
      "API key created api_key.create",
    ]);
    expect(keys.map((r) => r[3])).toContain(`api key ${viaApi.json().id}`);
    expect(keys.map((r) => r[3])).toContain(`api key ${keyId}`);
    // The old spelling as a filter means the same act.
    expect(rowsOf((await admin.get("/app/settings/audit?action=api_key.created")).body)).toHaveLength(3);
    const policy = (await admin.get("/app/settings/audit?action=notification_policy.")).body;
    expect(actionsOf(policy)).toContain("notifications.policy_updated");

    const page = await admin.get("/app/settings/audit");
    expect(page.body).toMatch(/<option value="api_key.create"\s*>api_key.create<\/option>/);
    expect(page.body).not.toContain('<option value="api_key.created"');
    expect(page.body).not.toContain('<option value="notifications.');
  });

  it("pages 50 at a time with an Older link that keeps the filters", async () => {
    await w.db.query(
      `INSERT INTO audit_log (seller_id, actor, action, target_type, target_id)
       SELECT $1, 'system', 'alert.open', 'alert', 'bulk-' || i FROM generate_series(1, 60) i`,
      [w.sellerRecord.id],
    );
    const first = await admin.get("/app/settings/audit?action=alert.open");
    expect(rowsOf(first.body)).toHaveLength(50);
    expect(rowsOf(first.body)[0]![1]).toBe("Shipwatch");
    expect(rowsOf(first.body)[0]![3]).toBe("alert bulk-60");
    const older = /href="(\/app\/settings\/audit\?action=alert\.open&amp;before=\d+)">Older</.exec(
      first.body,
    );
    expect(older).not.toBeNull();
    const second = await admin.get(older![1]!.replace(/&amp;/g, "&"));
    expect(rowsOf(second.body).map((r) => r[3])).toEqual(
      Array.from({ length: 10 }, (_, i) => `alert bulk-${10 - i}`),
    );
    expect(second.body).not.toContain(">Older<");
    expect(second.body).toContain('href="/app/settings/audit?action=alert.open">Newest<');
  });

  it("exports the filtered rows as CSV, guarded against spreadsheet formulas", async () => {
    const page = await admin.get("/app/settings/audit?action=shipment.");
    expect(page.body).toContain('href="/app/settings/audit.csv?action=shipment."');
    const csv = await admin.get("/app/settings/audit.csv?action=shipment.");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toMatch(
      /^attachment; filename="shipwatch-audit-[\d-]+\.csv"$/,
    );
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,who,action,target_type,target_id,request_id,ip,data");
    // The shipment created through the API, and the carrier check asked for on its page (newest first).
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",shipment.refresh,shipment,");
    expect(lines[2]).toContain(`,${writeKeyActor},API key write (sw_`);
    expect(lines[2]).toContain(`,shipment.create,shipment,${shipmentId},'-trace-from-caller,`);
    expect(lines[2]).not.toContain(",-trace-from-caller");
    const all = await admin.get("/app/settings/audit.csv");
    // Every matching row, past the page size: the 60 alerts and the writes above.
    expect(all.body.trimEnd().split("\r\n").length).toBeGreaterThan(64);
    expect(all.body).not.toContain(other.id);
  });

  it("links a target to its page only where it has one and still exists", async () => {
    // New webhooks show their secret once, on the page the form returns (200).
    expect(
      (await admin.post("/app/settings/outgoing/webhooks", { url: "https://hooks.example.com/a" }))
        .statusCode,
    ).toBe(200);
    expect((await admin.post("/app/settings/webhooks", { source: "fedex" })).statusCode).toBe(200);
    const rule = { enabled: "on", p_graceDays: "1", severity: "warning", slaBusinessHours: "24" };
    expect((await admin.post("/app/settings/alerts/late", rule)).statusCode).toBe(303);
    const page = await admin.get("/app/settings/audit?target=webhook_endpoint");
    const [inbound, outgoing] = (
      await w.db.query<{ target_id: string }>(
        "SELECT target_id FROM audit_log WHERE seller_id = $1 AND action = 'webhook_endpoint.create' ORDER BY id DESC",
        [w.sellerRecord.id],
      )
    ).map((r) => r.target_id);
    expect(page.body).toContain(`<a href="/app/settings/outgoing/${outgoing}"><code>${outgoing}</code></a>`);
    // Inbound carrier endpoints share the target type but have no page of their own.
    expect(page.body).toContain(`webhook endpoint <code>${inbound}</code>`);
    const rules = await admin.get("/app/settings/audit?action=alert_rule.update");
    expect(rules.body).toContain('alert rule <a href="/app/settings/alerts/late"><code>late</code></a>');
  });

  it("is for owners and admins only", async () => {
    for (const role of ["support", "viewer"] as const) {
      const c = await signIn(w.app, `${role}@acme.test`);
      expect((await c.get("/app/settings/audit")).statusCode).toBe(403);
      expect((await c.get("/app/settings/audit.csv")).statusCode).toBe(403);
    }
    expect((await owner.get("/app/settings/audit")).statusCode).toBe(200);
  });

  it("leaves GET /v1/audit as it was: the same entries, newest first, with an id cursor", async () => {
    const res = await w.app.inject({ url: "/v1/audit?limit=2", headers: bearer(w.sellerRecord.keys.admin) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(2);
    expect(body.items[0].id).toBeGreaterThan(body.items[1].id);
    expect(body.nextBefore).toBe(body.items[1].id);
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ["action", "actor", "at", "data", "id", "ip", "requestId", "sellerId", "targetId", "targetType"].sort(),
    );
  });
});
