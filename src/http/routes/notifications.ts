/**
 * /v1 notification routes: the messages decided and sent (the built-in outbox the dashboard shows), the
 * seller's policy, templates per trigger/channel/language with a preview, shopper preferences; the outgoing
 * webhook endpoints are in outgoing-webhooks.ts.
 */
import { z } from "zod";
import { normalizeEmail, normalizePhone } from "../../core/contact.js";
import type { Database } from "../../db/client.js";
import { listNotifications, NOTIFICATION_STATUSES } from "../../db/repositories/notifications.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import { smsSize } from "../../notifications/gsm7.js";
import { MESSAGE_LOCALES } from "../../notifications/i18n/index.js";
import { CHANNELS, TRIGGERS, policySchema, resolvePolicy } from "../../notifications/policy.js";
import { renderMessage, type MessageFacts } from "../../notifications/render.js";
import { fail, notFound } from "../errors.js";
import { withoutUnsubscribeLinks } from "../../notifications/unsubscribe-token.js";
import { defineRoute } from "../route.js";
import { outgoingWebhookRoutes } from "./outgoing-webhooks.js";
import { listLimit } from "../schemas.js";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const locale = z.enum(MESSAGE_LOCALES);
const templateParams = z.object({ trigger: z.enum(TRIGGERS), channel: z.enum(CHANNELS), locale });
const templateBody = z
  .object({
    subject: z.string().max(300).nullable().optional(),
    bodyText: z.string().min(1).max(20_000),
    bodyHtml: z.string().max(100_000).nullable().optional(),
  })
  .strict();

export function notificationRoutes(db: Database, options: { allowPrivateTargets: boolean }) {
  return [
    defineRoute({
      method: "GET",
      url: "/v1/notifications",
      tag: "notifications",
      summary: "Messages decided for shoppers and the team, newest first (the built-in outbox)",
      scope: "read",
      query: z.object({
        status: z.enum(NOTIFICATION_STATUSES).optional(),
        shipmentId: z.uuid().optional(),
        channel: z.enum(CHANNELS).optional(),
        /** What made the message: a shopper trigger, or the team's `alert`, `return_requested`, `message`. */
        trigger: z
          .string()
          .regex(/^[a-z_]{1,40}$/, "a trigger name such as delivered or alert")
          .optional(),
        /** An e-mail address or phone number, whole or its start, as the dashboard's Messages page takes it. */
        recipient: z.string().trim().min(1).max(254).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: listLimit,
      }),
      async handler({ query, sellerId }) {
        const page = await listNotifications(db, sellerId, query);
        // The items stay what this route always answered, plus the message a collapsed one folded into; the
        // dashboard's other columns are left out. A read key must not be one click from unsubscribing a shopper:
        // the text shows where the link was, not the link.
        const items = page.items.map(
          ({
            carrier: _carrier,
            tracking_number: _trackingNumber,
            order_number: _orderNumber,
            provider_message_id: _providerMessageId,
            body_text,
            ...item
          }) => ({ ...item, body_text: body_text === null ? null : withoutUnsubscribeLinks(body_text) }),
        );
        return { items, nextBefore: page.nextBefore };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/notification-policy",
      tag: "notifications",
      summary: "The notification policy in effect (defaults merged with the seller's settings)",
      scope: "read",
      async handler({ sellerId }) {
        const [row] = await db.query<{ policy: unknown }>(
          "SELECT policy FROM notification_settings WHERE seller_id = $1",
          [sellerId],
        );
        return resolvePolicy(row?.policy);
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/v1/notification-policy",
      tag: "notifications",
      summary:
        "Set the channel per trigger, quiet hours, per-shipment cap, burst window, sender and team addresses",
      scope: "admin",
      body: policySchema,
      async handler({ body, sellerId, request }) {
        await db.query(
          `INSERT INTO notification_settings (seller_id, policy, updated_at) VALUES ($1, $2::jsonb, now())
           ON CONFLICT (seller_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
          [sellerId, JSON.stringify(body)],
        );
        request.audit = { action: "notification_policy.update", targetType: "seller", targetId: sellerId };
        return resolvePolicy(body);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/notification-templates",
      tag: "notifications",
      summary: "The seller's own templates (the built-in wording applies where there is none)",
      scope: "read",
      async handler({ sellerId }) {
        const rows = await db.query<{
          trigger: string;
          channel: string;
          locale: string;
          subject: string | null;
          body_text: string;
          body_html: string | null;
          updated_at: Date;
        }>(
          "SELECT trigger, channel, locale, subject, body_text, body_html, updated_at FROM notification_templates WHERE seller_id = $1 ORDER BY trigger, channel, locale",
          [sellerId],
        );
        return {
          items: rows.map((r) => ({
            trigger: r.trigger,
            channel: r.channel,
            locale: r.locale,
            subject: r.subject,
            bodyText: r.body_text,
            bodyHtml: r.body_html,
            updatedAt: iso(r.updated_at),
          })),
          variables: [
            "firstName",
            "orderNumber",
            "status",
            "window",
            "trackingLink",
            "nextStep",
            "seller",
            "carrier",
            "trackingNumber",
            "problem",
            "unsubscribeLink",
          ],
        };
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/v1/notification-templates/:trigger/:channel/:locale",
      tag: "notifications",
      summary: "Set a template; {{variable}} placeholders, HTML-escaped in bodyHtml",
      scope: "admin",
      params: templateParams,
      body: templateBody,
      async handler({ params, body, sellerId, request }) {
        if (params.channel === "email" && !body.subject)
          fail("SW_ERR_VALIDATION", "body.subject: an e-mail template needs a subject");
        await db.query(
          `INSERT INTO notification_templates (seller_id, trigger, channel, locale, subject, body_text, body_html, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now())
           ON CONFLICT (seller_id, trigger, channel, locale) DO UPDATE SET subject = EXCLUDED.subject,
             body_text = EXCLUDED.body_text, body_html = EXCLUDED.body_html, updated_at = now()`,
          [
            sellerId,
            params.trigger,
            params.channel,
            params.locale,
            body.subject ?? null,
            body.bodyText,
            body.bodyHtml ?? null,
          ],
        );
        request.audit = {
          action: "notification_template.update",
          targetType: "notification_template",
          targetId: `${params.trigger}/${params.channel}/${params.locale}`,
        };
        return { ...params, ...body };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/notification-templates/:trigger/:channel/:locale",
      tag: "notifications",
      summary: "Remove a template (back to the built-in wording)",
      scope: "admin",
      params: templateParams,
      response: { status: 204 },
      async handler({ params, sellerId, request }) {
        const rows = await db.query(
          "DELETE FROM notification_templates WHERE seller_id = $1 AND trigger = $2 AND channel = $3 AND locale = $4 RETURNING trigger",
          [sellerId, params.trigger, params.channel, params.locale],
        );
        if (rows.length === 0) notFound("template");
        request.audit = {
          action: "notification_template.delete",
          targetType: "notification_template",
          targetId: `${params.trigger}/${params.channel}/${params.locale}`,
        };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/notification-templates/preview",
      tag: "notifications",
      summary: "Render a message (built-in or a draft template) with sample data or a real shipment",
      scope: "read",
      body: z
        .object({
          trigger: z.enum(TRIGGERS),
          locale: locale.default("en"),
          shipmentId: z.uuid().optional(),
          substatus: z.string().max(64).optional(),
          email: templateBody.extend({ bodyText: z.string().max(20_000).default("") }).optional(),
          sms: z
            .object({ bodyText: z.string().min(1).max(2_000) })
            .strict()
            .optional(),
        })
        .strict(),
      async handler({ body, sellerId }) {
        const seller = await findSellerById(db.orm, sellerId);
        if (!seller) notFound("seller");
        const facts = await previewFacts(db, sellerId, body);
        const rendered = renderMessage(
          { ...facts, seller: { name: seller.name, branding: seller.branding } },
          {
            ...(body.email
              ? {
                  email: {
                    subject: body.email.subject ?? null,
                    bodyText: body.email.bodyText,
                    bodyHtml: body.email.bodyHtml ?? null,
                  },
                }
              : {}),
            ...(body.sms ? { sms: { subject: null, bodyText: body.sms.bodyText, bodyHtml: null } } : {}),
          },
        );
        return { ...rendered, sms: { text: rendered.sms, ...smsSize(rendered.sms) } };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/notification-preferences",
      tag: "notifications",
      summary: "A shopper's preferences with this seller (by e-mail address or phone number)",
      scope: "read",
      query: z.object({ address: z.string().trim().min(3).max(254) }),
      async handler({ query, sellerId }) {
        const rows = await db.query<{
          channel: string;
          unsubscribed_at: Date | null;
          muted_triggers: string[];
          source: string | null;
        }>(
          "SELECT channel, unsubscribed_at, muted_triggers, source FROM notification_preferences WHERE seller_id = $1 AND address IN ($2, $3)",
          [sellerId, normalizeEmail(query.address), normalizePhone(query.address)],
        );
        return {
          address: query.address,
          channels: rows.map((r) => ({
            channel: r.channel,
            unsubscribedAt: iso(r.unsubscribed_at),
            mutedTriggers: r.muted_triggers,
            source: r.source,
          })),
        };
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/v1/notification-preferences",
      tag: "notifications",
      summary:
        "Record a shopper's choice (unsubscribe, resubscribe, mute triggers), e.g. asked through support",
      scope: "write",
      body: z
        .object({
          address: z.string().trim().min(3).max(254),
          channel: z.enum(CHANNELS),
          unsubscribed: z.boolean(),
          mutedTriggers: z.array(z.enum(TRIGGERS)).max(TRIGGERS.length).default([]),
        })
        .strict(),
      async handler({ body, sellerId, request }) {
        const address =
          body.channel === "email" ? normalizeEmail(body.address) : normalizePhone(body.address);
        await db.query(
          `INSERT INTO notification_preferences (seller_id, channel, address, unsubscribed_at, muted_triggers, source, updated_at)
           VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END, $5, 'api', now())
           ON CONFLICT (seller_id, channel, address) DO UPDATE SET unsubscribed_at = CASE WHEN $4 THEN COALESCE(notification_preferences.unsubscribed_at, now()) END,
             muted_triggers = EXCLUDED.muted_triggers, source = 'api', updated_at = now()`,
          [sellerId, body.channel, address, body.unsubscribed, body.mutedTriggers],
        );
        request.audit = {
          action: "notification_preference.update",
          targetType: "notification_preference",
          targetId: body.channel,
          data: { unsubscribed: body.unsubscribed },
        };
        return {
          address,
          channel: body.channel,
          unsubscribed: body.unsubscribed,
          mutedTriggers: body.mutedTriggers,
        };
      },
    }),
    ...outgoingWebhookRoutes(db, options),
  ];
}

async function previewFacts(
  db: Database,
  sellerId: string,
  body: { trigger: string; locale: string; shipmentId?: string | undefined; substatus?: string | undefined },
): Promise<Omit<MessageFacts, "seller">> {
  const sample = {
    trigger: body.trigger,
    locale: body.locale,
    firstName: "Alex",
    orderNumber: "#1001",
    carrier: "ups",
    trackingNumber: "1Z999AA10123456784",
    status: "in_transit",
    substatus: body.substatus ?? null,
    window: {
      earliest: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      latest: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
      source: "carrier" as const,
    },
    trackingLink: "https://example.com/track/your-shop/s/SAMPLE",
    unsubscribeLink: "https://example.com/unsubscribe/SAMPLE",
  };
  if (!body.shipmentId) return sample;
  const [row] = await db.query<{
    carrier: string;
    tracking_number: string;
    status: string;
    substatus: string | null;
    first_name: string | null;
    order_number: string | null;
  }>(
    `SELECT s.carrier, s.tracking_number, s.status, s.substatus, o.first_name, o.order_number
     FROM shipments s LEFT JOIN orders o ON o.id = s.order_id WHERE s.id = $1 AND s.seller_id = $2`,
    [body.shipmentId, sellerId],
  );
  if (!row) notFound("shipment");
  return {
    ...sample,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    status: row.status,
    substatus: body.substatus ?? row.substatus,
    firstName: row.first_name,
    orderNumber: row.order_number,
  };
}
