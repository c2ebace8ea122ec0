/** Business hours skip weekends in the seller's zone; helpdesk presets shape requests as documented. */
import { describe, expect, it } from "vitest";
import {
  addBusinessHours,
  businessDaysBetween,
  businessHoursBetween,
} from "../../src/exceptions/business-hours.js";
import { timeRuleFindings } from "../../src/exceptions/evaluate.js";
import { resolveRule, ALERT_KINDS, type AlertKind, type AlertRule } from "../../src/exceptions/rules.js";
import { helpdeskBody, helpdeskConfigSchema } from "../../src/exceptions/helpdesk-presets.js";
import { eventAlertKinds, movedOnReason } from "../../src/exceptions/event-rules.js";
import { INITIAL_STATE, type ShipmentState } from "../../src/core/fold.js";

describe("business hours", () => {
  it("counts weekdays only, in the zone's own days", () => {
    // Friday 18:00 UTC → Monday 09:00 UTC: 6 h of Friday + 9 h of Monday.
    expect(businessHoursBetween(new Date("2026-03-06T18:00:00Z"), new Date("2026-03-09T09:00:00Z"))).toBe(15);
    // The same instants in Tokyo (UTC+9): Saturday 03:00 → Monday 18:00 local = 18 h of Monday.
    expect(
      businessHoursBetween(new Date("2026-03-06T18:00:00Z"), new Date("2026-03-09T09:00:00Z"), "Asia/Tokyo"),
    ).toBe(18);
    expect(businessHoursBetween(new Date("2026-03-09T09:00:00Z"), new Date("2026-03-06T18:00:00Z"))).toBe(0);
  });

  it("adds business hours across a weekend", () => {
    expect(addBusinessHours(new Date("2026-03-06T18:00:00Z"), 24).toISOString()).toBe(
      "2026-03-09T18:00:00.000Z",
    );
    expect(addBusinessHours(new Date("2026-03-07T12:00:00Z"), 8).toISOString()).toBe(
      "2026-03-09T08:00:00.000Z",
    );
  });
});

describe("business hours with public holidays (date-holidays)", () => {
  // Easter 2026: Good Friday 3 April and Easter Monday 6 April are public holidays in Germany, not in the US.
  const thursdayEvening = new Date("2026-04-02T18:00:00Z");
  const tuesdayMorning = new Date("2026-04-07T09:00:00Z");

  it("skips the country's holidays as it skips weekends", () => {
    expect(businessHoursBetween(thursdayEvening, tuesdayMorning, "UTC", "DE")).toBe(6 + 9);
    expect(businessHoursBetween(thursdayEvening, tuesdayMorning, "UTC", "US")).toBe(6 + 24 + 24 + 9);
    expect(businessHoursBetween(thursdayEvening, tuesdayMorning, "UTC")).toBe(6 + 24 + 24 + 9);
    // Independence Day 2026 falls on a Saturday: the Friday before is the observed holiday.
    expect(
      businessDaysBetween(new Date("2026-07-02T00:00:00Z"), new Date("2026-07-07T00:00:00Z"), "UTC", "US"),
    ).toBe(2);
    // An unknown country has no holidays, only weekends.
    expect(businessHoursBetween(thursdayEvening, tuesdayMorning, "UTC", "ZZ")).toBe(63);
  });

  it("adds business hours over Christmas in the zone's own days", () => {
    // Thursday 24 December 2026 18:00 in Berlin (17:00 UTC): 6 h that day, then 25, 26 (holidays), 27 (Sunday).
    const due = addBusinessHours(new Date("2026-12-24T17:00:00Z"), 24, "Europe/Berlin", "DE");
    expect(due.toISOString()).toBe("2026-12-28T17:00:00.000Z");
    expect(addBusinessHours(new Date("2026-12-24T17:00:00Z"), 24, "Europe/Berlin").toISOString()).toBe(
      "2026-12-25T17:00:00.000Z",
    );
  });

  it("does not call a parcel stalled over Easter in Germany, but does on the same dates in the US", () => {
    const rules = Object.fromEntries(ALERT_KINDS.map((k) => [k, resolveRule(k)])) as Record<
      AlertKind,
      AlertRule
    >;
    const parcel = (destination: string) => ({
      id: "00000000-0000-0000-0000-000000000001",
      order_id: null,
      order_number: null,
      carrier: "dhl_parcel_de",
      tracking_number: "00340434161234567890",
      status: "in_transit",
      substatus: null,
      origin_country: destination,
      destination_country: destination,
      created_at: new Date("2026-04-01T08:00:00Z"),
      status_changed_at: thursdayEvening,
      last_event_at: thursdayEvening,
      first_scan_at: new Date("2026-04-01T08:00:00Z"),
      carrier_estimated_delivery: null,
      promised_at: null,
      email: null,
      locale: null,
      time_zone: null,
    });
    const kinds = (destination: string) =>
      timeRuleFindings(parcel(destination), rules, () => undefined, tuesdayMorning, "UTC").map((f) => f.kind);
    expect(kinds("DE")).toEqual([]);
    expect(kinds("US")).toEqual(["stalled"]);
  });
});

describe("event rules", () => {
  const state = (over: Partial<ShipmentState>): ShipmentState => ({ ...INITIAL_STATE, ...over });
  it("raises on a failed attempt, an exception, a return; resolves when the shipment moves on", () => {
    const before = state({ status: "in_transit", eventCount: 3 });
    expect(
      eventAlertKinds({
        shipmentId: "s",
        before,
        after: state({ status: "attempt_failed", attemptCount: 1, eventCount: 4 }),
      }),
    ).toEqual(["failed_attempt"]);
    expect(
      eventAlertKinds({
        shipmentId: "s",
        before,
        after: state({ status: "return_to_sender", returning: true }),
      }),
    ).toEqual(["returning"]);
    const moved = {
      shipmentId: "s",
      before: state({ status: "exception", eventCount: 4 }),
      after: state({ status: "in_transit", eventCount: 5, lastEventAt: new Date() }),
    };
    expect(movedOnReason({ kind: "carrier_exception", opened_in_status: "exception" }, moved)).toBe(
      "status is now in_transit",
    );
    expect(movedOnReason({ kind: "late", opened_in_status: "in_transit" }, moved)).toBeNull();
    expect(movedOnReason({ kind: "stalled", opened_in_status: "exception" }, moved)).toBe("new carrier scan");
  });
});

describe("helpdesk presets", () => {
  const alert = {
    id: "a1",
    kind: "presumed_lost",
    severity: "critical",
    orderNumber: "#9",
    carrier: "ups",
    trackingNumber: "1Z",
    customerEmail: "b@example.com",
    details: { daysWithoutScan: 8 },
  };
  it("shapes Gorgias and Freshdesk tickets and fills custom templates with JSON-escaped values", () => {
    const gorgias = helpdeskBody(helpdeskConfigSchema.parse({ preset: "gorgias" }), alert) as object;
    expect(gorgias).toMatchObject({
      customer: { email: "b@example.com" },
      messages: [{ channel: "api", body_text: expect.stringContaining("daysWithoutScan: 8") }],
    });
    const freshdesk = helpdeskBody(helpdeskConfigSchema.parse({ preset: "freshdesk" }), alert) as object;
    expect(freshdesk).toMatchObject({
      email: "b@example.com",
      priority: 4,
      status: 2,
      subject: "Parcel presumed lost – order #9",
    });
    const custom = helpdeskBody(
      helpdeskConfigSchema.parse({
        preset: "custom",
        bodyTemplate: '{"title":"{{subject}}","text":"{{body}}"}',
      }),
      { ...alert, orderNumber: 'say "hi"' },
    ) as Record<string, string>;
    expect(custom.title).toBe('Parcel presumed lost – order say "hi"');
    expect(custom.text).toContain("\n");
  });
});
