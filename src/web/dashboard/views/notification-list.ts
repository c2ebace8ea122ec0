/**
 * The shopper messages decided for a shipment or an order, as the shipment and order pages list them: in the
 * Messages page's words (what the message was, what became of it), each linked to its page there.
 */
import type { NotificationRow } from "../../../db/repositories/dashboard-shipment.js";
import { html, type Html } from "../html.js";
import { formatTime, list } from "./format.js";
import { CHANNEL_WORDS, statusWords, triggerWords } from "./message-words.js";

export function notificationsList(rows: readonly NotificationRow[], tz: string, empty: string): Html {
  return list(
    "Notifications",
    rows,
    empty,
    html`<tr>
      <th>Decided</th>
      <th>Message</th>
      <th>Channel</th>
      <th>To</th>
      <th>State</th>
      <th>Sent</th>
    </tr>`,
    (n) =>
      html`<tr>
        <td>${formatTime(n.decidedAt, tz)}</td>
        <td><a href="/app/messages/${n.id}">${triggerWords(n.trigger)}</a></td>
        <td>${CHANNEL_WORDS[n.channel] ?? n.channel}</td>
        <td>${n.recipient ?? "—"}</td>
        <td>${statusWords(n, (at) => formatTime(at, tz))}</td>
        <td>${formatTime(n.sentAt, tz)}</td>
      </tr>`,
  );
}
