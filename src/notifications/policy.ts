/**
 * The seller's notification policy: which channel for which trigger, quiet hours, the per-shipment cap and the
 * burst window. Stored as JSON in notification_settings and merged over these defaults, so a seller who never
 * touched it gets sensible behaviour (email for the milestones, SMS only when timing matters or the shopper
 * must act).
 */
import { z } from "zod";
import type { SqlSession } from "../db/client.js";

export const TRIGGERS = [
  "shipped",
  "out_for_delivery",
  "delivered",
  "delivery_attempted",
  "ready_for_pickup",
  "exception",
  "delay",
  "returned",
  // A return the shopper sends back (a shipment with direction "return"): on its way, then received.
  "return_in_transit",
  "return_received",
] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

export const policySchema = z
  .object({
    /** Channels per trigger; an empty list turns the trigger off. */
    channels: z.partialRecord(z.enum(TRIGGERS), z.array(z.enum(CHANNELS)).max(2)).default({}),
    /** SMS is also sent for these exception sub-statuses and attempts, where the shopper has to do something. */
    smsWhenShopperMustAct: z.boolean().default(true),
    quietHours: z.object({ start: clock, end: clock }).nullable().default({ start: "21:00", end: "08:00" }),
    /** At most this many shopper messages per shipment (all channels). */
    maxPerShipment: z.number().int().min(1).max(50).default(6),
    /** Messages decided within this many seconds of the last one for the shipment collapse into one. */
    burstWindowSeconds: z.number().int().min(0).max(3600).default(120),
    /**
     * Milestones whose carrier time is older than this many hours are recorded but not sent (an import of last
     * month's shipments must not message their shoppers now); 0 sends whatever the age.
     */
    staleAfterHours: z.number().int().min(0).max(8760).default(72),
    /** The time zone used for quiet hours when the order has none. */
    defaultTimeZone: z.string().max(64).default("UTC"),
    /** Team addresses alerts are e-mailed to (notify_team action). */
    teamEmails: z.array(z.email()).max(20).default([]),
    /**
     * The team's alert e-mails come as a digest (src/exceptions/team-emails.ts); off, each alert is an e-mail of
     * its own, sent at once (a helpdesk inbox that opens one ticket per e-mail).
     */
    teamAlertDigest: z.boolean().default(true),
    fromName: z.string().max(100).optional(),
    fromEmail: z.email().optional(),
    replyTo: z.email().optional(),
  })
  .strict();

export type NotificationPolicy = z.infer<typeof policySchema>;

/**
 * The default channel of each trigger (the "good defaults"): e-mail for the milestones, SMS where timing
 * matters and the shopper must act (be home today, rearrange a delivery, collect a parcel). A message whose
 * channel has no address (no phone on the order) goes by the other channel instead.
 */
export const DEFAULT_CHANNELS: Readonly<Record<Trigger, readonly Channel[]>> = {
  shipped: ["email"],
  out_for_delivery: ["sms"],
  delivered: ["email"],
  delivery_attempted: ["sms"],
  ready_for_pickup: ["sms"],
  exception: ["email"],
  delay: ["email"],
  returned: ["email"],
  return_in_transit: ["email"],
  return_received: ["email"],
};

/** Exception sub-statuses where the shopper has to act (fix the address, pay duties, collect the parcel). */
export const SHOPPER_MUST_ACT: ReadonlySet<string> = new Set([
  "address_issue",
  "held_payment",
  "held_customs",
]);

/** The effective policy: stored JSON validated and merged over the defaults (a stale bad value falls back). */
export function resolvePolicy(stored: unknown): NotificationPolicy {
  const parsed = policySchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : policySchema.parse({});
}

/**
 * Channels for one trigger. An exception the shopper must act on (fix the address, pay duties) goes by SMS as
 * well as e-mail: the SMS makes it timely, the e-mail carries what to do. The only milestone with two messages.
 */
export function channelsFor(
  policy: NotificationPolicy,
  trigger: Trigger,
  substatus: string | null,
): readonly Channel[] {
  const chosen = policy.channels[trigger] ?? DEFAULT_CHANNELS[trigger];
  if (policy.channels[trigger] || !policy.smsWhenShopperMustAct) return chosen;
  const mustAct = trigger === "exception" && substatus !== null && SHOPPER_MUST_ACT.has(substatus);
  return mustAct && !chosen.includes("sms") ? [...chosen, "sms"] : chosen;
}

/** Reads the policies of these sellers in the caller's transaction. */
export async function loadPolicy(s: SqlSession, sellerId: string): Promise<NotificationPolicy> {
  const rows = await s.query<{ policy: unknown }>(
    "SELECT policy FROM notification_settings WHERE seller_id = $1",
    [sellerId],
  );
  return resolvePolicy(rows[0]?.policy);
}
