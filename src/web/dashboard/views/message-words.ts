/**
 * The Messages page in words: what made a message (its trigger), who it was for, and what became of it, so a
 * support agent reads "Not sent: the shopper unsubscribed" rather than a status code and a reason code.
 */
import type { NotificationItem } from "../../../db/repositories/notifications.js";
import type { Trigger } from "../../../notifications/policy.js";

/**
 * Shopper triggers, plus the team's own: alert e-mails ("alert"), a shopper's return request to approve
 * (src/returns/events.ts; a received return shares the shopper's word), and messages the team wrote ("message").
 */
export const TRIGGER_WORDS: Readonly<Record<Trigger | "alert" | "return_requested" | "message", string>> = {
  shipped: "Shipped",
  out_for_delivery: "Out for delivery",
  delivered: "Delivered",
  delivery_attempted: "Delivery attempted",
  ready_for_pickup: "Ready for pickup",
  exception: "Problem with delivery",
  delay: "Delayed",
  returned: "Returning to the shop",
  return_in_transit: "Return on its way",
  return_received: "Return received",
  return_requested: "Return requested",
  alert: "Alert for the team",
  message: "Written by the team",
};

export const triggerWords = (trigger: string): string =>
  (TRIGGER_WORDS as Record<string, string>)[trigger] ?? trigger.replace(/_/g, " ");

export const CHANNEL_WORDS: Readonly<Record<string, string>> = { email: "E-mail", sms: "SMS" };
export const AUDIENCE_WORDS: Readonly<Record<string, string>> = { shopper: "Shopper", team: "Team" };

// Reasons written by src/notifications (decide.ts, deliver.ts, manual-send.ts) and the delivery outcomes.
const REASON_WORDS: Readonly<Record<string, string>> = {
  unsubscribed: "the shopper unsubscribed",
  muted: "the shopper turned this kind of message off",
  cap: "the limit of messages per shipment was reached",
  stale: "the scan was too old to tell the shopper about",
  burst: "a later message for the same shipment, decided moments after, carries the news",
  retrying: "the last attempt failed, it will be tried again",
  outcome_unknown: "the provider's answer never came",
  unconfirmed: "handed over, but the provider's answer never came",
  permanent: "refused for good",
  retryable: "failed every attempt",
};

/** Collapsed, but not dropped: another message carries this one's news (src/notifications/order-parcels.ts, team-emails). */
const CARRIED_WORDS: Readonly<Record<string, string>> = {
  order: "In another parcel's message: the parcels of the order travel together",
  digest: "In the team's digest e-mail, with the other alerts",
};

const reasonWords = (reason: string | null): string =>
  reason ? (REASON_WORDS[reason] ?? reason.replace(/_/g, " ")) : "";

/** The status as a sentence: queued (until when), sending, sent, failed with its error, or why not sent. */
export function statusWords(
  m: Pick<NotificationItem, "reason" | "last_error" | "send_after"> & { status: string },
  formatTime: (at: Date) => string,
  now = Date.now(),
): string {
  switch (m.status) {
    case "queued":
      if (m.reason === "retrying")
        return `Queued to try again (${m.last_error ?? "the last attempt failed"})`;
      return new Date(m.send_after).getTime() > now
        ? `Queued, not before ${formatTime(new Date(m.send_after))}`
        : "Queued";
    case "sending":
      return "Sending";
    case "sent":
      return m.reason ? `Sent (${reasonWords(m.reason)})` : "Sent";
    case "failed":
      return `Failed: ${m.last_error ?? reasonWords(m.reason)}`;
    case "suppressed":
      return `Not sent: ${reasonWords(m.reason) || "held back"}`;
    case "collapsed":
      return (
        CARRIED_WORDS[m.reason ?? ""] ?? `Not sent: ${reasonWords(m.reason) || "folded into another message"}`
      );
    default:
      return m.status;
  }
}

/** How a message left: the built-in outbox is where messages go while no SMTP server or SMS provider is set. */
export function transportWords(transport: string | null): string {
  if (!transport) return "—";
  if (transport === "outbox") return "the built-in outbox (no SMTP server or SMS provider is set up)";
  return ({ smtp: "SMTP", sms: "the SMS provider" } as Record<string, string>)[transport] ?? transport;
}
