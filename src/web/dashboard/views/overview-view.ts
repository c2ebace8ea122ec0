/** The overview: what moved today, what is still travelling, open alerts by kind and age, late and at risk. */
import { parcelName } from "../../../carriers/registry.js";
import type { FastifyRequest } from "fastify";
import type { AlertAgeRow, PromiseRow, StatusCount } from "../../../db/repositories/dashboard-overview.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { age, formatTime, kindBadge, scrollRegion, statusBadge } from "./format.js";

export interface OverviewData {
  movedToday: StatusCount[];
  active: StatusCount[];
  alerts: AlertAgeRow[];
  late: PromiseRow[];
  atRisk: PromiseRow[];
  timeZone: string;
}

function statusTable(rows: StatusCount[], empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const total = rows.reduce((n, r) => n + r.count, 0);
  return html`<p class="big">${total}</p>
    <table>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>${statusBadge(r.status)}</td>
              <td class="num">${r.count}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function alertTable(rows: AlertAgeRow[]): Html {
  if (rows.length === 0) return html`<p class="empty">No open alerts.</p>`;
  const cell = (kind: string, n: number, minAge: number) =>
    n
      ? html`<a href="/app/exceptions?kind=${kind}&minAge=${minAge}">${n}</a>`
      : html`<span class="muted">0</span>`;
  return scrollRegion(
    "Open alerts by kind and age",
    html`<table>
    <thead>
      <tr>
        <th>Kind</th>
        <th class="num">&lt; 1 d</th>
        <th class="num">1–3 d</th>
        <th class="num">3–7 d</th>
        <th class="num">&gt; 7 d</th>
        <th class="num">All</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <td>${kindBadge(r.kind)}</td>
            <td class="num">${cell(r.kind, r.under1d, 0)}</td>
            <td class="num">${cell(r.kind, r.d1to3, 24)}</td>
            <td class="num">${cell(r.kind, r.d3to7, 72)}</td>
            <td class="num">${cell(r.kind, r.over7d, 168)}</td>
            <td class="num"><a href="/app/exceptions?kind=${r.kind}">${r.total}</a></td>
          </tr>`,
      )}
    </tbody>
  </table>`,
  );
}

function promiseTable(rows: PromiseRow[], tz: string, empty: string, label: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return scrollRegion(
    label,
    html`<table>
    <thead>
      <tr>
        <th>Order</th>
        <th>Promised</th>
        <th>Shipment</th>
        <th>Status</th>
        <th>Last scan</th>
        <th>Carrier estimate</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <td><a href="/app/orders/${r.orderId}">${r.orderNumber}</a> <span class="muted">${r.firstName ?? ""}</span></td>
            <td>${formatTime(r.promisedAt, tz)}</td>
            <td>
              ${r.shipmentId ? html`<a href="/app/shipments/${r.shipmentId}">${parcelName(r.carrier, r.trackingNumber)}</a>` : "—"}
            </td>
            <td>${statusBadge(r.status)}</td>
            <td>${age(r.lastEventAt)} ago</td>
            <td>${r.carrierEstimatedDelivery ?? "—"}</td>
          </tr>`,
      )}
    </tbody>
  </table>`,
  );
}

export function overviewPage(request: FastifyRequest, d: OverviewData): Html {
  return page(request, {
    title: "Overview",
    section: "overview",
    body: html`<div class="cards">
        <section class="card">
          <h2>Moved today</h2>
          ${statusTable(d.movedToday, "No shipment changed status today yet.")}
        </section>
        <section class="card">
          <h2>On their way</h2>
          ${statusTable(d.active, "Nothing is travelling right now.")}
        </section>
      </div>
      <section>
        <h2>Open alerts by kind and age</h2>
        ${alertTable(d.alerts)}
      </section>
      <section>
        <h2>Late (promise passed)</h2>
        ${promiseTable(d.late, d.timeZone, "No order is past its promised date.", "Orders past their promised date")}
      </section>
      <section>
        <h2>At risk (promise within 48 h)</h2>
        ${promiseTable(d.atRisk, d.timeZone, "No order looks at risk.", "Orders at risk")}
      </section>`,
  });
}
