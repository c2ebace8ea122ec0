/**
 * What happens when an alert opens, per the rule's actions: a message to the shopper, an e-mail to the seller's
 * team, a helpdesk ticket, a webhook. All are decided here, in the alert's transaction, as rows that workers
 * deliver (notifications, outgoing_webhook_deliveries), so a crash or a re-evaluation never doubles them.
 */
import type { SqlSession } from "../db/client.js";
import { loadPolicy, type NotificationPolicy } from "../notifications/policy.js";
import {
  enqueueHelpdeskRequest,
  enqueueWebhookEvents,
  type WebhookEvent,
} from "../notifications/webhook-enqueue.js";
import { alertEventData, type AlertRecord } from "./lifecycle.js";
import { decideHelpdeskTicket } from "../helpdesk/tickets.js";
import type { AlertKind, AlertRule } from "./rules.js";
import { insertAlertMessages, type AlertMessage } from "./alert-messages.js";
import { insertTeamAlertEmails } from "./team-emails.js";

/** The shipment an alert is about, with what messages and tickets need. */
export interface AlertSubject {
  sellerId: string;
  shipmentId: string;
  orderId: string | null;
  orderNumber: string | null;
  carrier: string;
  trackingNumber: string;
  status: string;
  substatus: string | null;
  email: string | null;
  locale: string | null;
  /** The shopper's zone (quiet hours). */
  timeZone: string | null;
  /** The seller's zone: business hours and SLAs are counted in it. */
  sellerTimeZone: string;
  /** Where the seller ships from: its public holidays do not count toward an alert's SLA. */
  originCountry?: string | null;
}

/** The shopper trigger an alert's message uses: a late or stuck parcel is a delay, a lost one a problem. */
export const SHOPPER_TRIGGER: Readonly<Record<AlertKind, "delay" | "exception">> = {
  stalled: "delay",
  not_picked_up: "delay",
  late: "delay",
  failed_attempt: "exception",
  carrier_exception: "exception",
  returning: "exception",
  returned: "exception",
  presumed_lost: "exception",
};

interface OpenedAlert {
  alert: AlertRecord;
  subject: AlertSubject;
  rule: AlertRule;
}

/** Decides the rules' actions for newly opened alerts, a few statements for the whole batch. */
export async function runAlertActions(
  s: SqlSession,
  opened: readonly OpenedAlert[],
  now: Date,
): Promise<void> {
  const hooks = new Map<string, WebhookEvent[]>(); // by seller
  const messages: AlertMessage[] = [];
  // One policy read per seller and batch: the team's addresses, and the digest's burst window.
  const policies = new Map<string, Promise<NotificationPolicy>>();
  const policyOf = (sellerId: string) => {
    if (!policies.has(sellerId)) policies.set(sellerId, loadPolicy(s, sellerId));
    return policies.get(sellerId)!;
  };
  for (const { alert, subject, rule } of opened) {
    const data = alertEventData(alert, subject);
    const context = {
      alertId: alert.id,
      alertKind: alert.kind,
      severity: alert.severity,
      status: subject.status,
      substatus: subject.substatus,
      carrier: subject.carrier,
      trackingNumber: subject.trackingNumber,
      orderNumber: subject.orderNumber,
      details: alert.details,
      at: now.toISOString(),
    };
    const message = (audience: "shopper" | "team", trigger: string, milestone: string, recipient: string) =>
      messages.push({
        seller_id: subject.sellerId,
        shipment_id: subject.shipmentId,
        order_id: subject.orderId,
        audience,
        trigger,
        milestone,
        recipient,
        locale: audience === "shopper" ? subject.locale : "en",
        time_zone: subject.timeZone,
        context,
      });
    for (const action of rule.actions) {
      if (action.type === "webhook") {
        const list = hooks.get(subject.sellerId) ?? [];
        list.push({ topic: "alert.opened", key: `alert.opened:${alert.id}`, data });
        hooks.set(subject.sellerId, list);
      } else if (action.type === "helpdesk") {
        // The helpdesk opens the ticket on the shopper's behalf, so it gets their address (webhooks do not).
        const event = {
          topic: "alert.opened" as const,
          key: `alert.opened:${alert.id}`,
          data: { ...data, customerEmail: subject.email },
        };
        // A Zendesk or Gorgias connection opens the ticket through its API (with the timeline, id kept);
        // any other helpdesk endpoint gets the preset's HTTP request.
        const viaApi = await decideHelpdeskTicket(
          s,
          subject.sellerId,
          action.endpointId,
          { id: alert.id, shipmentId: subject.shipmentId, data: event.data },
          now,
        );
        if (!viaApi) await enqueueHelpdeskRequest(s, subject.sellerId, action.endpointId, event, now);
      } else if (action.type === "notify_team") {
        const emails = action.emails ?? (await policyOf(subject.sellerId)).teamEmails;
        emails.forEach((email, i) => message("team", "alert", `alert:${alert.id}:${i}`, email));
      } else if (action.type === "notify_shopper" && subject.email && subject.orderId) {
        message("shopper", SHOPPER_TRIGGER[alert.kind], `alert:${alert.kind}:${alert.id}`, subject.email);
      }
    }
  }
  for (const [seller, events] of hooks) await enqueueWebhookEvents(s, seller, events, now);
  await insertAlertMessages(
    s,
    messages.filter((m) => m.audience === "shopper"),
    now,
  );
  await insertTeamAlertEmails(
    s,
    messages.filter((m) => m.audience === "team"),
    now,
    async (sellerId) => {
      const policy = await policyOf(sellerId);
      return { digest: policy.teamAlertDigest, burstSeconds: policy.burstWindowSeconds };
    },
  );
}
