/**
 * Exception alerts end to end on a real database: event rules from the ingest path, time rules from the
 * periodic pass (with learned scan gaps), the lifecycle with its audit trail, and the actions' rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { evaluateExceptionRules } from "../../src/exceptions/evaluate.js";
import { changeAlert } from "../../src/exceptions/lifecycle.js";
import { learnScanGaps } from "../../src/exceptions/scan-gaps.js";
import { createOutgoingEndpoint } from "../../src/notifications/outgoing-endpoints.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { makeParcel, makeSeller, notificationsOf, scan, type Parcel } from "../notifications/world.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const alertsOf = (p: Parcel) =>
  db.query<{
    id: string;
    kind: string;
    status: string;
    resolved_by: string | null;
    details: Record<string, unknown>;
  }>(
    "SELECT id, kind, status, resolved_by, details FROM alerts WHERE shipment_id = $1 ORDER BY opened_at, kind",
    [p.shipmentId],
  );
const auditOf = (alertId: string) =>
  db.query<{ action: string; actor: string }>(
    "SELECT action, actor FROM audit_log WHERE target_type = 'alert' AND target_id = $1 ORDER BY id",
    [alertId],
  );

describe("event rules in the ingest transaction", () => {
  it("a failed attempt opens one alert, auto-resolved when the parcel moves on, every step audited", async () => {
    const seller = await makeSeller(db, "events");
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-02T18:00:00Z", status: "in_transit" }]);
    await scan(db, seller, parcel, [
      { at: "2026-03-04T14:00:00Z", status: "attempt_failed", substatus: "recipient_unavailable" },
    ]);
    const [opened] = await alertsOf(parcel);
    expect(opened).toMatchObject({ kind: "failed_attempt", status: "open" });
    await scan(db, seller, parcel, [{ at: "2026-03-05T07:00:00Z", status: "out_for_delivery" }]);
    expect((await alertsOf(parcel))[0]).toMatchObject({ status: "resolved", resolved_by: "system:auto" });
    expect((await auditOf(opened!.id)).map((a) => `${a.action}/${a.actor}`)).toEqual([
      "alert.open/system",
      "alert.auto_resolve/system",
    ]);
  });

  it("a carrier exception opens one alert per shipment and kind, however often it is reported", async () => {
    const seller = await makeSeller(db, "customs");
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "held_customs" },
    ]);
    await scan(db, seller, parcel, [
      { at: "2026-03-03T18:00:00Z", status: "exception", substatus: "held_payment" },
    ]);
    await scan(db, seller, parcel, [
      { at: "2026-03-03T18:00:00Z", status: "exception", substatus: "held_payment" },
    ]);
    const alerts = await alertsOf(parcel);
    expect(alerts.map((a) => `${a.kind}/${a.status}`)).toEqual(["carrier_exception/open"]);
  });

  it("the default actions e-mail the team and post alert.opened to subscribed webhooks", async () => {
    const seller = await makeSeller(db, "actions");
    await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
      seller,
      JSON.stringify({ teamEmails: ["ops@example.com", "lead@example.com"] }),
    ]);
    await createOutgoingEndpoint(db, {
      sellerId: seller,
      kind: "webhook",
      url: "https://hooks.example.com/x",
      topics: ["alert.opened"],
    });
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "damaged" },
    ]);
    const team = (await notificationsOf(db, parcel.shipmentId)).filter((n) => n.audience === "team");
    expect(team.map((n) => n.recipient).sort()).toEqual(["lead@example.com", "ops@example.com"]);
    const hooks = await db.query<{
      topic: string;
      payload: { data: { kind: string; trackingNumber: string } };
    }>("SELECT topic, payload FROM outgoing_webhook_deliveries WHERE seller_id = $1", [seller]);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.payload.data).toMatchObject({
      kind: "carrier_exception",
      trackingNumber: parcel.trackingNumber,
    });
  });
});

describe("the alert lifecycle", () => {
  it("open → acknowledged → resolved by people, refusing what the lifecycle does not allow", async () => {
    const seller = await makeSeller(db, "lifecycle");
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [
      { at: "2026-03-02T18:00:00Z", status: "exception", substatus: "address_issue" },
    ]);
    const [alert] = await alertsOf(parcel);
    const act = (command: "acknowledge" | "resolve" | "assign", extra: Record<string, string> = {}) =>
      db.session((s) =>
        changeAlert(s, { sellerId: seller, alertId: alert!.id, command, actor: "api_key:k1", ...extra }),
      );
    expect(await act("assign", { assignee: "sam", team: "support" })).toMatchObject({
      assignee: "sam",
      team: "support",
    });
    expect(await act("acknowledge")).toMatchObject({ status: "acknowledged" });
    await expect(act("acknowledge")).rejects.toBeInstanceOf(AppError);
    expect(await act("resolve", { resolution: "address fixed with the carrier" })).toMatchObject({
      status: "resolved",
      resolved_by: "api_key:k1",
    });
    await expect(act("resolve")).rejects.toThrow(/cannot be resolved/);
    expect((await auditOf(alert!.id)).map((a) => a.action)).toEqual([
      "alert.open",
      "alert.assign",
      "alert.acknowledge",
      "alert.resolve",
    ]);
  });
});

describe("time rules", () => {
  it("stalled uses 24 business hours without history: a weekend of silence is not a stall", async () => {
    const seller = await makeSeller(db, "stall");
    const parcel = await makeParcel(db, seller);
    await scan(db, seller, parcel, [{ at: "2026-03-06T18:00:00Z", status: "in_transit" }]); // a Friday
    await evaluateExceptionRules(db, new Date("2026-03-09T09:00:00Z"), { sellerId: seller }); // Monday: 15 h
    expect(await alertsOf(parcel)).toEqual([]);
    await evaluateExceptionRules(db, new Date("2026-03-10T09:00:00Z"), { sellerId: seller }); // Tuesday: 39 h
    const [alert] = await alertsOf(parcel);
    expect(alert).toMatchObject({ kind: "stalled", status: "open" });
    expect(alert!.details).toMatchObject({ thresholdSource: "default", thresholdHours: 24 });
    await scan(db, seller, parcel, [{ at: "2026-03-10T10:00:00Z", status: "in_transit", city: "Memphis" }]);
    expect((await alertsOf(parcel))[0]).toMatchObject({ status: "resolved", resolved_by: "system:auto" });
  });

  it("stalled learns the lane's normal gaps from history", async () => {
    const seller = await makeSeller(db, "learned");
    const history: Parcel[] = [];
    for (let i = 0; i < 8; i++) history.push(await makeParcel(db, seller));
    for (const [i, p] of history.entries()) {
      const base = Date.parse("2026-03-02T08:00:00Z") + i * 60_000;
      const at = (h: number) => new Date(base + h * 3_600_000).toISOString();
      await scan(db, seller, p, [
        { at: at(0), status: "in_transit", city: "A" },
        { at: at(2), status: "in_transit", city: "B" },
        { at: at(4), status: "in_transit", city: "C" },
        { at: at(6), status: "in_transit", city: "D" },
      ]);
    }
    await db.query(
      "INSERT INTO alert_rules (seller_id, kind, params, actions) VALUES ($1, 'stalled', '{\"minSamples\": 10}', '[]')",
      [seller],
    );
    expect(await learnScanGaps(db, seller, { now: new Date("2026-03-03T00:00:00Z") })).toBeGreaterThan(0);
    const quiet = await makeParcel(db, seller);
    await scan(db, seller, quiet, [{ at: "2026-03-03T08:00:00Z", status: "in_transit" }]);
    await evaluateExceptionRules(db, new Date("2026-03-03T13:00:00Z"), { sellerId: seller }); // 5 h > 2 h learned
    const [alert] = await alertsOf(quiet);
    expect(alert).toMatchObject({ kind: "stalled" });
    expect(alert!.details).toMatchObject({ thresholdSource: "history", thresholdHours: 2 });
  });

  it("presumed lost after 7 days in transit, not picked up after 2 business days, late after the promised date", async () => {
    const seller = await makeSeller(db, "timed");
    const lost = await makeParcel(db, seller);
    const waiting = await makeParcel(db, seller);
    const late = await makeParcel(db, seller, {}, new Date("2026-03-05T00:00:00Z"));
    await scan(db, seller, lost, [{ at: "2026-03-02T10:00:00Z", status: "in_transit" }]);
    await scan(db, seller, waiting, [{ at: "2026-03-02T10:00:00Z", status: "info_received" }]);
    await scan(db, seller, late, [{ at: "2026-03-06T08:00:00Z", status: "in_transit" }]);
    await evaluateExceptionRules(db, new Date("2026-03-06T12:00:00Z"), { sellerId: seller });
    expect((await alertsOf(waiting)).map((a) => a.kind)).toEqual(["not_picked_up"]);
    expect((await alertsOf(late)).map((a) => a.kind)).toEqual(["late"]);
    expect((await alertsOf(lost)).map((a) => a.kind)).toEqual(["stalled"]);
    await evaluateExceptionRules(db, new Date("2026-03-10T12:00:00Z"), { sellerId: seller });
    expect((await alertsOf(lost)).map((a) => a.kind).sort()).toEqual(["presumed_lost", "stalled"]);
    // presumed lost tells the shopper by default
    const shopper = (await notificationsOf(db, lost.shipmentId)).filter((n) => n.audience === "shopper");
    expect(shopper.map((n) => n.milestone)).toContainEqual(expect.stringMatching(/^alert:presumed_lost:/));
  });
});
