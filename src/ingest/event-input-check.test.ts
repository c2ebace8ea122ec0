import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEventPayload } from "./event-input-check.js";
import { eventBatchSchema, eventInputSchema } from "./normalized-json.js";

/** What zod makes of a payload: the batch, or a single event as a batch of one; undefined when it refuses it. */
function zodEvents(value: unknown) {
  const batch = eventBatchSchema.safeParse(value);
  if (batch.success) return batch.data.events;
  const single = eventInputSchema.safeParse(value);
  return single.success ? [single.data] : undefined;
}

// Each field drawn mostly from values the schema accepts, sometimes from values it refuses (wrong type, too long,
// bad format), so that whole events are often valid and each way of being invalid is tried.
const pick = (valid: unknown[], invalid: unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 6 },
    { arbitrary: fc.constantFrom(...invalid), weight: 1 },
  );
const field = {
  carrier: pick([undefined, "ups", "dhl_express"], ["UPS", "", "a".repeat(65), null, 7]),
  trackingNumber: pick([undefined, "1Z999", "x".repeat(64)], ["", "x".repeat(65), null]),
  occurredAt: pick(
    [
      "2026-03-01T10:00:00Z",
      "2026-03-01T10:00:00.123-05:00",
      "2026-03-01T10:00:00",
      `2026-03-01T10:00:00Z${" ".repeat(20)}`,
    ],
    [undefined, "2026-02-30T10:00:00Z", "yesterday", `2026-03-01T10:00:00Z${" ".repeat(21)}`, null],
  ),
  code: pick([undefined, "AR", null], ["c".repeat(65), 3]),
  description: pick([undefined, "Arrived", ""], [null, "d".repeat(2001), false]),
  status: pick([undefined, "delivered", "in_transit", null], ["Delivered", "lost"]),
  substatus: pick([undefined, "signed", null], ["s".repeat(65)]),
  location: fc.oneof(
    { arbitrary: fc.constantFrom(undefined, null), weight: 2 },
    { arbitrary: fc.constant("Louisville"), weight: 1 },
    {
      arbitrary: fc.record(
        {
          city: pick(["Louisville", null], ["c".repeat(201)]),
          region: pick(["KY", null], [4]),
          postalCode: pick(["40201", null], ["p".repeat(41)]),
          country: pick(["US", "us", "De", null], ["USA", "1A", "U"]),
          text: pick(["LOUISVILLE KY", null], [5]),
          extra: pick([undefined], ["x"]),
        },
        { requiredKeys: [] },
      ),
      weight: 6,
    },
  ),
  unknown: pick([undefined], ["x"]),
};
const event = fc.record(field, { requiredKeys: [] });
const payload = fc.oneof(
  event,
  fc.record({ events: fc.array(event, { minLength: 0, maxLength: 4 }) }),
  fc.record({ events: fc.array(event, { minLength: 1, maxLength: 2 }), more: fc.constant(1) }),
  fc.constantFrom(null, [], "events", { events: "x" }),
);

describe("checkEventPayload", () => {
  it("accepts exactly the JSON payloads zod accepts, with the same events", () => {
    let accepted = 0;
    fc.assert(
      fc.property(payload, (generated) => {
        const value: unknown = JSON.parse(JSON.stringify(generated) ?? "null");
        const expected = zodEvents(value);
        const checked = checkEventPayload(value);
        expect(checked).toStrictEqual(expected);
        if (checked) accepted += 1;
        if (checked) expect(checked.map((e) => Object.keys(e))).toEqual(expected!.map((e) => Object.keys(e)));
      }),
      { numRuns: 10_000 },
    );
    // Not vacuous: a good share of the generated payloads are valid and go the fast way.
    expect(accepted).toBeGreaterThan(300);
  });

  it("accepts a typical batch without zod", () => {
    const events = [
      { carrier: "ups", trackingNumber: "1Z999", occurredAt: "2026-03-01T10:00:00Z", status: "delivered" },
    ];
    expect(checkEventPayload({ events })).toEqual([{ ...events[0], description: "" }]);
  });
});
