/** Settings › Audit trail: the filter form, the entries newest first, the pager and the CSV link. */
import type { FastifyRequest } from "fastify";
import type { AuditRow, LinkableTarget } from "../../../db/repositories/audit-log.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { actionWords, describeActor, whoText, type Who } from "./audit-words.js";
import { formatTime, scrollRegion } from "./format.js";
import { settingsNav } from "./settings-nav.js";

/** The page's query: the filters as typed (empty when unset) and the cursor. */
export interface AuditQuery {
  action: string;
  who: string;
  target: string;
  from: string;
  to: string;
  before: number | null;
}

export interface AuditTrailData {
  query: AuditQuery;
  entries: AuditRow[];
  nextBefore: number | null;
  /** The distinct actions and target types in the seller's trail, for the selects. */
  actions: string[];
  targetTypes: string[];
  /** The seller's people and keys (and the fixed actors), by actor string. */
  directory: ReadonlyMap<string, Who>;
  /** "type:id" of targets that still exist, so only those are links. */
  live: ReadonlySet<string>;
  timeZone: string;
}

const TARGET_PAGES: Record<LinkableTarget, string> = {
  shipment: "/app/shipments/",
  return: "/app/returns/",
  carrier_account: "/app/settings/carriers/accounts/",
  webhook_endpoint: "/app/settings/outgoing/",
  commerce_connection: "/app/settings/shops/",
};

/** The filters as a query string (the cursor left out), for the pager and the export. */
export function filterQueryString(q: AuditQuery): string {
  const params = new URLSearchParams();
  for (const name of ["action", "who", "target", "from", "to"] as const)
    if (q[name]) params.set(name, q[name]);
  return params.toString();
}

function whoCell(who: Who): Html {
  return html`${who.label}${who.detail ? html`<br /><small class="muted">${who.detail}</small>` : ""}`;
}

function actionCell(action: string): Html {
  const words = actionWords(action);
  return words ? html`${words}<br /><code>${action}</code>` : html`<code>${action}</code>`;
}

function targetCell(e: AuditRow, d: AuditTrailData): Html {
  if (!e.targetId) return html`${e.targetType}`;
  const pageOf = TARGET_PAGES[e.targetType as LinkableTarget];
  const id = html`<code>${e.targetId}</code>`;
  // Alert rules are named by their kind, and every kind has its page.
  if (e.targetType === "alert_rule" && /^[a-z_]+$/.test(e.targetId))
    return html`alert rule <a href="/app/settings/alerts/${e.targetId}">${id}</a>`;
  return pageOf && d.live.has(`${e.targetType}:${e.targetId}`)
    ? html`${e.targetType.replace(/_/g, " ")} <a href="${pageOf}${e.targetId}">${id}</a>`
    : html`${e.targetType.replace(/_/g, " ")} ${id}`;
}

function dataCell(data: Record<string, unknown>): Html {
  if (Object.keys(data).length === 0) return html``;
  return html`<details>
    <summary>Data</summary>
    <pre>${JSON.stringify(data, null, 2)}</pre>
  </details>`;
}

function entriesTable(d: AuditTrailData): Html {
  if (d.entries.length === 0)
    return html`<p class="empty">
      ${d.query.before ? "No older entries." : "Nothing was recorded that matches these filters."}
    </p>`;
  return scrollRegion(
    "Audit trail",
    html`<table>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Target</th>
          <th scope="col">Request</th>
          <th scope="col">Data</th>
        </tr>
      </thead>
      <tbody>
        ${d.entries.map(
          (e) =>
            html`<tr>
              <td class="nowrap"><time datetime="${e.at.toISOString()}">${formatTime(e.at, d.timeZone)}</time></td>
              <td>${whoCell(describeActor(e.actor, d.directory))}</td>
              <td>${actionCell(e.action)}</td>
              <td>${targetCell(e, d)}</td>
              <td>
                ${e.requestId ? html`<code>${e.requestId}</code>` : "—"}<br /><small class="muted"
                  >${e.ip ?? ""}</small
                >
              </td>
              <td>${dataCell(e.data)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

function option(value: string, label: string, selected: string): Html {
  return html`<option value="${value}" ${value === selected ? html` selected` : ""}>${label}</option>`;
}

function filterForm(d: AuditTrailData): Html {
  const q = d.query;
  const qs = filterQueryString(q);
  // Actions are offered as their codes alone: with their words, the longest option made the form wider than a
  // phone's screen (a select is as wide as its longest option).
  const prefixes = [...new Set(d.actions.filter((a) => a.includes(".")).map((a) => `${a.split(".")[0]}.`))];
  // A person or key no longer in the directory can still be filtered on (a link, an old bookmark).
  const who = q.who && !d.directory.has(q.who) ? [[q.who, { label: q.who }] as const] : [];
  return html`<form method="get" action="/app/settings/audit" class="row">
    <div>
      <label for="audit-action">Action</label
      ><select id="audit-action" name="action">
        ${option("", "Any action", q.action)}
        <optgroup label="Every action on">
          ${prefixes.map((p) => option(p, `${p}*`, q.action))}
        </optgroup>
        <optgroup label="One action">
          ${d.actions.map((a) => option(a, a, q.action))}
        </optgroup>
      </select>
    </div>
    <div>
      <label for="audit-who">Who</label
      ><select id="audit-who" name="who">
        ${option("", "Anyone", q.who)}
        ${[...d.directory, ...who].map(([actor, w]) => option(actor, whoText(w), q.who))}
      </select>
    </div>
    <div>
      <label for="audit-target">Target type</label
      ><select id="audit-target" name="target">
        ${option("", "Any", q.target)} ${d.targetTypes.map((t) => option(t, t.replace(/_/g, " "), q.target))}
      </select>
    </div>
    <div><label for="audit-from">From</label><input id="audit-from" name="from" type="date" value="${q.from}" /></div>
    <div><label for="audit-to">To</label><input id="audit-to" name="to" type="date" value="${q.to}" /></div>
    <div><button type="submit">Show</button></div>
    <div><a class="button" href="/app/settings/audit.csv${qs ? `?${qs}` : ""}" download>Export CSV</a></div>
  </form>`;
}

function pager(d: AuditTrailData): Html {
  const qs = filterQueryString(d.query);
  const links = [
    d.query.before ? html`<a href="/app/settings/audit${qs ? `?${qs}` : ""}">Newest</a>` : "",
    d.nextBefore === null
      ? ""
      : html`<a href="/app/settings/audit?${qs ? `${qs}&` : ""}before=${String(d.nextBefore)}">Older</a>`,
  ].filter(Boolean);
  return links.length ? html`<p>${links.map((l, i) => html`${i ? " · " : ""}${l}`)}</p>` : html``;
}

export function auditTrailPage(request: FastifyRequest, d: AuditTrailData): Html {
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("audit")}
      <h2>Audit trail</h2>
      <p class="muted">
        Every change made in the dashboard or through the API, newest first. Times and dates are in your time
        zone (${d.timeZone}).
      </p>
      ${filterForm(d)} ${entriesTable(d)} ${pager(d)}`,
  });
}
