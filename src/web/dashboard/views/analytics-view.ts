/** The analytics screen: period and dimension pickers, trend and distribution charts, the figures table. */
import { carrierName } from "../../../carriers/registry.js";
import type { FastifyRequest } from "fastify";
import { DIMENSIONS, DIMENSION_LABELS, type Dimension } from "../../../analytics/dimensions.js";
import type { AnalyticsReport, Figures } from "../../../analytics/queries.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { allows } from "../roles.js";
import { barChart, lineChart } from "./charts.js";
import { formatTime, minutesSpan } from "./format.js";

// Non-breaking spaces keep a figure and its unit on one line in the narrow columns.
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}\u00a0%`);
const num = (v: number | null, unit: string) => (v === null ? "—" : `${v}\u00a0${unit}`);
const span = (minutes: number | null) => (minutes === null ? "—" : minutesSpan(minutes));

/**
 * A group's name as people read it: carriers by name ("DHL Express", and "DHL Express · Ground" by service), not
 * by id. The CSV export keeps the ids, which scripts join on.
 */
function groupLabel(dimension: AnalyticsReport["dimension"], value: string): string {
  if (dimension === "carrier") return carrierName(value);
  if (dimension === "service") {
    const [carrier, ...service] = value.split(" · ");
    return [carrierName(carrier!), ...service].join(" · ");
  }
  return value;
}

function figuresTable(report: AnalyticsReport): Html {
  if (report.groups.length === 0)
    return html`<p class="empty">
      No shipment was registered in this period (or the roll-ups have not run yet).
    </p>`;
  const kinds = [...new Set(report.groups.flatMap((g) => Object.keys(g.exceptionRates)))].sort();
  const row = (g: Figures) =>
    html`<tr>
      <th scope="row">${groupLabel(report.dimension, g.value)}</th>
      <td class="num">${g.shipments}</td>
      <td class="num">${pct(g.onTimeRate)}</td>
      <td class="num">${num(g.transitP50Hours, "h")} / ${num(g.transitP90Hours, "h")}</td>
      <td class="num">${num(g.orderToShipP50Hours, "h")} / ${num(g.orderToShipP90Hours, "h")}</td>
      <td class="num">${pct(g.failedAttemptRate)}</td>
      <td class="num">${pct(g.lostRate)}</td>
      <td class="num">${pct(g.coverage)}</td>
      <td class="num">${span(g.freshnessP50Minutes)} / ${span(g.freshnessP90Minutes)}</td>
      <td class="num">${g.messagesPerShipment === null ? "—" : g.messagesPerShipment.toFixed(2)}</td>
      <td class="num">${g.ratings ? `${g.meanRating!.toFixed(2)} (${g.ratings})` : "—"}</td>
      ${report.dimension === "all" ? html`<td class="num">${g.pageViews}</td>` : ""}
      ${kinds.map((k) => html`<td class="num">${pct(g.exceptionRates[k] ?? 0)}</td>`)}
    </tr>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Figures by ${DIMENSION_LABELS[report.dimension].toLowerCase()}">
    <table>
      <thead>
        <tr>
          <th>${DIMENSION_LABELS[report.dimension]}</th>
          <th class="num">Shipments</th>
          <th class="num">On time</th>
          <th class="num">Transit p50 / p90</th>
          <th class="num">Order→ship p50 / p90</th>
          <th class="num">Failed attempt</th>
          <th class="num">Lost</th>
          <th class="num">Coverage</th>
          <th class="num">Freshness p50 / p90</th>
          <th class="num">Messages / shipment</th>
          <th class="num">Rating</th>
          ${report.dimension === "all" ? html`<th class="num">Page views</th>` : ""}
          ${kinds.map((k) => html`<th class="num">${k.replace(/_/g, " ")}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${report.groups.map(row)}
      </tbody>
    </table>
  </div>`;
}

function charts(report: AnalyticsReport, overall: AnalyticsReport): Html {
  const all = overall.groups[0];
  const promised = overall.daily.some((d) => d.onTimeRate !== null);
  const noPromise = html`<section class="card">
    <h2>On-time rate</h2>
    <p class="empty">
      No delivered order had a promised date in this period, so there is no on-time rate to show.
    </p>
  </section>`;
  const trend = !promised
    ? noPromise
    : overall.daily.length
      ? html`<section class="card">
          <h2>On-time rate per day</h2>
          ${lineChart(
            "On-time rate per day",
            overall.daily.map((d) => ({ label: d.day, value: d.onTimeRate })),
            1,
            (v) => `${Math.round(v * 100)} %`,
          )}
        </section>`
      : "";
  const transit =
    all && Object.keys(all.transitHistogram).length
      ? html`<section class="card">
          <h2>Transit time distribution (days)</h2>
          ${barChart("Shipments by transit days", toDays(all.transitHistogram), (v) => String(Math.round(v)))}
        </section>`
      : "";
  const byGroup =
    promised && report.dimension !== "all" && report.groups.length
      ? html`<section class="card">
          <h2>On-time rate by ${DIMENSION_LABELS[report.dimension].toLowerCase()}</h2>
          ${barChart(
            "On-time rate by group",
            report.groups
              .slice(0, 20)
              .map((g) => ({ label: groupLabel(report.dimension, g.value), value: g.onTimeRate ?? 0 })),
            (v) => `${Math.round(v * 100)} %`,
          )}
        </section>`
      : "";
  return html`<div class="cards">${trend}${transit}${byGroup}</div>`;
}

function toDays(h: Record<string, number>): { label: string; value: number }[] {
  const days = new Map<number, number>();
  for (const [hours, n] of Object.entries(h))
    days.set(Math.floor(Number(hours) / 24), (days.get(Math.floor(Number(hours) / 24)) ?? 0) + n);
  const max = Math.min(30, Math.max(...days.keys()));
  return Array.from({ length: max + 1 }, (_, d) => ({ label: `${d} d`, value: days.get(d) ?? 0 }));
}

export function analyticsPage(
  request: FastifyRequest,
  o: { report: AnalyticsReport; overall: AnalyticsReport; lastRollup: Date | null; timeZone: string },
): Html {
  const { report } = o;
  const qs = `dimension=${report.dimension}&from=${report.period.from}&to=${report.period.to}`;
  const canRollUp = allows(request.dashboard!.session!.role, "configure");
  return page(request, {
    title: "Analytics",
    section: "analytics",
    body: html`<form method="get" action="/app/analytics" class="row">
        <div>
          <label for="a-dim">Group by</label
          ><select id="a-dim" name="dimension">
            ${DIMENSIONS.map((d: Dimension) => html`<option value="${d}" ${d === report.dimension ? html` selected` : ""}>${DIMENSION_LABELS[d]}</option>`)}
          </select>
        </div>
        <div>
          <label for="a-from">From</label
          ><input id="a-from" name="from" type="date" value="${report.period.from}" />
        </div>
        <div>
          <label for="a-to">To</label><input id="a-to" name="to" type="date" value="${report.period.to}" />
        </div>
        <div><button type="submit">Show</button></div>
        <div><a class="button" href="/app/analytics.csv?${qs}" download>Export CSV</a></div>
      </form>
      <p class="muted">
        Shipments registered in the period, in your time zone (${o.timeZone}). Figures come from daily
        roll-ups, last computed ${o.lastRollup ? formatTime(o.lastRollup, o.timeZone) : "never"}.
      </p>
      ${canRollUp ? html`<form method="post" action="/app/analytics/rollup">${csrfField(request)}<input type="hidden" name="back" value="/app/analytics?${qs}" /><button type="submit" class="secondary">Recompute the last 45 days now</button></form>` : ""}
      ${charts(report, o.overall)}
      <h2>Figures</h2>
      ${figuresTable(report)}`,
  });
}
