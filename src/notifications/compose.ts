/**
 * Turning a claimed notification row into the message a channel sends: signed tracking link, unsubscribe link
 * and headers, the seller's template or the built-in one, the team's alert e-mail.
 */
import { localDate, windowFromDay } from "../core/time.js";
import type { Database } from "../db/client.js";
import { createTrackingLink } from "../web/tracking/links.js";
import type { EmailMessage } from "./channel.js";
import type { NotificationPolicy } from "./policy.js";
import {
  renderFreeMessage,
  renderMessage,
  type CustomTemplate,
  type FreeMessage,
  type MessageFacts,
  type ParcelFacts,
  type RenderedMessage,
} from "./render.js";
import { renderTeamReturn } from "../returns/team-email.js";
import { gatheredAlerts, renderTeamAlert, renderTeamDigest } from "./team-alert-email.js";
import { signUnsubscribeToken, unsubscribeSecret, unsubscribeUrl } from "./unsubscribe-token.js";
import type { DeliveryWindow } from "./window.js";

/** A notification row as the sender claims it, with its seller and order. */
export interface ClaimedNotification {
  id: number;
  seller_id: string;
  shipment_id: string;
  order_id: string | null;
  audience: "shopper" | "team";
  trigger: string;
  milestone: string;
  channel: "email" | "sms";
  recipient: string;
  locale: string | null;
  time_zone: string | null;
  context: Record<string, unknown>;
  attempts: number;
  seller_name: string;
  seller_slug: string;
  branding: Record<string, unknown>;
  first_name: string | null;
}

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
  email: EmailMessage;
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

/** "Name" <address> with the name stripped of characters that could break the header. */
function mailbox(name: string, address: string): string {
  const clean = name
    .replace(/["\\\r\n<>]/g, "")
    .trim()
    .slice(0, 100);
  return clean ? `"${clean}" <${address}>` : address;
}

/**
 * Which of its order's outbound parcels a shipment is (in the order they were registered; a cancelled parcel is
 * not one the shopper waits for, so it is not counted), of how many, and which
 * other parcels this message also speaks for: those whose message for the same milestone folded into it
 * (order-parcels.ts), with the windows those messages would have given.
 */
async function parcelOfOrder(
  db: Database,
  orderId: string,
  shipmentId: string,
  notificationId: number,
): Promise<(ParcelFacts & { carriedWindows: (DeliveryWindow | null)[] }) | null> {
  const rows = await db.query<{
    id: string;
    carrier: string;
    tracking_number: string;
    carried: boolean;
    window: DeliveryWindow | null;
  }>(
    `SELECT s.id, s.carrier, s.tracking_number, c.id IS NOT NULL AS carried, c.window
     FROM shipments s
     LEFT JOIN LATERAL (SELECT n.id, n.context->'window' AS window FROM notifications n
       WHERE n.shipment_id = s.id AND n.collapsed_into = $2 AND n.reason = 'order' LIMIT 1) c ON true
     WHERE s.order_id = $1 AND s.direction = 'outbound' AND s.status <> 'cancelled'
     ORDER BY s.created_at, s.id`,
    [orderId, notificationId],
  );
  const n = rows.findIndex((r) => r.id === shipmentId) + 1;
  if (n === 0) return null;
  // This parcel and those whose message folded into this one, numbered as the order lists them.
  const spoken = rows
    .map((r, i) => ({ ...r, number: i + 1 }))
    .filter((r) => r.carried || r.id === shipmentId);
  const others = spoken.filter((r) => r.id !== shipmentId);
  return {
    n,
    count: rows.length,
    with: others.map((r) => r.number),
    carried: spoken.map((r) => ({ carrier: r.carrier, trackingNumber: r.tracking_number })),
    carriedWindows: others.map((r) => r.window),
  };
}

/**
 * The window as the shopper reads it on the day the message goes out, in their time zone, as the tracking page
 * shows it: days already past are dropped from its start, and a window wholly past is not given at all (a
 * message held by quiet hours, or about a parcel already late, must not promise a day that has gone).
 */
function asReadToday(window: DeliveryWindow | null, timeZone: string | null): DeliveryWindow | null {
  if (!window) return null;
  const today = localDate(new Date(), timeZone);
  return window.latest < today ? null : windowFromDay(window, today);
}

/**
 * The window a message speaking for several parcels gives: from the earliest parcel's first day to the latest
 * parcel's last, so it holds for every one of them ("your order arrives by …").
 */
function spanOf(
  own: DeliveryWindow | null,
  others: readonly (DeliveryWindow | null)[],
): DeliveryWindow | null {
  const all = [own, ...others].filter((w): w is DeliveryWindow => !!w?.earliest && !!w.latest);
  if (all.length === 0) return null;
  const earliest = all.map((w) => w.earliest).reduce((a, b) => (b < a ? b : a));
  const latest = all.map((w) => w.latest).reduce((a, b) => (b > a ? b : a));
  return { ...(own ?? all[0]!), earliest, latest };
}

/** Builds the message for one row. */
export async function composeMessage(
  db: Database,
  n: ClaimedNotification,
  options: {
    publicUrl: string;
    mailFrom: string;
    policy: NotificationPolicy;
    templates: { email?: CustomTemplate; sms?: CustomTemplate };
  },
): Promise<ComposedMessage> {
  const messageId = `<notification-${n.id}@${new URL(options.publicUrl).hostname || "shipwatch"}>`;
  const from = mailbox(
    options.policy.fromName ?? n.seller_name,
    options.policy.fromEmail ?? options.mailFrom,
  );
  const ctx = n.context;
  const trackingLink = (
    await createTrackingLink(db, {
      baseUrl: options.publicUrl,
      sellerSlug: n.seller_slug,
      sellerId: n.seller_id,
      scope: n.order_id ? "order" : "shipment",
      targetId: n.order_id ?? n.shipment_id,
      // English is the page's default: leaving it out keeps SMS links short.
      lang: n.locale && !/^en\b/i.test(n.locale) ? n.locale : null,
    })
  ).url;
  if (n.audience === "team") {
    const gathered = n.trigger === "alert" ? await gatheredAlerts(db, n.id) : [];
    const rendered = n.trigger.startsWith("return_")
      ? renderTeamReturn(n.seller_name, n.trigger, n.context, options.publicUrl)
      : gathered.length > 0
        ? renderTeamDigest(
            n.seller_name,
            [{ shipmentId: n.shipment_id, context: n.context }, ...gathered],
            options.publicUrl,
          )
        : renderTeamAlert(n, trackingLink, options.publicUrl);
    return {
      ...rendered,
      sms: rendered.subject,
      email: {
        from,
        to: n.recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: {},
      },
    };
  }
  const unsubscribeLink = unsubscribeUrl(
    options.publicUrl,
    signUnsubscribeToken(await unsubscribeSecret(db), n.id),
  );
  const parcel = n.order_id ? await parcelOfOrder(db, n.order_id, n.shipment_id, n.id) : null;
  const ownWindow = (ctx.window as DeliveryWindow | null) ?? null;
  const facts: MessageFacts = {
    parcel,
    trigger: n.trigger,
    locale: n.locale,
    seller: { name: n.seller_name, branding: n.branding },
    firstName: n.first_name,
    orderNumber: str(ctx.orderNumber),
    carrier: str(ctx.carrier) ?? "",
    trackingNumber: str(ctx.trackingNumber) ?? "",
    status: str(ctx.status) ?? "in_transit",
    substatus: str(ctx.substatus),
    window: asReadToday(
      parcel?.carriedWindows.length ? spanOf(ownWindow, parcel.carriedWindows) : ownWindow,
      n.time_zone,
    ),
    trackingLink,
    unsubscribeLink,
    alertKind: str(ctx.alertKind),
  };
  // A manual send's own words (POST /v1/shipments/:id/notify with a message) travel in the row's context.
  const free = ctx.message as FreeMessage | undefined;
  const rendered: RenderedMessage =
    n.trigger === "message" && free?.text
      ? renderFreeMessage(facts, free)
      : renderMessage(facts, options.templates);
  return {
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    sms: rendered.sms,
    email: {
      from,
      to: n.recipient,
      replyTo: options.policy.replyTo,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      headers: {
        // RFC 8058 one-click unsubscribe: mail clients show an "Unsubscribe" button that POSTs to the URL.
        "List-Unsubscribe": `<${unsubscribeLink}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
      },
    },
  };
}
