/**
 * Shopper lookups. An order is found by its number plus the email or postcode it was placed with; every kind
 * of failure (unknown number, wrong email, wrong postcode) gives the same answer after the same work, and the
 * comparisons are constant-time over digests. A tracking number alone finds that one parcel. Both are
 * rate-limited per client address, and order lookups also per order number, in buckets every process shares.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { normalizeEmail, normalizePostcode } from "../../core/contact.js";
import { normalizeTrackingNumber } from "../../core/tracking-number.js";
import type { Database } from "../../db/client.js";
import { takeLookupTokens, type BucketRule } from "../../db/repositories/lookup-buckets.js";
import { findOrderForLookup, findShipmentForLookup } from "../../db/repositories/tracking-page-data.js";

export interface LookupLimits {
  perAddress: BucketRule;
  perOrderNumber: BucketRule;
}

/** 20 attempts at once then one every 30 s per address; 8 then one every 5 min per order number. */
export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  perAddress: { capacity: 20, refillSeconds: 30 },
  perOrderNumber: { capacity: 8, refillSeconds: 300 },
};

export type LookupResult =
  | { kind: "found"; scope: "order" | "shipment"; targetId: string; locale: string | null }
  | { kind: "not_found" }
  | { kind: "invalid" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

// Compared against when there is nothing real to compare with, so a miss does the same work as a hit.
const ABSENT = randomBytes(32);
const digest = (value: string | null | undefined) =>
  value ? createHash("sha256").update(value, "utf8").digest() : ABSENT;

function sameSecret(given: Buffer, stored: string | null | undefined): boolean {
  const storedDigest = digest(stored);
  return timingSafeEqual(given, storedDigest) && stored !== null && stored !== undefined && stored !== "";
}

const clean = (value: unknown, max: number) => (typeof value === "string" ? value.trim().slice(0, max) : "");

/** Order number + email or postcode → the order, or the uniform not-found. */
export async function lookupOrder(
  db: Database,
  input: {
    sellerId: string;
    clientAddress: string;
    orderNumber: unknown;
    contact: unknown;
    limits: LookupLimits;
  },
): Promise<LookupResult> {
  const orderNumber = clean(input.orderNumber, 64);
  const contact = clean(input.contact, 254);
  if (!orderNumber || !contact) return { kind: "invalid" };
  const limited = await takeLookupTokens(db, [
    { key: `addr:${input.clientAddress}`, rule: input.limits.perAddress },
    {
      key: `order:${input.sellerId}:${orderNumber.replace(/^#/, "").toUpperCase()}`,
      rule: input.limits.perOrderNumber,
    },
  ]);
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  const order = await findOrderForLookup(db, input.sellerId, orderNumber);
  // Both comparisons always run: which one matched, or whether the order exists, must not show in the timing.
  const emailMatch = sameSecret(digest(normalizeEmail(contact)), order?.email);
  const postcodeMatch = sameSecret(digest(normalizePostcode(contact)), order?.postcode);
  if (order && (emailMatch || postcodeMatch)) {
    return { kind: "found", scope: "order", targetId: order.id, locale: order.locale };
  }
  return { kind: "not_found" };
}

/** A tracking number alone → that shipment (no order details are shown for it), or not-found. */
export async function lookupTrackingNumber(
  db: Database,
  input: { sellerId: string; clientAddress: string; trackingNumber: unknown; limits: LookupLimits },
): Promise<LookupResult> {
  const raw = clean(input.trackingNumber, 64);
  if (!raw) return { kind: "invalid" };
  const limited = await takeLookupTokens(db, [
    { key: `addr:${input.clientAddress}`, rule: input.limits.perAddress },
  ]);
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  const shipment = await findShipmentForLookup(db, input.sellerId, normalizeTrackingNumber(raw));
  return shipment
    ? { kind: "found", scope: "shipment", targetId: shipment.id, locale: null }
    : { kind: "not_found" };
}
