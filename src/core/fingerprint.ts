/**
 * Event identity. The same scan reported twice (a webhook and a poll, a replay, a retried batch) must be
 * one event, so identity comes from what the carrier said, not from when or how it reached us.
 */
import { hash } from "node:crypto";
import type { EventLocation } from "./events.js";

const WHITESPACE = /\s/;

/** Lower case, trimmed, inner whitespace runs folded to one space. */
function norm(value: string | null | undefined): string {
  if (!value) return "";
  const lower = value.toLowerCase();
  // Most values (codes, numbers, countries) hold no whitespace: trimming and folding would change nothing, and
  // skipping the regular expression halves the cost of a fingerprint, computed once per ingested event.
  return WHITESPACE.test(lower) ? lower.trim().replace(/\s+/g, " ") : lower;
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
  const place = loc
    ? `${norm(loc.city)}/${norm(loc.region)}/${norm(loc.postalCode)}/${norm(loc.country)}/${norm(loc.text)}`
    : "";
  // Without a code, the description is what tells two events at one place and instant apart.
  const what = input.code ? `c:${norm(input.code)}` : `d:${norm(input.description)}`;
  // One-shot hash: the same bytes as a createHash() stream, without building a Hash object per event.
  const text = `${norm(input.carrier)}\u0000${norm(input.trackingNumber)}\u0000${input.occurredAt.toISOString()}\u0000${what}\u0000${place}`;
  return hash("sha256", text).slice(0, 32);
}
