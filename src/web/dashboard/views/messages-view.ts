/**
 * Messages: every shopper and team message the seller's Shipwatch decided, newest first with filters, and one
 * message with the text it was sent with. Without SMTP (the demo) this is where the e-mails can be read.
 */
import { parcelName } from "../../../carriers/registry.js";
import { withoutUnsubscribeLinks } from "../../../notifications/unsubscribe-token.js";
import type { FastifyRequest } from "fastify";
import {
  NOTIFICATION_STATUSES,
  type NotificationFilters,
  type NotificationItem,
} from "../../../db/repositories/notifications.js";
import { CHANNELS } from "../../../notifications/policy.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { formatTime, scrollRegion } from "./format.js";
import { option } from "./queue-view.js";
import {
  AUDIENCE_WORDS,
  CHANNEL_WORDS,
  statusWords,
  transportWords,
  TRIGGER_WORDS,
  triggerWords,
} from "./message-words.js";

export type MessageFilters = Pick<NotificationFilters, "status" | "channel" | "trigger" | "recipient">;

export interface MessagesData {
  filters: MessageFilters;
  items: NotificationItem[];
  /** The id to pass as ?before= for older messages, when there are more. */
  olderBefore: number | null;
  /** True on an older page: offers the way back to the newest. */
  paged: boolean;
  timeZone: string;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: "queued",
  sending: "sending",
  sent: "sent",
  failed: "failed",
  suppressed: "not sent (held back)",
  collapsed: "not sent (folded into another)",
};

/** The message's order number, linked to the order's page. */
const orderLink = (m: NotificationItem) =>
  m.order_id && m.order_number ? html`<a href="/app/orders/${m.order_id}">${m.order_number}</a>` : "—";

const shipmentLink = (m: NotificationItem) =>
  html`<a href="/app/shipments/${m.shipment_id}">${parcelName(m.carrier, m.tracking_number)}</a>`;

function filterForm(f: MessageFilters): Html {
  return html`<form method="get" class="row" action="/app/messages">
    <div>
      <label for="m-status">Status</label
      ><select id="m-status" name="status">
        ${option("", "any", f.status)}${NOTIFICATION_STATUSES.map((s) => option(s, STATUS_LABELS[s]!, f.status))}
      </select>
    </div>
    <div>
      <label for="m-channel">Channel</label
      ><select id="m-channel" name="channel">
        ${option("", "any", f.channel)}${CHANNELS.map((c) => option(c, CHANNEL_WORDS[c]!, f.channel))}
      </select>
    </div>
    <div>
      <label for="m-trigger">Message</label
      ><select id="m-trigger" name="trigger">
        ${option("", "any", f.trigger)}${Object.entries(TRIGGER_WORDS).map(([t, words]) => option(t, words, f.trigger))}
      </select>
    </div>
    <div>
      <label for="m-recipient">Recipient <span class="hint">e-mail or +phone, whole or its start</span></label
      ><input id="m-recipient" name="recipient" type="search" value="${f.recipient ?? ""}" maxlength="254" autocomplete="off" />
    </div>
    <div><button type="submit" class="secondary">Filter</button></div>
  </form>`;
}

/** The query string of these filters and a cursor, for the "Older" link. */
function olderHref(f: MessageFilters, before: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, String(v));
  q.set("before", String(before));
  return `/app/messages?${q.toString()}`;
}

function messagesTable(items: readonly NotificationItem[], tz: string): Html {
  const time = (at: Date) => formatTime(at, tz);
  return scrollRegion(
    "Messages",
    html`<table>
      <thead>
        <tr><th>Decided</th><th>Sent</th><th>Message</th><th>For</th><th>Channel</th><th>Recipient</th><th>Status</th><th>Shipment</th><th>Order</th></tr>
      </thead>
      <tbody>
        ${items.map(
          (m) => html`<tr>
            <td class="nowrap">${time(new Date(m.decided_at))}</td>
            <td class="nowrap">${formatTime(m.sent_at ? new Date(m.sent_at) : null, tz)}</td>
            <td><a href="/app/messages/${m.id}">${triggerWords(m.trigger)}</a></td>
            <td>${AUDIENCE_WORDS[m.audience] ?? m.audience}</td>
            <td>${CHANNEL_WORDS[m.channel] ?? m.channel}</td>
            <td>${m.recipient ?? "—"}</td>
            <td>${statusWords(m, time)}</td>
            <td class="nowrap">${shipmentLink(m)}</td>
            <td class="nowrap">${orderLink(m)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

export function messagesPage(request: FastifyRequest, d: MessagesData): Html {
  const filtered = Object.values(d.filters).some(Boolean);
  return page(request, {
    title: "Messages",
    section: "messages",
    body: html`<p class="muted">
        Every e-mail and SMS decided for shoppers and the team, newest first. Without an SMTP server or SMS provider
        set up, messages land in the built-in outbox: open one to read what it said.
      </p>
      ${filterForm(d.filters)}
      ${
        d.items.length === 0
          ? html`<p class="empty">${filtered || d.paged ? "No message matches." : "No message was decided yet: they follow the carriers' scans."}</p>`
          : messagesTable(d.items, d.timeZone)
      }
      <p>
        ${d.paged ? html`<a href="/app/messages">Newest</a> ` : ""}
        ${d.olderBefore ? html`<a href="${olderHref(d.filters, d.olderBefore)}">Older</a>` : ""}
      </p>`,
  });
}

/** The text as sent (less its unsubscribe link), or why there is none. */
function body(m: NotificationItem): Html {
  if (m.body_text === null) {
    const later = m.status === "queued" || m.status === "sending";
    return html`<p class="empty">
      ${later ? "Not sent yet: the text is written when the message goes out." : "This message was never sent, so it has no text."}
    </p>`;
  }
  return html`${m.subject === null ? "" : html`<p><strong>Subject:</strong> ${m.subject}</p>`}
    <pre class="message">${withoutUnsubscribeLinks(m.body_text)}</pre>
    ${
      m.channel === "email"
        ? html`<p class="muted">
            This is the text version of the e-mail. Its HTML version (the same words in the shop's branded layout)
            is not shown: the dashboard's content security policy allows no frames or inline styles.
          </p>`
        : ""
    }`;
}

export function messagePage(request: FastifyRequest, m: NotificationItem, tz: string): Html {
  const time = (at: Date | null) => formatTime(at ? new Date(at) : null, tz);
  return page(request, {
    // No address in the title: it would stay in the browser's history and tabs.
    title: `Message: ${triggerWords(m.trigger)} by ${CHANNEL_WORDS[m.channel] ?? m.channel}`,
    section: "messages",
    body: html`<dl class="facts">
        <dt>Status</dt>
        <dd>${statusWords(m, (at) => formatTime(at, tz))}</dd>
        <dt>For</dt>
        <dd>${AUDIENCE_WORDS[m.audience] ?? m.audience}${m.milestone.startsWith("manual:") ? " (sent by hand)" : ""}</dd>
        <dt>To</dt>
        <dd>${m.recipient ?? "—"}${m.locale ? html` <span class="muted">(language ${m.locale})</span>` : ""}</dd>
        <dt>Decided</dt>
        <dd>${time(m.decided_at)}</dd>
        <dt>Sent</dt>
        <dd>${time(m.sent_at)}</dd>
        <dt>Sent through</dt>
        <dd>${transportWords(m.transport)}${m.provider_message_id ? html` <span class="muted">(id ${m.provider_message_id})</span>` : ""}</dd>
        <dt>Attempts</dt>
        <dd>${m.attempts}</dd>
        <dt>Last error</dt>
        <dd>${m.last_error ? html`<span class="error">${m.last_error}</span>` : "—"}</dd>
        ${
          m.collapsed_into
            ? html`<dt>Folded into</dt>
                <dd><a href="/app/messages/${m.collapsed_into}">the message that carries the news</a></dd>`
            : ""
        }
        <dt>Shipment</dt>
        <dd>${shipmentLink(m)}${m.order_number ? html` · order ${orderLink(m)}` : ""}</dd>
      </dl>
      <h2>As sent</h2>
      ${body(m)}
      <p><a href="/app/messages">All messages</a></p>`,
  });
}
