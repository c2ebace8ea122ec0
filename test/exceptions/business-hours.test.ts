/** Business hours skip weekends in the seller's zone; helpdesk presets shape requests as documented. */
import { describe, expect, it } from "vitest";
import { addBusinessHours, businessHoursBetween } from "../../src/exceptions/business-hours.js";
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
