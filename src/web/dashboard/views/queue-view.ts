/** The exception queue: filters, the alert list with per-row and bulk actions. */
import { carrierName, parcelName } from "../../../carriers/registry.js";
import type { FastifyRequest } from "fastify";
import type { AlertFilters, QueueAlertRow } from "../../../db/repositories/dashboard-alerts.js";
import type { UserRecord } from "../../../db/repositories/users.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { allows } from "../roles.js";
import { age, formatTime, kindBadge, scrollRegion, statusBadge } from "./format.js";

export interface QueueData {
  filters: AlertFilters;
  alerts: QueueAlertRow[];
  /** How many alerts match the filters (the list shows the first 200). */
  total: number;
  kinds: string[];
  carriers: string[];
  team: UserRecord[];
  timeZone: string;
  /** The query string of the current filters, to come back to after an action. */
  back: string;
}

const AGES = [
  ["", "any age"],
  ["4", "over 4 h"],
  ["24", "over 1 day"],
  ["72", "over 3 days"],
  ["168", "over 7 days"],
] as const;
const STATES = ["active", "open", "acknowledged", "resolved"] as const;
const SORTS = [
  ["urgent", "SLA due soonest"],
  ["oldest", "oldest first"],
  ["newest", "newest first"],
] as const;

export function option(value: string, label: string, current: string | undefined): Html {
  return html`<option value="${value}" ${value === (current ?? "") ? html` selected` : ""}>${label}</option>`;
}

function filterForm(d: QueueData, me: string): Html {
  const f = d.filters;
  const who = (u: UserRecord) => (u.name ? `${u.name} (${u.email})` : u.email);
  return html`<form method="get" class="row" action="/app/exceptions">
    <div>
      <label for="f-kind">Kind</label
      ><select id="f-kind" name="kind" data-autosubmit>
        ${option("", "all kinds", f.kind)}${d.kinds.map((k) => option(k, k.replace(/_/g, " "), f.kind))}
      </select>
    </div>
    <div>
      <label for="f-carrier">Carrier</label
      ><select id="f-carrier" name="carrier" data-autosubmit>
        ${option("", "all carriers", f.carrier)}${d.carriers.map((c) => option(c, carrierName(c), f.carrier))}
      </select>
    </div>
    <div>
      <label for="f-age">Age</label
      ><select id="f-age" name="minAge" data-autosubmit>
        ${AGES.map(([v, l]) => option(v, l, f.minAgeHours ? String(f.minAgeHours) : ""))}
      </select>
    </div>
    <div>
      <label for="f-assignee">Assignee</label
      ><select id="f-assignee" name="assignee" data-autosubmit>
        ${option("", "anyone", f.assignee)}${option(me, "me", f.assignee)}${option("none", "unassigned", f.assignee)}${d.team.map((u) => option(`user:${u.id}`, who(u), f.assignee))}
      </select>
    </div>
    <div>
      <label for="f-state">State</label
      ><select id="f-state" name="state" data-autosubmit>
        ${STATES.map((s) => option(s, s, f.state ?? "active"))}
      </select>
    </div>
    ${
      f.state === "resolved"
        ? ""
        : html`<div>
          <label for="f-sort">Sort</label
          ><select id="f-sort" name="sort" data-autosubmit>
            ${SORTS.map(([v, l]) => option(v, l, f.sort ?? "urgent"))}
          </select>
        </div>`
    }
    <div><button type="submit" class="secondary">Filter</button></div>
  </form>`;
}

function assigneeName(value: string | null, team: Map<string, UserRecord>): string {
  if (!value) return "—";
  const user = team.get(value);
  return user ? user.name || user.email : value;
}

/** When the alert's SLA runs out; marked overdue once it has while the alert is still open or acknowledged. */
function slaDue(a: QueueAlertRow, timeZone: string, now: number): Html | string {
  if (!a.slaDueAt) return "—";
  const when = formatTime(a.slaDueAt, timeZone);
  return a.status !== "resolved" && a.slaDueAt.getTime() < now
    ? html`<span class="badge overdue">overdue</span> ${when}`
    : when;
}

/** "32 alerts, SLA due soonest." or "Showing the first 200 of 1,240 alerts, …; narrow them with the filters." */
function summary(d: QueueData): string {
  const f = d.filters;
  const order =
    f.state === "resolved" ? "latest resolved first" : SORTS.find(([v]) => v === (f.sort ?? "urgent"))![1];
  const count = (n: number) => n.toLocaleString("en-US");
  return d.total > d.alerts.length
    ? `Showing the first ${count(d.alerts.length)} of ${count(d.total)} alerts, ${order}; narrow them with the filters.`
    : `${count(d.total)} alert${d.total === 1 ? "" : "s"}, ${order}.`;
}

export function queuePage(request: FastifyRequest, d: QueueData): Html {
  const now = Date.now();
  const session = request.dashboard!.session!;
  const canAct = allows(session.role, "act");
  const team = new Map(d.team.map((u) => [`user:${u.id}`, u]));
  const rows = d.alerts.map(
    (a) =>
      html`<tr>
        ${canAct ? html`<td><input type="checkbox" name="alert" value="${a.id}" aria-label="Select ${a.trackingNumber}" /></td>` : ""}
        <td>
          ${kindBadge(a.kind)} <span class="muted">${a.severity}</span>
          ${a.alsoOpen.length ? html`<div class="muted">also ${a.alsoOpen.map((k) => k.replace(/_/g, " ")).join(", ")}</div>` : ""}
        </td>
        <td>
          <a href="/app/shipments/${a.shipmentId}">${parcelName(a.carrier, a.trackingNumber)}</a>
          <div class="muted">
            ${a.orderId ? html`<a href="/app/orders/${a.orderId}">${a.orderNumber}</a>` : ""} ${a.firstName ?? ""}
          </div>
        </td>
        <td>${statusBadge(a.shipmentStatus)}</td>
        <td class="nowrap" title="${formatTime(a.openedAt, d.timeZone)}">${age(a.openedAt)}</td>
        <td class="nowrap">${slaDue(a, d.timeZone, now)}</td>
        <td>${a.status}</td>
        <td>${assigneeName(a.assignee, team)}</td>
        ${canAct ? html`<td class="nowrap">${a.status === "open" ? html`<button name="action" value="acknowledge|${a.id}" class="secondary">Acknowledge</button> ` : ""}${a.assignee !== `user:${session.userId}` && a.status !== "resolved" ? html`<button name="action" value="assign_me|${a.id}" class="secondary">Take</button> ` : ""}${a.status !== "resolved" ? html`<button name="action" value="resolve|${a.id}">Resolve</button>` : ""}</td>` : ""}
      </tr>`,
  );
  const table =
    d.alerts.length === 0
      ? html`<p class="empty">No alert matches these filters.</p>`
      : scrollRegion(
          "Alerts",
          html`<table>
          <thead>
            <tr>
              ${canAct ? html`<th><input type="checkbox" data-select-all="alert" aria-label="Select all" /></th>` : ""}
              <th>Kind</th>
              <th>Shipment</th>
              <th>Status</th>
              <th>Age</th>
              <th>SLA due</th>
              <th>State</th>
              <th>Assignee</th>
              ${canAct ? html`<th>Actions</th>` : ""}
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`,
        );
  const bulk = canAct
    ? html`<div class="bulk row">
        <strong>Selected:</strong>
        <button name="action" value="acknowledge" class="secondary">Acknowledge</button>
        <label class="visually-hidden" for="bulk-assignee">Assign to</label
        ><select id="bulk-assignee" name="assignee">
          ${option("", "unassigned", undefined)}${d.team.filter((u) => allows(u.role, "act")).map((u) => option(`user:${u.id}`, u.name || u.email, `user:${session.userId}`))}
        </select>
        <button name="action" value="assign" class="secondary">Assign</button>
        <button name="action" value="refresh" class="secondary">Refresh from carrier</button>
        <button name="action" value="resolve" data-confirm="Resolve the selected alerts?">Resolve</button>
        <button
          name="action"
          value="notify"
          class="secondary"
          data-confirm="Send each selected shipment's shopper the message for its alert (a delay, or a problem)?"
        >
          Notify shopper
        </button>
      </div>`
    : "";
  return page(request, {
    title: "Exceptions",
    section: "exceptions",
    body: html`${filterForm(d, `user:${session.userId}`)}
      <form method="post" action="/app/exceptions/actions" data-bulk>
        ${csrfField(request)}<input type="hidden" name="back" value="${d.back}" />
        <p class="muted">${summary(d)}</p>
        ${table}${d.alerts.length ? bulk : ""}
      </form>`,
  });
}
