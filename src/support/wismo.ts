/**
 * The "where is my order" reply helper: from an inbound message, find the order (find-order.ts) and draft a
 * reply in the order's language with each parcel's status in plain words, its delivery window or delivery date,
 * what happens next (the tracking page's own sentences) and a signed tracking link; several matching orders
 * draft a question asking which one, none a request for the order number. The agent edits and sends it.
 */
import { carrierName } from "../carriers/registry.js";
import { normalizeEmail } from "../core/contact.js";
import { STATUS_TABLE, isReportedLost, isStatus } from "../core/status.js";
import { withoutCancelledBesideLive } from "../core/order-stage.js";
import { localDate, windowFromDay } from "../core/time.js";
import type { Database } from "../db/client.js";
import { catalog, fill, messageLocale, type MessageLocale } from "../notifications/i18n/index.js";
import { deliveryWindow } from "../notifications/window.js";
import { hasMessage, translator, type Language } from "../web/i18n/index.js";
import { createTrackingLink } from "../web/tracking/links.js";
import { findOrdersForMessage, type MatchedBy } from "./find-order.js";
import { WISMO_TEXT } from "./wismo-i18n.js";

export interface InboundMessage {
  subject: string;
  body: string;
  fromEmail: string | null;
  /** The agent's choice of language when no order tells it. */
  locale?: string | null;
}

export interface WismoDraft {
  outcome: "found" | "ambiguous" | "not_found";
  matchedBy: MatchedBy | null;
  locale: MessageLocale;
  order: { id: string; orderNumber: string; stage: string; trackingLink: string } | null;
  /**
   * Whether the sender's address is the found order's: false when a message names someone else's order (the agent
   * should check who is asking before sending its details), null when there is no sender or no order address.
   */
  senderIsCustomer: boolean | null;
  candidates: { id: string; orderNumber: string; stage: string; createdAt: string }[];
  subject: string;
  reply: string;
}

interface OrderRow {
  id: string;
  order_number: string;
  stage: string;
  first_name: string | null;
  locale: string | null;
  email: string | null;
  time_zone: string | null;
  promised_at: Date | null;
  created_at: Date;
}

interface ShipmentRow {
  direction: string;
  carrier: string;
  tracking_number: string;
  status: string;
  substatus: string | null;
  delivered_at: Date | null;
  carrier_estimated_delivery: string | null;
  /** The ETA model's current window (shipment_predictions), as the tracking page shows it. */
  predicted_earliest: string | null;
  predicted_latest: string | null;
}

const day = (d: Date | string, locale: MessageLocale) =>
  new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(typeof d === "string" ? `${d}T12:00:00Z` : d),
  );

/** The tracking page's next-step sentence for a status (its sub-status's when it has one). */
function nextStep(lang: Language, status: string, substatus: string | null, seller: string): string {
  const t = translator(lang);
  const specific = `status.${status}.${substatus ?? ""}.next`;
  const key = substatus && hasMessage(specific) ? specific : `status.${status}.next`;
  return hasMessage(key) ? t(key, { seller }) : "";
}

/** Drafts the reply to an inbound message for one seller. */
export async function draftWismoReply(
  db: Database,
  seller: { id: string; slug: string; name: string },
  message: InboundMessage,
  publicUrl: string,
): Promise<WismoDraft> {
  const found = await findOrdersForMessage(db, seller.id, message);
  const orders = found.orderIds.length
    ? await db.query<OrderRow>(
        `SELECT id, order_number, stage, first_name, locale, email, time_zone, promised_at, created_at FROM orders
         WHERE seller_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at DESC`,
        [seller.id, found.orderIds],
      )
    : [];
  const agreed = new Set(orders.map((o) => messageLocale(o.locale)));
  const locale =
    orders.length === 1 || agreed.size === 1
      ? messageLocale(orders[0]!.locale)
      : messageLocale(message.locale ?? null);
  const c = catalog(locale);
  const w = WISMO_TEXT[locale];
  const subject = message.subject.trim() ? `Re: ${message.subject.trim().replace(/^re:\s*/i, "")}` : "Re:";
  const candidates = orders.map((o) => ({
    id: o.id,
    orderNumber: o.order_number,
    stage: o.stage,
    createdAt: new Date(o.created_at).toISOString(),
  }));
  const greeting = (first: string | null) =>
    first ? fill(c.common.greeting, { firstName: first }) : c.common.greetingAnonymous;
  const signoff = fill(w.signoff, { seller: seller.name });
  if (orders.length !== 1) {
    const body =
      orders.length === 0
        ? w.notFound
        : fill(w.ambiguous, { orders: orders.map((o) => o.order_number).join(", ") });
    return {
      outcome: orders.length === 0 ? "not_found" : "ambiguous",
      matchedBy: found.matchedBy,
      locale,
      order: null,
      senderIsCustomer: null,
      candidates,
      subject,
      reply: [c.common.greetingAnonymous, "", body, "", signoff].join("\n"),
    };
  }
  const order = orders[0]!;
  const all = await db.query<ShipmentRow>(
    `SELECT s.direction, s.carrier, s.tracking_number, s.status, s.substatus, s.delivered_at, s.carrier_estimated_delivery,
       p.earliest::text AS predicted_earliest, p.latest::text AS predicted_latest
     FROM shipments s LEFT JOIN shipment_predictions p ON p.shipment_id = s.id
     WHERE s.seller_id = $1 AND s.order_id = $2 AND s.direction = 'outbound' ORDER BY s.created_at, s.id`,
    [seller.id, order.id],
  );
  const shipments = withoutCancelledBesideLive(all);
  const link = await createTrackingLink(db, {
    baseUrl: publicUrl,
    sellerSlug: seller.slug,
    sellerId: seller.id,
    scope: "order",
    targetId: order.id,
    lang: locale === "en" ? null : locale,
  });
  const lines: string[] = [
    greeting(order.first_name),
    "",
    fill(w.intro, { orderNumber: order.order_number }),
    "",
  ];
  if (shipments.length === 0) lines.push(w.notShipped, "");
  shipments.forEach((s, i) => {
    const status = isStatus(s.status) ? s.status : "pending";
    const label = c.statuses[status] ?? STATUS_TABLE[status].shopperLabel;
    const vars = {
      n: String(i + 1),
      count: String(shipments.length),
      carrier: carrierName(s.carrier),
      trackingNumber: s.tracking_number,
      status: label,
    };
    lines.push(fill(shipments.length > 1 ? w.parcelNumbered : w.parcel, vars));
    if (s.delivered_at && status === "delivered")
      lines.push(fill(w.delivered, { date: day(s.delivered_at, locale) }));
    else if (!STATUS_TABLE[status].terminal && !isReportedLost(s.substatus)) {
      // The window the tracking link shows: the prediction first, then the carrier's estimate, then the promise.
      const predicted = deliveryWindow({
        predicted:
          s.predicted_earliest && s.predicted_latest
            ? { earliest: s.predicted_earliest, latest: s.predicted_latest }
            : null,
        carrierEstimate: s.carrier_estimated_delivery,
        promisedAt: order.promised_at,
      });
      const today = localDate(new Date(), order.time_zone);
      const window = predicted && windowFromDay(predicted, today);
      if (window && window.latest < today) lines.push(fill(w.late, { date: day(window.latest, locale) }));
      else if (window) {
        const text =
          window.earliest === window.latest
            ? day(window.latest, locale)
            : fill(c.common.windowRange, {
                from: day(window.earliest, locale),
                to: day(window.latest, locale),
              });
        lines.push(fill(c.common.window, { window: text }));
      }
    }
    const next = nextStep(locale, status, s.substatus, seller.name);
    if (next) lines.push(next);
    lines.push("");
  });
  lines.push(`${c.common.track}: ${link.url}`, "", signoff);
  return {
    outcome: "found",
    matchedBy: found.matchedBy,
    locale,
    order: { id: order.id, orderNumber: order.order_number, stage: order.stage, trackingLink: link.url },
    senderIsCustomer:
      message.fromEmail && order.email ? normalizeEmail(message.fromEmail) === order.email : null,
    candidates,
    subject,
    reply: lines.join("\n"),
  };
}
