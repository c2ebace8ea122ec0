/**
 * Order detail: what a support agent needs when a shopper asks about an order rather than a parcel — the order's
 * stage, the shopper's (minimal) contact, every parcel with its status and window, the alerts and returns of
 * them all, the messages sent, the audit trail, and the shopper's own tracking page, one click away.
 */
import { parcelName } from "../../../carriers/registry.js";
import type { FastifyRequest } from "fastify";
import type { AlertRow } from "../../../db/repositories/dashboard-alerts.js";
import type { AuditRow, NotificationRow } from "../../../db/repositories/dashboard-shipment.js";
import type { OrderRecord } from "../../../db/repositories/orders.js";
import type { PredictionRecord } from "../../../db/repositories/shipment-predictions.js";
import type { ShipmentRecord } from "../../../db/repositories/shipments.js";
import type { ReturnRow } from "../../../returns/repository.js";
import { html, safeUrl, type Html } from "../html.js";
import { page } from "../layout.js";
import { age, formatTime, kindBadge, list, statusBadge } from "./format.js";
import { notificationsList } from "./notification-list.js";
import { returnsTable } from "./returns-view.js";

export interface OrderDetail {
  order: OrderRecord;
  shipments: ShipmentRecord[];
  predictions: Map<string, PredictionRecord>;
  alerts: AlertRow[];
  returns: ReturnRow[];
  notifications: NotificationRow[];
  audit: AuditRow[];
  /** A signed link to the shopper's tracking page for this order. */
  trackingLink: string;
}

/** "partially_delivered" → "Partially delivered". */
const stageText = (stage: string) => {
  const words = stage.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The window the team works with: the model's, else the carrier's estimate; delivered parcels need none. */
function windowOf(s: ShipmentRecord, p: PredictionRecord | undefined): string {
  if (s.deliveredAt) return "—";
  if (p) return p.earliest === p.latest ? p.earliest : `${p.earliest} – ${p.latest}`;
  return s.carrierEstimatedDelivery ?? "—";
}

function facts(o: OrderRecord, d: OrderDetail, tz: string): Html {
  return html`<dl class="facts">
    <dt>Stage</dt>
    <dd>${stageText(o.stage)}</dd>
    <dt>Shopper</dt>
    <dd>
      ${o.firstName ?? "—"} <span class="muted">${o.email ?? ""} ${o.phone ?? ""}</span>
      ${o.postcode ? html`<span class="muted">· ${o.postcode}</span>` : ""}
    </dd>
    <dt>Language, time zone</dt>
    <dd>${o.locale ?? "—"}, ${o.timeZone ?? "—"}</dd>
    <dt>Ordered</dt>
    <dd>${formatTime(o.orderedAt ?? o.createdAt, tz)}</dd>
    <dt>Promised by</dt>
    <dd>${formatTime(o.promisedAt, tz)}</dd>
    <dt>Shopper's page</dt>
    <dd>
      <a href="${safeUrl(d.trackingLink)}" rel="noopener" target="_blank">Open the tracking page as the shopper sees it</a>
    </dd>
  </dl>`;
}

function parcels(d: OrderDetail, tz: string): Html {
  return list(
    "Parcels",
    d.shipments,
    "No parcel yet: the order is not shipped.",
    html`<tr>
      <th>Parcel</th>
      <th>Status</th>
      <th>Window</th>
      <th>Last scan</th>
      <th>Delivered</th>
    </tr>`,
    (s) =>
      html`<tr>
        <td>
          <a href="/app/shipments/${s.id}">${parcelName(s.carrier, s.trackingNumber)}</a>
          ${s.direction === "return" ? html`<span class="badge">return</span>` : ""}
        </td>
        <td>${statusBadge(s.status, s.substatus)}</td>
        <td class="nowrap">${windowOf(s, d.predictions.get(s.id))}</td>
        <td class="nowrap">${s.lastEventAt ? `${age(s.lastEventAt)} ago` : "—"}</td>
        <td class="nowrap">${formatTime(s.deliveredAt, tz)}</td>
      </tr>`,
  );
}

function alerts(d: OrderDetail, tz: string): Html {
  return list(
    "Alerts",
    d.alerts,
    "No alert was ever opened for this order's parcels.",
    html`<tr>
      <th>Kind</th>
      <th>Parcel</th>
      <th>State</th>
      <th>Opened</th>
      <th>Assignee</th>
    </tr>`,
    (a) =>
      html`<tr>
        <td>${kindBadge(a.kind)}</td>
        <td><a href="/app/shipments/${a.shipmentId}">${parcelName(a.carrier, a.trackingNumber)}</a></td>
        <td>${a.status}</td>
        <td class="nowrap">${formatTime(a.openedAt, tz)}</td>
        <td>${a.assigneeName ?? a.assignee ?? "—"}</td>
      </tr>`,
  );
}

function auditTrail(d: OrderDetail, tz: string): Html {
  return list(
    "Audit trail",
    d.audit,
    "Nothing was changed by hand or through the API.",
    html`<tr>
      <th>At</th>
      <th>Who</th>
      <th>Action</th>
      <th>On</th>
    </tr>`,
    (a) =>
      html`<tr>
        <td class="nowrap">${formatTime(a.at, tz)}</td>
        <td>${a.actor}</td>
        <td><code>${a.action}</code></td>
        <td>${a.targetType}</td>
      </tr>`,
  );
}

export function orderPage(request: FastifyRequest, d: OrderDetail, tz: string): Html {
  return page(request, {
    title: `Order ${d.order.orderNumber}`,
    body: html`${facts(d.order, d, tz)}
      <h2>Parcels</h2>
      ${parcels(d, tz)}
      <h2>Alerts</h2>
      ${alerts(d, tz)}
      <h2>Returns</h2>
      ${returnsTable(d.returns, tz, "No return was requested for this order.")}
      <h2>Messages to the shopper</h2>
      ${notificationsList(d.notifications, tz, "No message was decided for this order.")}
      <h2>Audit trail</h2>
      ${auditTrail(d, tz)}`,
  });
}
