/**
 * Shipment detail: state, timeline of normalized events each beside the raw payload it came from and the
 * mapping used, estimate history, notifications, alerts, outbox, audit trail, and "refresh from carrier".
 */
import type { FastifyRequest } from "fastify";
import { carrierName, getCarrier, parcelName } from "../../../carriers/registry.js";
import type { AlertRow } from "../../../db/repositories/dashboard-alerts.js";
import type {
  AuditRow,
  EstimateChange,
  NotificationRow,
  OutboxRow,
  PollStateRow,
  RawPayloadRow,
} from "../../../db/repositories/dashboard-shipment.js";
import type { OrderRecord } from "../../../db/repositories/orders.js";
import type {
  PredictionHistoryRecord,
  PredictionRecord,
} from "../../../db/repositories/shipment-predictions.js";
import type { EventRecord, ShipmentRecord } from "../../../db/repositories/shipments.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { allows } from "../roles.js";
import { explainMapping, readableBody } from "./event-mapping.js";
import { age, formatTime, kindBadge, list, statusBadge } from "./format.js";
import { notificationsList } from "./notification-list.js";
import { TRIGGERS } from "../../../notifications/policy.js";
import type { ReturnRow } from "../../../returns/repository.js";
import { returnsTable, ticketsTable, type TicketRow } from "./returns-view.js";

export interface ShipmentDetail {
  shipment: ShipmentRecord;
  order: OrderRecord | undefined;
  events: EventRecord[];
  payloads: RawPayloadRow[];
  estimates: EstimateChange[];
  notifications: NotificationRow[];
  alerts: AlertRow[];
  outbox: OutboxRow[];
  audit: AuditRow[];
  pollState: PollStateRow | undefined;
  /** The ETA model's current window and every window before it (none: the seller has no model yet). */
  prediction?: PredictionRecord | undefined;
  predictionHistory?: PredictionHistoryRecord[];
  returns?: ReturnRow[];
  tickets?: TicketRow[];
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const range = (earliest: string, latest: string) =>
  earliest === latest ? earliest : `${earliest} – ${latest}`;

function predictionFact(p: PredictionRecord | undefined): Html {
  if (!p) return html`<span class="muted">no model yet (carrier estimate or promise)</span>`;
  return html`${range(p.earliest, p.latest)} (${pct(p.coverage)} window) · most likely ${p.mostLikely} ·
    promise ${p.promise} · confidence ${pct(p.confidence)}
    <span class="muted">${p.stage}, model v${p.modelVersion}</span>`;
}

const place = (e: EventRecord) =>
  e.locationText ?? [e.locationCity, e.locationRegion, e.locationCountry].filter(Boolean).join(", ");

function eventRow(e: EventRecord, tz: string, payloads: Map<number, RawPayloadRow>, showRaw: boolean): Html {
  const mapping = explainMapping(e.source, e.code, e.unmapped);
  const payload = e.rawPayloadId ? payloads.get(e.rawPayloadId) : undefined;
  return html`<li>
    <div class="pair">
      <div>
        <strong>${formatTime(e.occurredAt, tz)}</strong> ${statusBadge(e.status, e.substatus)}
        <div>${e.description}</div>
        <div class="muted">
          ${place(e)}${e.localTime ? ` · local ${e.localTime}${e.utcOffset ?? ""}` : ""}${e.zoneGuessed ? " · zone guessed" : ""}
        </div>
        <div class="muted">
          received ${formatTime(e.receivedAt, tz)} (${age(e.occurredAt, e.receivedAt.getTime())} after the
          scan)
        </div>
      </div>
      <div>
        <div>
          From
          <code>${e.source}</code
          >${e.rawPayloadId ? html`, payload <a href="#payload-${e.rawPayloadId}">#${e.rawPayloadId}</a>` : " (payload no longer kept)"}${payload ? ` · ${payload.parseStatus}` : ""}
        </div>
        <div>
          Code
          <code>${e.code ?? "—"}</code>${mapping.carrierMeaning ? html` = “${mapping.carrierMeaning}”` : ""}
        </div>
        <div class="muted">${mapping.adapter}: ${mapping.note}</div>
        ${
          payload && showRaw
            ? html`<details>
                <summary>Raw payload</summary>
                <pre>${readableBody(payload.body, payload.contentType, 4000)}</pre>
              </details>`
            : ""
        }
      </div>
    </div>
  </li>`;
}

function facts(d: ShipmentDetail, tz: string): Html {
  const s = d.shipment;
  return html`<dl class="facts">
    <dt>Status</dt>
    <dd>${statusBadge(s.status, s.substatus)} since ${formatTime(s.statusChangedAt, tz)}</dd>
    <dt>Carrier</dt>
    <dd>${carrierName(s.carrier)} · ${s.trackingNumber}${s.service ? ` · ${s.service}` : ""} (${s.direction})</dd>
    <dt>Order</dt>
    <dd>
      ${d.order ? html`<a href="/app/orders/${d.order.id}">${d.order.orderNumber}</a> · ${d.order.firstName ?? ""} <span class="muted">${d.order.email ?? ""} ${d.order.phone ?? ""}</span>` : "—"}
    </dd>
    <dt>Route</dt>
    <dd>
      ${[s.originCity, s.originCountry].filter(Boolean).join(", ") || "—"} →
      ${[s.destinationCity, s.destinationCountry].filter(Boolean).join(", ") || "—"}
    </dd>
    <dt>Promised</dt>
    <dd>${formatTime(d.order?.promisedAt, tz)}</dd>
    <dt>Predicted window</dt>
    <dd>${predictionFact(d.prediction)}</dd>
    <dt>Carrier estimate</dt>
    <dd>${s.carrierEstimatedDelivery ?? "—"}</dd>
    <dt>Shipped</dt>
    <dd>${formatTime(s.firstScanAt, tz)}</dd>
    <dt>Delivered</dt>
    <dd>${formatTime(s.deliveredAt, tz)}${s.signedBy ? ` · signed by ${s.signedBy}` : ""}</dd>
    <dt>Attempts</dt>
    <dd>${s.attemptCount}</dd>
    <dt>Last scan</dt>
    <dd>${formatTime(s.lastEventAt, tz)} (${age(s.lastEventAt)} ago)</dd>
  </dl>`;
}

/** next_poll_at is '-infinity' (the drivers give the number -Infinity) when a poll is due as soon as possible. */
function nextPoll(at: Date | number | null, tz: string): string {
  if (at === null) return "not scheduled";
  if (!(at instanceof Date)) return at < 0 ? "as soon as a worker is free" : "—";
  return at.getTime() > 0 ? formatTime(at, tz) : "as soon as a worker is free";
}

function refreshBlock(request: FastifyRequest, d: ShipmentDetail, tz: string, canAct: boolean): Html {
  const p = d.pollState;
  const adapter = getCarrier(d.shipment.carrier);
  const state = p
    ? html`Polled ${p.pollCount} times, last ${formatTime(p.lastPolledAt, tz)};
      ${p.stoppedReason ? `stopped (${p.stoppedReason})` : `next ${nextPoll(p.nextPollAt, tz)}`}${p.refreshRequestedAt ? ` · refresh requested ${formatTime(p.refreshRequestedAt, tz)}` : ""}${p.lastError ? html` · <span class="error">${p.lastError}</span>` : ""}`
    : !adapter
      ? html`Not polled: Shipwatch has no adapter for the carrier “${d.shipment.carrier}”, so updates arrive only by
          webhook, file or API. If the carrier is mistyped, delete this shipment and add it again.`
      : html`Not polled: no carrier account polls ${carrierName(d.shipment.carrier)} for this seller (updates arrive
      by webhook, file or API).${allows(request.dashboard!.session!.role, "configure") && adapter.createClient ? html` <a href="/app/settings/carriers/new?carrier=${d.shipment.carrier}">Add a ${carrierName(d.shipment.carrier)} account</a>` : ""}`;
  return html`<p class="muted">${state}</p>
    ${canAct ? html`<form method="post" action="/app/shipments/${d.shipment.id}/refresh">${csrfField(request)}<button type="submit" class="secondary">Refresh from carrier</button></form>` : ""}`;
}

/** "Notify shopper": a trigger's message again or the team's own words (src/notifications/manual-send.ts). */
function notifyForm(request: FastifyRequest, d: ShipmentDetail): Html {
  if (!d.order?.email && !d.order?.phone)
    return html`<p class="muted">No e-mail address or phone number on the order: nobody to notify.</p>`;
  return html`<details>
    <summary>Notify shopper</summary>
    <form method="post" action="/app/shipments/${d.shipment.id}/notify">
      ${csrfField(request)}
      <label for="n-what">Message</label>
      <select id="n-what" name="what">
        <option value="message">Your own words (below)</option>
        ${TRIGGERS.map((t) => html`<option value="${t}">The “${t.replace(/_/g, " ")}” message</option>`)}
      </select>
      <label for="n-subject">Subject (e-mail)</label>
      <input id="n-subject" name="subject" maxlength="200" placeholder="About your order {{orderNumber}}" />
      <label for="n-text">Text</label>
      <textarea id="n-text" name="text" maxlength="2000" rows="4"
        placeholder="Hi {{firstName}}, …  ({{trackingLink}} and {{orderNumber}} are filled in)"></textarea>
      <label for="n-channel">Channel</label>
      <select id="n-channel" name="channel">
        <option value="">As the notification settings say</option>
        <option value="email">E-mail</option>
        <option value="sms">SMS</option>
      </select>
      <label><input type="checkbox" name="force" /> Send an SMS now even during the shopper's quiet hours</label>
      <button type="submit">Send to the shopper</button>
    </form>
  </details>`;
}

export function shipmentPage(request: FastifyRequest, d: ShipmentDetail, tz: string): Html {
  const role = request.dashboard!.session!.role;
  const showRaw = allows(role, "viewRaw");
  const payloads = new Map(d.payloads.map((p) => [p.id, p]));
  const s = d.shipment;
  return page(request, {
    title: parcelName(s.carrier, s.trackingNumber),
    body: html`${facts(d, tz)}${refreshBlock(request, d, tz, allows(role, "act"))}
      <h2>Timeline</h2>
      ${
        d.events.length === 0
          ? html`<p class="empty">No carrier event yet.</p>`
          : html`<ol class="timeline">
              ${d.events.map((e) => eventRow(e, tz, payloads, showRaw))}
            </ol>`
      }
      <h2>Alerts</h2>
      ${list(
        "Alerts",
        d.alerts,
        "No alert was ever opened for this shipment.",
        html`<tr>
          <th>Kind</th>
          <th>State</th>
          <th>Opened</th>
          <th>Assignee</th>
          <th>Resolution</th>
        </tr>`,
        (a) =>
          html`<tr>
            <td><a href="/app/exceptions?kind=${a.kind}&amp;state=${a.status === "resolved" ? "resolved" : "active"}">${kindBadge(a.kind)}</a></td>
            <td>${a.status}</td>
            <td>${formatTime(a.openedAt, tz)}</td>
            <td>${a.assigneeName ?? a.assignee ?? "—"}</td>
            <td>${a.resolution ?? ""}</td>
          </tr>`,
      )}
      <h2>Predicted window history</h2>
      ${list(
        "Predicted window history",
        d.predictionHistory ?? [],
        "No window was predicted for this shipment (the seller has no trained model, or it is a return).",
        html`<tr>
          <th>Changed</th>
          <th>Window</th>
          <th>Most likely</th>
          <th>Promise</th>
          <th>Coverage</th>
          <th>Confidence</th>
          <th>Stage</th>
          <th>Model</th>
        </tr>`,
        (h) =>
          html`<tr>
            <td>${formatTime(h.at, tz)}</td>
            <td>${range(h.earliest, h.latest)}</td>
            <td>${h.mostLikely}</td>
            <td>${h.promise}</td>
            <td>${pct(h.coverage)}</td>
            <td>${pct(h.confidence)}</td>
            <td>${h.stage}</td>
            <td>v${h.modelVersion}</td>
          </tr>`,
      )}
      <h2>Helpdesk tickets</h2>
      ${ticketsTable(d.tickets ?? [])}
      <h2>Returns</h2>
      ${returnsTable(d.returns ?? [], tz, "No return was requested for this order.")}
      <h2>Delivery estimate history</h2>
      ${list(
        "Delivery estimates",
        d.estimates,
        "The carrier never gave an estimate.",
        html`<tr>
          <th>Changed</th>
          <th>Carrier estimate</th>
        </tr>`,
        (e) =>
          html`<tr>
            <td>${formatTime(e.changedAt, tz)}</td>
            <td>${e.estimate ?? "withdrawn"}</td>
          </tr>`,
      )}
      <h2>Notifications to the shopper</h2>
      ${allows(role, "act") ? notifyForm(request, d) : ""}
      ${notificationsList(d.notifications, tz, "No message was decided for this shipment.")}
      <h2>Domain events (outbox)</h2>
      ${list(
        "Domain events",
        d.outbox,
        "No domain event yet.",
        html`<tr>
          <th>At</th>
          <th>Topic</th>
          <th>Change</th>
          <th>Dispatched</th>
        </tr>`,
        (o) =>
          html`<tr>
            <td>${formatTime(o.createdAt, tz)}</td>
            <td>${o.topic}</td>
            <td><code>${JSON.stringify(o.payload).slice(0, 160)}</code></td>
            <td>${formatTime(o.dispatchedAt, tz)}</td>
          </tr>`,
      )}
      <h2>Audit trail</h2>
      ${list(
        "Audit trail",
        d.audit,
        "Nobody changed this shipment or its order by hand.",
        html`<tr>
          <th>At</th>
          <th>Who</th>
          <th>What</th>
          <th>Request</th>
        </tr>`,
        (a) =>
          html`<tr>
            <td>${formatTime(a.at, tz)}</td>
            <td>${a.actor}</td>
            <td>${a.action}</td>
            <td class="muted">${a.requestId ?? ""}</td>
          </tr>`,
      )}
      ${
        showRaw
          ? html`<h2>Raw payloads</h2>
              ${
                d.payloads.length === 0
                  ? html`<p class="empty">No stored payload is linked to these events.</p>`
                  : d.payloads.map(
                      (p) =>
                        html`<details id="payload-${p.id}">
                          <summary>
                            #${p.id} · ${p.source} · ${p.contentType} ·
                            ${p.parseStatus}${p.parseError ? ` (${p.parseError})` : ""} · received
                            ${formatTime(p.receivedAt, tz)} · ${p.eventCount} events
                          </summary>
                          <pre>${readableBody(p.body, p.contentType)}</pre>
                        </details>`,
                    )
              }`
          : ""
      }`,
  });
}
