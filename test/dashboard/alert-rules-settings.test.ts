/**
 * Settings › Alerts from the dashboard: every rule in effect shown in words, one form per rule saved through
 * saveRuleOverride (what loadRules, and so the evaluator, then reads), helpdesk actions limited to the seller's
 * own helpdesk endpoints, refused input shown again with nothing saved, reset to the built-in rule, and each
 * change audited as the API audits it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateExceptionRules } from "../../src/exceptions/evaluate.js";
import { saveRuleOverride } from "../../src/exceptions/rule-overrides.js";
import { DEFAULT_RULES, loadRules } from "../../src/exceptions/rules.js";
import { createOutgoingEndpoint } from "../../src/notifications/outgoing-endpoints.js";
import { makeParcel, scan } from "../notifications/world.js";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let admin: Client;

beforeAll(async () => {
  w = await createDashboardWorld();
  admin = await signIn(w.app, "admin@acme.test");
});
afterAll(() => w?.close());

const rules = () => loadRules(w.db, w.sellerRecord.id);
const auditOf = () =>
  w.db.query<{ actor: string; target_id: string; data: Record<string, unknown> }>(
    "SELECT actor, target_id, data FROM audit_log WHERE seller_id = $1 AND action = 'alert_rule.update' ORDER BY id",
    [w.sellerRecord.id],
  );

/** A rule's form as the page sends it unchanged for `kind`, with `o` on top. */
async function formOf(
  kind: string,
  o: Record<string, string | string[]> = {},
): Promise<Record<string, string | string[]>> {
  const page = await admin.get(`/app/settings/alerts/${kind}`);
  const form: Record<string, string | string[]> = {};
  for (const m of page.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
    if (/type="checkbox"/.test(tag)) {
      // Checked boxes are sent as a browser sends them: several of one name give several values.
      if (/\schecked/.test(tag)) form[m[1]!] = m[1]! in form ? [form[m[1]!]!].flat().concat(value) : value;
    } else if (m[1] !== "_csrf") form[m[1]!] = value;
  }
  for (const m of page.body.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g))
    form[m[1]!] = /<option value="([^"]*)"\s+selected/.exec(m[0])?.[1] ?? "";
  return { ...form, ...o };
}

describe("Settings › Alerts", () => {
  it("lists every rule in effect, in words, from the built-in defaults", async () => {
    const page = await admin.get("/app/settings/alerts");
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a href="\/app\/settings\/alerts"\s+aria-current="page"/);
    for (const title of [
      "Stalled",
      "Not picked up",
      "Late",
      "Failed attempt",
      "Carrier exception",
      "Returning",
      "Returned",
      "Presumed lost",
    ])
      expect(page.body).toContain(`${title}<br />`);
    expect(page.body).toContain(
      "after a silence longer than 95% of past scan gaps, once 20 gaps are known; until then after 24 business hours",
    );
    expect(page.body).toContain("2 business days after the label");
    expect(page.body).toContain("the day after the window");
    expect(page.body).toContain("after 7 days without a scan");
    expect(page.body).toContain("E-mail the team (no address yet: Settings › Notifications)");
    expect(page.body).toContain("Post alert.opened to your webhooks");
    expect(page.body).toContain('role="region" aria-label="Alert rules"');
    expect(page.body).not.toContain("(changed)");
  });

  it("asks only for the thresholds the kind reads", async () => {
    const stalled = await admin.get("/app/settings/alerts/stalled");
    expect(stalled.statusCode).toBe(200);
    for (const p of ["fallbackBusinessHours", "percentile", "minSamples"])
      expect(stalled.body).toContain(`name="p_${p}"`);
    expect(stalled.body).not.toContain('name="p_days"');
    expect(stalled.body).toMatch(/name="p_percentile"[^>]*min="0.5"\s+max="0.999"\s+value="0.95"/);
    const lost = await admin.get("/app/settings/alerts/presumed_lost");
    expect(lost.body.match(/name="p_\w+"/g)).toEqual(['name="p_days"']);
    expect((await admin.get("/app/settings/alerts/failed_attempt")).body).not.toContain('name="p_');
    expect(lost.body).toContain("No helpdesk connected");
    expect((await admin.get("/app/settings/alerts/nope")).statusCode).toBe(404);
  });

  it("saves a rule that loadRules then returns and the evaluator then uses; reset brings the default back", async () => {
    const form = await formOf("presumed_lost", {
      p_days: "10",
      severity: "warning",
      slaBusinessHours: "12",
      team: "Logistics",
      teamEmails: "ops@acme.test, lead@acme.test",
    });
    delete form.notifyShopper;
    const saved = await admin.post("/app/settings/alerts/presumed_lost", form);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/app/settings/alerts");
    expect((await rules()).presumed_lost).toEqual({
      kind: "presumed_lost",
      enabled: true,
      params: expect.objectContaining({ days: 10, fallbackBusinessHours: 24 }),
      severity: "warning",
      slaBusinessHours: 12,
      team: "Logistics",
      actions: [{ type: "notify_team", emails: ["ops@acme.test", "lead@acme.test"] }, { type: "webhook" }],
    });
    const page = await admin.get("/app/settings/alerts");
    expect(page.body).toContain("after 10 days without a scan");
    expect(page.body).toContain("E-mail ops@acme.test, lead@acme.test");
    const [audit] = await auditOf();
    expect(audit).toEqual({
      actor: `user:${w.users.admin.id}`,
      target_id: "presumed_lost",
      data: { fields: ["enabled", "params", "severity", "slaBusinessHours", "team", "actions"] },
    });

    // Eight days without a scan: stalled, but not yet lost under the 10-day rule; lost under the default 7.
    const parcel = await makeParcel(w.db, w.sellerRecord.id);
    await scan(w.db, w.sellerRecord.id, parcel, [{ at: "2026-03-02T10:00:00Z", status: "in_transit" }]);
    const kinds = async () =>
      (
        await w.db.query<{ kind: string }>("SELECT kind FROM alerts WHERE shipment_id = $1 ORDER BY kind", [
          parcel.shipmentId,
        ])
      ).map((a) => a.kind);
    const now = new Date("2026-03-10T12:00:00Z");
    await evaluateExceptionRules(w.db, now, { sellerId: w.sellerRecord.id });
    expect(await kinds()).toEqual(["stalled"]);
    const reset = await admin.post("/app/settings/alerts/presumed_lost/reset");
    expect(reset.statusCode).toBe(303);
    expect((await rules()).presumed_lost).toMatchObject({
      ...DEFAULT_RULES.presumed_lost,
      params: { days: 7 },
    });
    await evaluateExceptionRules(w.db, now, { sellerId: w.sellerRecord.id });
    expect(await kinds()).toEqual(["presumed_lost", "stalled"]);
    expect((await auditOf()).at(-1)).toMatchObject({ target_id: "presumed_lost", data: { reset: true } });
  });

  it("opens helpdesk tickets through one of the seller's helpdesk endpoints, and no one else's", async () => {
    const { endpoint } = await createOutgoingEndpoint(w.db, {
      sellerId: w.sellerRecord.id,
      kind: "helpdesk",
      name: "Zendesk <support>",
      url: "https://acme.zendesk.com",
      config: { preset: "zendesk", subdomain: "acme", email: "ops@acme.test", apiToken: "tok" },
    });
    const form = await admin.get("/app/settings/alerts/carrier_exception");
    expect(form.body).toMatch(
      new RegExp(`name="helpdesk" value="${endpoint.id}"\\s*/>\\s*Zendesk &lt;support&gt;</label`),
    );
    const saved = await admin.post(
      "/app/settings/alerts/carrier_exception",
      await formOf("carrier_exception", { helpdesk: endpoint.id }),
    );
    expect(saved.statusCode).toBe(303);
    expect((await rules()).carrier_exception.actions).toEqual([
      { type: "notify_team" },
      { type: "helpdesk", endpointId: endpoint.id },
      { type: "webhook" },
    ]);
    expect((await admin.get("/app/settings/alerts")).body).toContain(
      "Open a ticket in Zendesk &lt;support&gt;",
    );

    const other = await w.seller("other-shop");
    const foreign = await createOutgoingEndpoint(w.db, {
      sellerId: other.id,
      kind: "helpdesk",
      url: "https://other.zendesk.com",
    });
    const refused = await admin.post(
      "/app/settings/alerts/returned",
      await formOf("returned", { helpdesk: foreign.endpoint.id }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Helpdesk: not one of your helpdesk endpoints");
    expect((await rules()).returned).toEqual({
      kind: "returned",
      ...DEFAULT_RULES.returned,
      params: expect.anything(),
    });
  });

  it("keeps every helpdesk a rule opens tickets in when it is saved from the dashboard", async () => {
    const [zendesk, gorgias] = (await Promise.all(
      ["Zendesk", "Gorgias"].map(async (name) => {
        const { endpoint } = await createOutgoingEndpoint(w.db, {
          sellerId: w.sellerRecord.id,
          kind: "helpdesk",
          name,
          url: `https://${name.toLowerCase()}.example.com`,
        });
        return endpoint.id;
      }),
    )) as [string, string];
    // Two helpdesks, as the API allows; the form shows both ticked.
    const viaApi = await saveRuleOverride(w.db, w.sellerRecord.id, "failed_attempt", {
      actions: [
        { type: "helpdesk", endpointId: zendesk },
        { type: "helpdesk", endpointId: gorgias },
      ],
    });
    expect(viaApi.ok).toBe(true);
    const form = await formOf("failed_attempt", { severity: "warning" });
    expect(form.helpdesk).toEqual([zendesk, gorgias]);
    expect((await admin.post("/app/settings/alerts/failed_attempt", form)).statusCode).toBe(303);
    const helpdesks = (await rules()).failed_attempt.actions.filter((a) => a.type === "helpdesk");
    expect(helpdesks).toEqual([
      { type: "helpdesk", endpointId: zendesk },
      { type: "helpdesk", endpointId: gorgias },
    ]);
    // Unticking one keeps the other.
    await admin.post("/app/settings/alerts/failed_attempt", { ...form, helpdesk: gorgias });
    expect((await rules()).failed_attempt.actions.filter((a) => a.type === "helpdesk")).toEqual([
      { type: "helpdesk", endpointId: gorgias },
    ]);
  });

  it("shows refused input again, naming the field, and saves nothing", async () => {
    const audits = (await auditOf()).length;
    const percentile = await admin.post(
      "/app/settings/alerts/stalled",
      await formOf("stalled", { p_percentile: "2", team: "Night shift" }),
    );
    expect(percentile.statusCode).toBe(400);
    expect(percentile.body).toMatch(/role="alert">Percentile of past scan gaps: Too big/);
    expect(percentile.body).toMatch(/name="p_percentile"[^>]*value="2"/);
    expect(percentile.body).toContain('value="Night shift"');
    const email = await admin.post(
      "/app/settings/alerts/stalled",
      await formOf("stalled", { notifyTeam: "on", teamEmails: "ops@acme.test, not-an-address" }),
    );
    expect(email.statusCode).toBe(400);
    expect(email.body).toContain("Team e-mail addresses: Invalid email address");
    const empty = await admin.post("/app/settings/alerts/late", await formOf("late", { p_graceDays: "" }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("Grace days after the window: Invalid input");
    const rows = await w.db.query(
      "SELECT kind FROM alert_rules WHERE seller_id = $1 AND kind IN ('stalled', 'late')",
      [w.sellerRecord.id],
    );
    expect(rows).toEqual([]);
    expect((await auditOf()).length).toBe(audits);
  });

  it("is for owners and admins only", async () => {
    for (const role of ["support", "viewer"]) {
      const c = await signIn(w.app, `${role}@acme.test`);
      expect((await c.get("/app/settings/alerts")).statusCode).toBe(403);
      expect((await c.get("/app/settings/alerts/late")).statusCode).toBe(403);
      expect((await c.post("/app/settings/alerts/late", { p_graceDays: "3" })).statusCode).toBe(403);
      expect((await c.post("/app/settings/alerts/late/reset")).statusCode).toBe(403);
    }
    expect((await rules()).late.params.graceDays).toBe(0);
    const owner = await signIn(w.app, "owner@acme.test");
    expect((await owner.get("/app/settings/alerts")).statusCode).toBe(200);
  });
});
