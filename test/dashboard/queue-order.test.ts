/** The exception queue as an agent works it: most urgent first, overdue marked, and honest about how many match. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboardWorld, signIn, type Client, type DashboardWorld } from "./support.js";

let w: DashboardWorld;
let agent: Client;
const ids: Record<string, string> = {};

/** The alert ids in the order the page lists them. */
function listed(body: string): string[] {
  return [...body.matchAll(/name="alert" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  w = await createDashboardWorld();
  const seller = w.sellerRecord.id;
  const shipments = await w.db.query<{ id: string }>(
    `INSERT INTO shipments (seller_id, carrier, tracking_number, status)
     SELECT $1, 'dhl_express', '10000000' || g, 'in_transit' FROM generate_series(10, 14) g RETURNING id`,
    [seller],
  );
  // name → [kind, severity, opened hours ago, SLA due in hours (null: none)]
  const alerts: [string, string, string, number, number | null][] = [
    ["oldWarning", "stalled", "warning", 50, 20],
    ["overdue", "late", "warning", 30, -2],
    ["lostSoon", "presumed_lost", "critical", 1, 3],
    ["warnSoon", "carrier_exception", "warning", 5, 3],
    ["noSla", "failed_attempt", "info", 70, null],
  ];
  for (const [i, [name, kind, severity, openedAgo, dueIn]] of alerts.entries()) {
    const [row] = await w.db.query<{ id: string }>(
      `INSERT INTO alerts (seller_id, shipment_id, kind, severity, opened_in_status, opened_at, sla_due_at)
       VALUES ($1, $2, $3, $4, 'in_transit', now() - $5 * interval '1 hour',
               CASE WHEN $6::int IS NULL THEN NULL ELSE now() + $6::int * interval '1 hour' END)
       RETURNING id`,
      [seller, shipments[i]!.id, kind, severity, openedAgo, dueIn],
    );
    ids[name] = row!.id;
  }
  agent = await signIn(w.app, "support@acme.test");
});
afterAll(() => w.close());

describe("exception queue order", () => {
  it("lists the SLA that runs out first first, the critical alert before a warning due at the same hour", async () => {
    const page = await agent.get("/app/exceptions");
    expect(listed(page.body)).toEqual([ids.overdue, ids.lostSoon, ids.warnSoon, ids.oldWarning, ids.noSla]);
    expect(page.body).toContain("5 alerts, SLA due soonest.");
    // Only the alert whose SLA has run out is marked.
    expect(page.body.match(/class="badge overdue"/g)).toHaveLength(1);
    // The carrier menu names carriers as the rest of the dashboard does.
    expect(page.body).toContain('<option value="dhl_express" >DHL Express</option>');
  });

  it("sorts by when the alert opened when asked, and keeps the choice in the form", async () => {
    const oldest = await agent.get("/app/exceptions?sort=oldest");
    expect(listed(oldest.body)).toEqual([ids.noSla, ids.oldWarning, ids.overdue, ids.warnSoon, ids.lostSoon]);
    expect(oldest.body).toContain('<option value="oldest"  selected>oldest first</option>');
    const newest = await agent.get("/app/exceptions?sort=newest&kind=");
    expect(listed(newest.body)).toEqual([ids.lostSoon, ids.warnSoon, ids.overdue, ids.oldWarning, ids.noSla]);
    // An unknown sort falls back to the default rather than failing.
    const odd = await agent.get("/app/exceptions?sort=drop%20table");
    expect(listed(odd.body)[0]).toBe(ids.overdue);
  });

  it("says how many match when the page shows only the first 200", async () => {
    const seller = w.sellerRecord.id;
    await w.db.query(
      `WITH s AS (
         INSERT INTO shipments (seller_id, carrier, tracking_number, status)
         SELECT $1, 'ups', '1Z' || lpad(g::text, 16, '0'), 'in_transit' FROM generate_series(1, 230) g RETURNING id)
       INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status) SELECT $1, id, 'stalled', 'in_transit' FROM s`,
      [seller],
    );
    const page = await agent.get("/app/exceptions");
    expect(listed(page.body)).toHaveLength(200);
    expect(page.body).toContain(
      "Showing the first 200 of 235 alerts, SLA due soonest; narrow them with the filters.",
    );
    const ups = await agent.get("/app/exceptions?carrier=ups&sort=oldest");
    expect(ups.body).toContain("Showing the first 200 of 230 alerts, oldest first;");
  });

  it("says which other alerts the same parcel has open, so an agent settles them together", async () => {
    await w.db.query(
      `INSERT INTO alerts (seller_id, shipment_id, kind, opened_in_status)
       SELECT seller_id, shipment_id, 'not_picked_up', 'in_transit' FROM alerts WHERE id = $1`,
      [ids.overdue],
    );
    const late = await agent.get("/app/exceptions?kind=late");
    expect(listed(late.body)).toEqual([ids.overdue]);
    expect(late.body).toMatch(
      />late<\/span>\s*<span class="muted">warning<\/span>\s*<div class="muted">also not picked up<\/div>/,
    );
    const alone = await agent.get("/app/exceptions?kind=presumed_lost");
    expect(alone.body).not.toContain("also ");
  });
});
