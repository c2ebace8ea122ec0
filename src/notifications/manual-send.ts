/**
 * Sending a shopper a message by hand (the API's POST /v1/shipments/:id/notify, the dashboard's "Notify
 * shopper"): a trigger's message again (e.g. "delayed") or the seller's own words, by the channel asked for or
 * the trigger's. It becomes a notification row like any other — the senders deliver it, the delivery log shows
 * it — with a milestone of its own (`manual:<uuid>`), so it is never collapsed into an automatic one nor
 * counted toward the per-shipment cap. An unsubscribed shopper is never messaged, not even when forced; SMS
 * wait for the end of the shopper's quiet hours unless the seller forces them.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "../core/errors.js";
import type { SqlSession } from "../db/client.js";
import { channelsFor, loadPolicy, type Channel, type Trigger } from "./policy.js";
import { quietHoursEnd } from "./quiet-hours.js";
import type { FreeMessage } from "./render.js";
import { deliveryWindow } from "./window.js";

export interface ManualSendRequest {
  sellerId: string;
  shipmentId: string;
  /** A trigger's message, or `message` for the seller's own words. */
  trigger?: Trigger;
  message?: FreeMessage;
  channel?: Channel;
  /** Send an SMS now even in the shopper's quiet hours. */
  force?: boolean;
  /** Who asked (user:…, api_key:…), kept on the row. */
  actor: string;
  now?: Date;
}

export interface ManualSendResult {
  notificationId: number;
  channel: Channel;
  recipient: string;
  status: "queued" | "suppressed";
  reason: string | null;
  sendAfter: string;
}

interface Target {
  order_id: string | null;
  carrier: string;
  tracking_number: string;
  status: string;
  substatus: string | null;
  carrier_estimated_delivery: string | null;
  order_number: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  time_zone: string | null;
  promised_at: Date | null;
  unsubscribed_email: boolean;
  unsubscribed_sms: boolean;
}

/** Queues one manual message in the caller's transaction; throws AppError when it cannot be sent at all. */
export async function queueManualNotification(
  s: SqlSession,
  request: ManualSendRequest,
): Promise<ManualSendResult> {
  const now = request.now ?? new Date();
  if (!request.trigger === !request.message)
    throw new AppError("SW_ERR_VALIDATION", "body: give either a trigger or a message, not both");
  const [target] = await s.query<Target>(
    `SELECT s.order_id, s.carrier, s.tracking_number, s.status, s.substatus, s.carrier_estimated_delivery,
       o.order_number, o.email, o.phone, o.locale, o.time_zone, o.promised_at,
       EXISTS (SELECT 1 FROM notification_preferences p WHERE p.seller_id = s.seller_id AND p.channel = 'email'
         AND p.address = o.email AND p.unsubscribed_at IS NOT NULL) AS unsubscribed_email,
       EXISTS (SELECT 1 FROM notification_preferences p WHERE p.seller_id = s.seller_id AND p.channel = 'sms'
         AND p.address = o.phone AND p.unsubscribed_at IS NOT NULL) AS unsubscribed_sms
     FROM shipments s LEFT JOIN orders o ON o.id = s.order_id WHERE s.id = $1 AND s.seller_id = $2`,
    [request.shipmentId, request.sellerId],
  );
  if (!target) throw new AppError("SW_ERR_NOT_FOUND", "shipment not found");
  const policy = await loadPolicy(s, request.sellerId);
  const address = (ch: Channel) => (ch === "email" ? target.email : target.phone);
  const preferred: readonly Channel[] = request.channel
    ? [request.channel]
    : request.trigger
      ? [...channelsFor(policy, request.trigger, target.substatus), "email", "sms"]
      : ["email", "sms"];
  const channel = preferred.find((ch) => address(ch));
  if (!channel) {
    throw new AppError(
      "SW_ERR_VALIDATION",
      request.channel
        ? `The order has no ${request.channel === "email" ? "e-mail address" : "phone number"} to send to.`
        : "The shipment has no order with an e-mail address or phone number to send to.",
    );
  }
  const recipient = address(channel)!;
  const unsubscribed = channel === "email" ? target.unsubscribed_email : target.unsubscribed_sms;
  let sendAfter = now;
  if (channel === "sms" && !request.force) {
    const release = quietHoursEnd(now, target.time_zone ?? policy.defaultTimeZone, policy.quietHours);
    if (release) sendAfter = release;
  }
  const status = unsubscribed ? "suppressed" : "queued";
  const reason = unsubscribed ? "unsubscribed" : null;
  const context = {
    status: target.status,
    substatus: target.substatus,
    at: now.toISOString(),
    carrier: target.carrier,
    trackingNumber: target.tracking_number,
    orderNumber: target.order_number,
    window: deliveryWindow({
      carrierEstimate: target.carrier_estimated_delivery,
      promisedAt: target.promised_at,
    }),
    manual: true,
    requestedBy: request.actor,
    forced: request.force === true,
    ...(request.message ? { message: request.message } : {}),
  };
  const [row] = await s.query<{ id: number }>(
    `INSERT INTO notifications (seller_id, shipment_id, order_id, audience, trigger, milestone, channel, recipient,
       locale, time_zone, context, status, reason, decided_at, send_after)
     VALUES ($1, $2, $3, 'shopper', $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14) RETURNING id`,
    [
      request.sellerId,
      request.shipmentId,
      target.order_id,
      request.trigger ?? "message",
      `manual:${randomUUID()}`,
      channel,
      recipient,
      target.locale,
      target.time_zone,
      JSON.stringify(context),
      status,
      reason,
      now.toISOString(),
      sendAfter.toISOString(),
    ],
  );
  return {
    notificationId: row!.id,
    channel,
    recipient,
    status,
    reason,
    sendAfter: sendAfter.toISOString(),
  };
}
