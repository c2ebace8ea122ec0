import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventLocation } from "./events.js";
import { eventFingerprint } from "./fingerprint.js";

/** The fingerprint as first specified: stored fingerprints were computed this way and must never change. */
function specifiedFingerprint(input: Parameters<typeof eventFingerprint>[0]): string {
  const norm = (v: string | null | undefined) => (v ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  const loc = input.location;
  const place = loc ? [loc.city, loc.region, loc.postalCode, loc.country, loc.text].map(norm).join("/") : "";
  const what = input.code ? `c:${norm(input.code)}` : `d:${norm(input.description)}`;
  return createHash("sha256")
    .update(
      `${norm(input.carrier)}\u0000${norm(input.trackingNumber)}\u0000${input.occurredAt.toISOString()}`,
    )
    .update(`\u0000${what}\u0000${place}`)
    .digest("hex")
    .slice(0, 32);
}

// Text with the characters normalization cares about: spaces, tabs, newlines, no-break spaces, letters whose
// lower case differs in length (İ), and plain ASCII.
const messyText = fc
  .array(fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u2003", "A", "b", "İ", "ß", "Σ", "-", "1", "/"), {
    maxLength: 12,
  })
  .map((chars) => chars.join(""));
const optionalText = fc.option(messyText, { nil: undefined });
const nullableText = fc.oneof(optionalText, fc.constant(null));

const location: fc.Arbitrary<EventLocation | null> = fc.option(
  fc.record({
    city: nullableText,
    region: nullableText,
    postalCode: nullableText,
    country: nullableText,
    text: nullableText,
  }),
  { nil: null },
);

describe("eventFingerprint", () => {
  it("is the specified sha256 of normalized carrier, number, instant, code or description, and place", () => {
    fc.assert(
      fc.property(
        messyText,
        messyText,
        fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.oneof(messyText, fc.constant(null)),
        messyText,
        location,
        (carrier, trackingNumber, occurredAt, code, description, loc) => {
          const input = { carrier, trackingNumber, occurredAt, code, description, location: loc };
          expect(eventFingerprint(input)).toBe(specifiedFingerprint(input));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("keeps the fingerprints already stored", () => {
    const scan = {
      carrier: "ups",
      trackingNumber: "1Z999AA10123456784",
      occurredAt: new Date("2026-03-01T10:15:00Z"),
      code: "AR",
      description: "Arrived",
      location: {
        city: "  Louisville ",
        region: "KY",
        postalCode: null,
        country: "US",
        text: "LOUISVILLE,\tKY  US",
      },
    };
    expect(eventFingerprint(scan)).toBe("3b21714f21de60d865dac6e8858d1d11");
    expect(
      eventFingerprint({ ...scan, code: null, description: " Out  for\nDelivery ", location: null }),
    ).toBe("7b224a76cfe6dcc1c8014609293a7ca8");
  });
});
