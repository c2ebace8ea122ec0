/**
 * Returns in the dashboard: the list (filter by status), one return with its items, reason, return parcel and
 * the moves its status allows, and the compact tables the shipment page shows (its order's returns, the
 * helpdesk tickets of its alerts).
 */
import { parcelName } from "../../../carriers/registry.js";
import type { FastifyRequest } from "fastify";
import { RETURN_STATUSES, RETURN_TRANSITIONS, type ReturnStatus } from "../../../returns/lifecycle.js";
import type { ReturnRow } from "../../../returns/repository.js";
import { html, safeUrl, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { allows } from "../roles.js";
import { formatTime, scrollRegion, statusBadge } from "./format.js";

const MOVE_LABELS: Partial<Record<ReturnStatus, string>> = {
  approved: "Approve",
  rejected: "Reject",
  received: "Mark received",
  refunded: "Mark refunded",
  closed: "Close",
};

/** A return's status as the team reads it; "requested" is the one waiting for them. */
const STATUS_WORDS: Record<ReturnStatus, string> = {
  requested: "Requested: to approve or reject",
  approved: "Approved",
  in_transit: "On its way back",
  received: "Received: to refund",
  refunded: "Refunded",
  closed: "Closed",
  rejected: "Rejected",
};
const statusWords = (status: string) => STATUS_WORDS[status as ReturnStatus] ?? status;

const orderLink = (r: ReturnRow) => html`<a href="/app/orders/${r.order_id}">${r.order_number}</a>`;

const items = (r: ReturnRow) =>
  r.items.map((i) => `${i.quantity} × ${i.name}${i.sku ? ` (${i.sku})` : ""}`).join(", ");

const SOURCE_LABELS: Record<string, string> = {
  api: "API",
  tracking_page: "tracking page",
  dashboard: "dashboard",
};

/** "wrong_size" → "Wrong size". */
const reasonLabel = (code: string) => {
  const words = code.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A return label not scanned yet is "pending", whose shopper label ("Order confirmed") means nothing here. */
const returnParcelBadge = (status: string | null) =>
  status === "pending" ? html`<span class="badge pending">Not scanned yet</span>` : statusBadge(status);

/** A table of returns (the list page and the shipment page). */
export function returnsTable(rows: readonly ReturnRow[], tz: string, empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return scrollRegion(
    "Returns",
    html`<table>
    <thead>
      <tr><th>Requested</th><th>Order</th><th>Status</th><th>Items</th><th>Reason</th><th>Return parcel</th></tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) => html`<tr>
          <td class="nowrap"><a href="/app/returns/${r.id}">${formatTime(new Date(r.requested_at), tz)}</a></td>
          <td class="nowrap">${orderLink(r)}</td>
          <td>${statusWords(r.status)}</td>
          <td>${items(r)}</td>
          <td>${reasonLabel(r.reason_code)}${r.reason_text ? html` <span class="muted">“${r.reason_text}”</span>` : ""}</td>
          <td>
            ${
              r.return_shipment_id
                ? html`<a href="/app/shipments/${r.return_shipment_id}">${parcelName(r.carrier, r.tracking_number)}</a>
                  ${returnParcelBadge(r.shipment_status)}`
                : "—"
            }
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`,
  );
}

/** The returns list page. */
export function returnsListPage(
  request: FastifyRequest,
  rows: readonly ReturnRow[],
  status: string,
  tz: string,
): Html {
  const filter = html`<form method="get" action="/app/returns" class="filters">
    <label for="status">Status</label>
    <select id="status" name="status">
      <option value="">Any</option>
      ${RETURN_STATUSES.map((s) =>
        s === status
          ? html`<option value="${s}" selected>${statusWords(s)}</option>`
          : html`<option value="${s}">${statusWords(s)}</option>`,
      )}
    </select>
    <button type="submit">Filter</button>
  </form>`;
  return page(request, {
    title: "Returns",
    section: "returns",
    body: html`${filter}${returnsTable(rows, tz, "No return matches.")}`,
  });
}

/** One return, with the actions its status allows. */
export function returnPage(request: FastifyRequest, r: ReturnRow, tz: string): Html {
  const canAct = allows(request.dashboard!.session!.role, "act");
  const moves = RETURN_TRANSITIONS[r.status].filter((s) => MOVE_LABELS[s]);
  const actions = canAct
    ? html`${
        moves.length
          ? html`<form method="post" action="/app/returns/${r.id}/status" class="stack">
            ${csrfField(request)}
            <label for="note">Note (the reason for a rejection, a refund reference…)</label>
            <input id="note" name="note" maxlength="2000" />
            <div>
              ${moves.map(
                (
                  to,
                ) => html`<button type="submit" name="to" value="${to}" class="${to === "rejected" ? "secondary" : ""}">
                  ${MOVE_LABELS[to]}
                </button>`,
              )}
            </div>
          </form>`
          : ""
      }
      ${
        !r.return_shipment_id && (r.status === "requested" || r.status === "approved")
          ? html`<h2>Attach the return tracking number</h2>
            <form method="post" action="/app/returns/${r.id}/tracking" class="stack">
              ${csrfField(request)}
              <label for="tracking">Tracking number</label>
              <input id="tracking" name="trackingNumber" required maxlength="64" autocomplete="off" />
              <label for="carrier">Carrier (detected when left empty)</label>
              <input id="carrier" name="carrier" maxlength="40" />
              <button type="submit">Attach and track</button>
            </form>`
          : ""
      }`
    : "";
  return page(request, {
    title: `Return for order ${r.order_number}`,
    section: "returns",
    body: html`<dl class="facts">
        <dt>Order</dt>
        <dd>${orderLink(r)}</dd>
        <dt>Status</dt>
        <dd>${statusWords(r.status)}${r.decision_note ? html` <span class="muted">— ${r.decision_note}</span>` : ""}</dd>
        <dt>Items</dt>
        <dd>${items(r)}</dd>
        <dt>Reason</dt>
        <dd>${reasonLabel(r.reason_code)}${r.reason_text ? html`<blockquote>${r.reason_text}</blockquote>` : ""}</dd>
        <dt>Requested</dt>
        <dd>${formatTime(new Date(r.requested_at), tz)} from the ${SOURCE_LABELS[r.source] ?? r.source}</dd>
        <dt>Return parcel</dt>
        <dd>
          ${
            r.return_shipment_id
              ? html`<a href="/app/shipments/${r.return_shipment_id}">${parcelName(r.carrier, r.tracking_number)}</a>
                ${returnParcelBadge(r.shipment_status)}`
              : "none yet"
          }
        </dd>
        <dt>Received</dt>
        <dd>${formatTime(r.received_at ? new Date(r.received_at) : null, tz)}</dd>
      </dl>
      ${actions}`,
  });
}

export interface TicketRow {
  alert_id: string;
  provider: string;
  status: string;
  ticket_id: string | null;
  ticket_url: string | null;
  last_error: string | null;
  attempts: number;
}

/** The helpdesk tickets of a shipment's alerts. */
export function ticketsTable(rows: readonly TicketRow[]): Html {
  if (rows.length === 0) return html`<p class="empty">No helpdesk ticket was opened for this shipment.</p>`;
  return html`<table>
    <thead>
      <tr><th>Helpdesk</th><th>Ticket</th><th>State</th><th>Attempts</th></tr>
    </thead>
    <tbody>
      ${rows.map(
        (t) => html`<tr>
          <td>${t.provider}</td>
          <td>${t.ticket_url ? html`<a href="${safeUrl(t.ticket_url)}" rel="noopener">#${t.ticket_id}</a>` : "—"}</td>
          <td>${t.status}${t.last_error ? html` <span class="error">${t.last_error}</span>` : ""}</td>
          <td>${t.attempts}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
