/** The shopper messages decided for a shipment or an order, as the shipment and order pages list them. */
import type { NotificationRow } from "../../../db/repositories/dashboard-shipment.js";
import { html, type Html } from "../html.js";
import { formatTime, list } from "./format.js";

export function notificationsList(rows: readonly NotificationRow[], tz: string, empty: string): Html {
  return list(
    "Notifications",
    rows,
    empty,
    html`<tr>
      <th>Decided</th>
      <th>Trigger</th>
      <th>Channel</th>
      <th>To</th>
      <th>State</th>
      <th>Sent</th>
    </tr>`,
    (n) =>
      html`<tr>
        <td>${formatTime(n.decidedAt, tz)}</td>
        <td><a href="/app/messages/${n.id}">${n.trigger}</a></td>
        <td>${n.channel}</td>
        <td>${n.recipient ?? "—"}</td>
        <td>${n.status}${n.reason ? ` (${n.reason})` : ""}</td>
        <td>${formatTime(n.sentAt, tz)}</td>
      </tr>`,
  );
}
