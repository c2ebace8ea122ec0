/**
 * Event identity. The same scan reported twice (a webhook and a poll, a replay, a retried batch) must be
 * one event, so identity comes from what the carrier said, not from when or how it reached us.
 */
import { createHash } from "node:crypto";
import type { EventLocation } from "./events.js";

function norm(value: string | null | undefined): string {
  return (value ?? "").trim().toLowerCase().replace(/\s+/g, " ");
}

/** sha256 (128 bits, hex) of carrier, tracking number, instant, code and location. */
export function eventFingerprint(input: {
  carrier: string;
  trackingNumber: string;
  occurredAt: Date;
  code: string | null;
  description: string;
  location: EventLocation | null;
}): string {
  const loc = input.location;
  const place = loc ? [loc.city, loc.region, loc.postalCode, loc.country, loc.text].map(norm).join("/") : "";
  // Without a code, the description is what tells two events at one place and instant apart.
  const what = input.code ? `c:${norm(input.code)}` : `d:${norm(input.description)}`;
  return createHash("sha256")
    .update(
      `${norm(input.carrier)}\u0000${norm(input.trackingNumber)}\u0000${input.occurredAt.toISOString()}`,
    )
    .update(`\u0000${what}\u0000${place}`)
    .digest("hex")
    .slice(0, 32);
}
