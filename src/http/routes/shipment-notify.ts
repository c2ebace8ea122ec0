/**
 * `POST /v1/shipments/{id}/notify`: message the shopper by hand — a trigger's message again or the seller's own
 * words (src/notifications/manual-send.ts). Answers 202 with the queued notification (or `suppressed` when the
 * shopper unsubscribed from that channel); the senders deliver it. Accepts an Idempotency-Key, and is audited.
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { queueManualNotification } from "../../notifications/manual-send.js";
import { CHANNELS, TRIGGERS } from "../../notifications/policy.js";
import { defineRoute } from "../route.js";
import { idParams } from "../schemas.js";

const notifyBody = z
  .object({
    /** A built-in (or the seller's) message for this trigger. */
    trigger: z.enum(TRIGGERS).optional(),
    /** Or the seller's own words; {{firstName}}, {{orderNumber}}, {{trackingLink}}… are filled in. */
    message: z
      .object({
        subject: z.string().trim().min(1).max(200).nullable().default(null),
        text: z.string().trim().min(1).max(2_000),
      })
      .strict()
      .optional(),
    /** Default: the trigger's channel in the seller's policy (e-mail for a message), else the one with an address. */
    channel: z.enum(CHANNELS).optional(),
    /** Send an SMS now, even in the shopper's quiet hours. Never overrides an unsubscribe. */
    force: z.boolean().default(false),
  })
  .strict()
  .refine((b) => Boolean(b.trigger) !== Boolean(b.message), {
    message: "give either a trigger or a message",
  });

export function shipmentNotifyRoutes(db: Database) {
  return [
    defineRoute({
      method: "POST",
      url: "/v1/shipments/:id/notify",
      tag: "notifications",
      summary: "Message the shopper now: a trigger's message or your own words (queued; answers 202)",
      scope: "write",
      params: idParams,
      body: notifyBody,
      idempotent: true,
      response: { status: 202 },
      async handler({ params, body, sellerId, request }) {
        const result = await db.session((s) =>
          queueManualNotification(s, {
            sellerId,
            shipmentId: params.id,
            ...(body.trigger ? { trigger: body.trigger } : {}),
            ...(body.message ? { message: body.message } : {}),
            ...(body.channel ? { channel: body.channel } : {}),
            force: body.force,
            actor: `api_key:${request.auth?.keyId ?? "unknown"}`,
          }),
        );
        request.audit = {
          action: "shipment.notify",
          targetType: "shipment",
          targetId: params.id,
          data: {
            notificationId: result.notificationId,
            trigger: body.trigger ?? "message",
            channel: result.channel,
            status: result.status,
            forced: body.force,
          },
        };
        return { shipmentId: params.id, ...result };
      },
    }),
  ];
}
