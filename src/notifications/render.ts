/**
 * Rendering a message: the seller's template for the trigger, channel and language when it has one, else the
 * built-in wording; branded HTML and plain-text e-mail, SMS folded to GSM-7 and shortened to one segment
 * where it can be. Every variable is plain text: HTML escapes it, always (carrier descriptions, names and order
 * numbers come from outside).
 */
import { carrierName } from "../carriers/registry.js";
import { STATUS_TABLE, isReportedLost, isStatus } from "../core/status.js";
import { smsSize, foldToGsm7 } from "./gsm7.js";
import { catalog, fill, messageLocale, type MessageLocale, type NotificationCatalog } from "./i18n/index.js";
import type { DeliveryWindow } from "./window.js";
import { TRIGGERS, type Trigger } from "./policy.js";
import { emailLayout, escapeHtml } from "./email-layout.js";

export interface MessageFacts {
  trigger: string;
  locale: string | null;
  seller: { name: string; branding?: Record<string, unknown> };
  firstName: string | null;
  orderNumber: string | null;
  carrier: string;
  trackingNumber: string;
  status: string;
  substatus: string | null;
  window: DeliveryWindow | null;
  trackingLink: string;
  unsubscribeLink: string | null;
  /** An alert's kind when the message comes from an exception rule (stalled, late, lost...). */
  alertKind?: string | null;
  /**
   * Which of the order's outbound parcels this is, when the order has several: "your order has been delivered"
   * is not true of one parcel in two, so such messages name the parcel.
   */
  parcel?: ParcelFacts | null;
}

export interface ParcelFacts {
  n: number;
  count: number;
  /** The other parcels of the order this message also speaks for (they reached the milestone together). */
  with?: readonly number[];
  /** Every parcel the message speaks for, this one included, in parcel order: their tracking numbers are listed. */
  carried?: readonly { carrier: string; trackingNumber: string }[];
}

export interface CustomTemplate {
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
}

export interface RenderedMessage {
  locale: MessageLocale;
  subject: string;
  text: string;
  html: string;
  sms: string;
  smsSegments: number;
}

const isTrigger = (t: string): t is Trigger => (TRIGGERS as readonly string[]).includes(t);

function formatWindow(
  window: DeliveryWindow | null,
  locale: MessageLocale,
  c: NotificationCatalog,
): string | null {
  if (!window) return null;
  const f = new Intl.DateTimeFormat(locale, {
    weekday: "long",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });
  const day = (d: string) => f.format(new Date(`${d}T12:00:00Z`));
  return window.earliest === window.latest
    ? day(window.latest)
    : fill(c.common.windowRange, { from: day(window.earliest), to: day(window.latest) });
}

/** An alert's message names what the alert found (its problem text); a carrier exception names its sub-status. */
const ALERT_PROBLEMS: Record<string, string> = {
  stalled: "stalled",
  not_picked_up: "stalled",
  presumed_lost: "presumed_lost",
};

/** A sentence ending in the seller's name: "ordered from Demo Outdoor Co." must not end in "Co..". */
const tidySentences = (text: string) => text.replace(/(?<!\.)\.\.(?=\s|$)/g, ".");

/**
 * Messages that give no "Expected delivery" line: the parcel has arrived, waits at a pickup point or is going back
 * to the shop, so a delivery date would be wrong; a delay states its new window in its own first sentence.
 */
const NO_WINDOW_LINE: ReadonlySet<Trigger> = new Set<Trigger>([
  "delivered",
  "ready_for_pickup",
  "returned",
  "return_in_transit",
  "return_received",
  "delay",
]);

/** The variables every template can use, as plain text. */
export function templateVariables(facts: MessageFacts): Record<string, string> {
  const locale = messageLocale(facts.locale);
  const c = catalog(locale);
  const problemKey = (ALERT_PROBLEMS[facts.alertKind ?? ""] ??
    facts.substatus ??
    "unspecified") as keyof typeof c.problems;
  const actionKey = (facts.substatus ?? "default") as keyof typeof c.actions;
  const trigger = isTrigger(facts.trigger) ? facts.trigger : "exception";
  const windowText = formatWindow(facts.window, locale, c) ?? "";
  const vars: Record<string, string> = {
    seller: facts.seller.name,
    firstName: facts.firstName ?? "",
    orderNumber: facts.orderNumber ?? facts.trackingNumber,
    carrier: carrierName(facts.carrier),
    trackingNumber: facts.trackingNumber,
    status: isStatus(facts.status) ? c.statuses[facts.status] : STATUS_TABLE.in_transit.shopperLabel,
    window: windowText,
    link: facts.trackingLink,
    trackingLink: facts.trackingLink,
    unsubscribeLink: facts.unsubscribeLink ?? "",
    problem: c.problems[problemKey] ?? c.problems.unspecified,
    action: c.actions[actionKey] ?? c.actions.default,
  };
  vars.nextStep = fill(c.triggers[trigger].next, vars);
  // The names the dashboard's template form offers ({{sellerName}}, {{deliveryWindow}}, {{trackingUrl}}) are the
  // same values under the names a template author guesses first; both spellings work in stored templates.
  return {
    ...vars,
    sellerName: facts.seller.name,
    deliveryWindow: windowText,
    trackingUrl: facts.trackingLink,
  };
}

/** Fills a seller template's `{{name}}` placeholders; `escape` is applied to every value (HTML bodies). */
export function fillCustom(
  template: string,
  vars: Readonly<Record<string, string>>,
  escape = (s: string) => s,
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : escape(vars[name]),
  );
}

/** The SMS text: the first variant that fits one segment, else the shortest. */
function smsText(template: string, vars: Record<string, string>): { text: string; segments: number } {
  const variants = [template, template.replace(/^\{seller\}\s?:\s*/, ""), "{link}"].map((t) =>
    foldToGsm7(fill(t, vars)),
  );
  const sized = variants.map((text) => ({ text, segments: smsSize(text).segments }));
  return sized.find((v) => v.segments === 1) ?? sized.reduce((a, b) => (b.segments < a.segments ? b : a));
}

/** Renders one message in the shopper's language, from the seller's template or the built-in one. */
export function renderMessage(
  facts: MessageFacts,
  custom?: { email?: CustomTemplate; sms?: CustomTemplate },
): RenderedMessage {
  const locale = messageLocale(facts.locale);
  const c = catalog(locale);
  const trigger = isTrigger(facts.trigger) ? facts.trigger : "exception";
  const words = c.triggers[trigger];
  const vars = templateVariables(facts);
  const say = (template: string) => tidySentences(fill(template, vars));
  const greeting = facts.firstName ? say(c.common.greeting) : c.common.greetingAnonymous;
  const parcel = parcelWording(facts.parcel, trigger, locale, c);
  const subject = custom?.email?.subject
    ? fillCustom(custom.email.subject, vars)
    : parcel?.subject
      ? say(fill(parcel.subject, { headline: say(words.headline) }))
      : say(words.subject);
  const parcelNote = parcel?.note ?? null;
  const carried = parcel ? (facts.parcel?.carried ?? []) : [];
  const trackingLine =
    carried.length > 1
      ? fill(c.common.trackingNumbers, {
          list: carried.map((p) => `${carrierName(p.carrier)} ${p.trackingNumber}`).join(", "),
        })
      : fill(c.common.trackingNumber, vars);
  // A parcel that is (or may be) lost has no expected delivery worth repeating: the message says what happens next.
  const lost =
    facts.alertKind === "presumed_lost" || (trigger === "exception" && isReportedLost(facts.substatus));
  // A delay's body gives the new window itself; without one it only says the parcel is late.
  const windowless = trigger === "delay" && !vars.window;
  const windowLine = vars.window && !lost && !NO_WINDOW_LINE.has(trigger) ? say(c.common.window) : null;
  // Stalled and presumed-lost alerts are what Shipwatch noticed, not what the carrier reported.
  const severalBody =
    parcel && parcel.carried > 1 && Object.hasOwn(c.common.parcelsBody, trigger)
      ? c.common.parcelsBody[trigger as keyof typeof c.common.parcelsBody]
      : null;
  const body =
    trigger === "exception" && facts.alertKind && facts.alertKind in ALERT_PROBLEMS
      ? say(c.common.noticedProblem)
      : severalBody
        ? say(fill(severalBody, { count: String(parcel!.carried) }))
        : windowless
          ? say(c.common.delayNoWindow.body)
          : say(words.body);
  const nextStep =
    severalBody && Object.hasOwn(c.common.parcelsNext, trigger)
      ? say(c.common.parcelsNext[trigger as keyof typeof c.common.parcelsNext])
      : vars.nextStep!;
  const footer = say(c.common.footer);
  const lines = [
    greeting,
    "",
    body,
    ...(parcelNote ? [parcelNote] : []),
    ...(windowLine ? [windowLine] : []),
    "",
    nextStep,
    "",
    `${c.common.track}: ${facts.trackingLink}`,
    trackingLine,
    "",
    "--",
    footer,
    ...(facts.unsubscribeLink ? [`${c.common.unsubscribe}: ${facts.unsubscribeLink}`] : []),
  ];
  const text = custom?.email ? fillCustom(custom.email.bodyText, vars) : lines.join("\n");
  const html = custom?.email?.bodyHtml
    ? fillCustom(custom.email.bodyHtml, vars, escapeHtml)
    : emailLayout({
        lang: locale,
        title: subject,
        seller: facts.seller,
        headline: say(words.headline),
        greeting,
        paragraphs: [
          body,
          ...(parcelNote ? [parcelNote] : []),
          ...(windowLine ? [windowLine] : []),
          nextStep,
        ],
        order: fill(c.common.order, vars),
        trackLabel: c.common.track,
        trackingLink: facts.trackingLink,
        trackingLine,
        footer,
        unsubscribe: facts.unsubscribeLink
          ? { label: c.common.unsubscribe, url: facts.unsubscribeLink }
          : null,
      });
  const sms = custom?.sms
    ? (() => {
        const t = foldToGsm7(fillCustom(custom.sms.bodyText, vars));
        return { text: t, segments: smsSize(t).segments };
      })()
    : smsText(
        windowless ? c.common.delayNoWindow.sms : words.sms,
        // "order SW-1 (1/2) has been delivered": the parcel in a few characters.
        parcel?.short ? { ...vars, orderNumber: `${vars.orderNumber} ${parcel.short}` } : vars,
      );
  return { locale, subject, text, html, sms: sms.text, smsSegments: sms.segments };
}

/**
 * How a message names its parcels when the order comes in several: one parcel ("Parcel 1 of 2 of order …",
 * SMS "(1/2)"), some of them ("Parcels 1 and 2 of 3", "(1+2/3)"), or all of them (the order's own subject, and a
 * note that the message covers every parcel). Null for a single-parcel order and for returns.
 */
function parcelWording(
  parcel: ParcelFacts | null | undefined,
  trigger: string,
  locale: string,
  c: ReturnType<typeof catalog>,
): { subject: string | null; note: string; short: string | null; carried: number } | null {
  if (!parcel || parcel.count < 2 || trigger.startsWith("return_")) return null;
  const numbers = [...new Set([parcel.n, ...(parcel.with ?? [])])].sort((a, b) => a - b);
  const count = String(parcel.count);
  const carried = numbers.length;
  if (numbers.length >= parcel.count)
    return { subject: null, note: fill(c.common.allParcelsNote, { count }), short: null, carried };
  if (numbers.length === 1) {
    const vars = { n: String(parcel.n), count };
    return {
      subject: fill(c.common.parcelSubject, vars),
      note: fill(c.common.parcelNote, vars),
      short: `(${parcel.n}/${count})`,
      carried,
    };
  }
  const list = new Intl.ListFormat(locale, { type: "conjunction" }).format(numbers.map(String));
  return {
    subject: fill(c.common.parcelsSubject, { list, count }),
    note: fill(c.common.parcelsNote, { list, count }),
    short: `(${numbers.join("+")}/${count})`,
    carried,
  };
}

/** A seller's own words sent by hand (the "message" trigger of a manual send), `{{variables}}` filled. */
export interface FreeMessage {
  subject: string | null;
  text: string;
}

/**
 * Renders a free message in the seller's branded layout: its text as paragraphs, the tracking button, the
 * footer and unsubscribe link in the shopper's language. The SMS is the text with the tracking link added
 * unless the text already carries it.
 */
export function renderFreeMessage(facts: MessageFacts, message: FreeMessage): RenderedMessage {
  const locale = messageLocale(facts.locale);
  const c = catalog(locale);
  const vars = templateVariables(facts);
  const body = fillCustom(message.text, vars).trim();
  const subject = message.subject
    ? fillCustom(message.subject, vars)
    : `${vars.seller}: ${fill(c.common.order, vars)}`;
  const greeting = facts.firstName ? fill(c.common.greeting, vars) : c.common.greetingAnonymous;
  const paragraphs = body.split(/\n\s*\n/).map((p) => p.trim());
  const footer = tidySentences(fill(c.common.footer, vars));
  const text = [
    greeting,
    "",
    body,
    "",
    `${c.common.track}: ${facts.trackingLink}`,
    fill(c.common.trackingNumber, vars),
    "",
    "--",
    footer,
    ...(facts.unsubscribeLink ? [`${c.common.unsubscribe}: ${facts.unsubscribeLink}`] : []),
  ].join("\n");
  const html = emailLayout({
    lang: locale,
    title: subject,
    seller: facts.seller,
    headline: subject,
    greeting,
    paragraphs,
    order: fill(c.common.order, vars),
    trackLabel: c.common.track,
    trackingLink: facts.trackingLink,
    trackingLine: fill(c.common.trackingNumber, vars),
    footer,
    unsubscribe: facts.unsubscribeLink ? { label: c.common.unsubscribe, url: facts.unsubscribeLink } : null,
  });
  const sms = foldToGsm7(body.includes(facts.trackingLink) ? body : `${body} ${facts.trackingLink}`);
  return { locale, subject, text, html, sms, smsSegments: smsSize(sms).segments };
}
