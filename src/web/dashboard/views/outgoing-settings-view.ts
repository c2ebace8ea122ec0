/**
 * Settings › Outgoing & helpdesk: the seller's signed webhooks (what Shipwatch posts to their systems) and helpdesk
 * connections, the forms that add them, and one endpoint's page with its delivery log. Secrets are shown once,
 * when made; afterwards a signing secret by its first characters and helpdesk credentials by name, masked.
 */
import type { FastifyRequest } from "fastify";
import type { EndpointTicketRow } from "../../../helpdesk/tickets.js";
import type { OutgoingDeliveryRow, OutgoingEndpointRow } from "../../../notifications/outgoing-endpoints.js";
import { WEBHOOK_TOPICS } from "../../../notifications/webhook-enqueue.js";
import { html, safeUrl, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { maskedCredentials } from "./carrier-account-views.js";
import { formatTime } from "./format.js";
import { settingsNav } from "./settings-nav.js";

/** What each topic means to someone choosing what to receive. */
const TOPIC_LABELS: Record<(typeof WEBHOOK_TOPICS)[number], string> = {
  "shipment.status_changed": "A shipment's status changed",
  "alert.opened": "An alert opened",
  "alert.updated": "An alert was acknowledged or assigned",
  "alert.resolved": "An alert was resolved",
  "return.requested": "A return was requested",
  "return.approved": "A return was approved",
  "return.rejected": "A return was rejected",
  "return.in_transit": "A return parcel is on its way",
  "return.received": "A return arrived",
  "return.refunded": "A return was refunded",
  "return.closed": "A return was closed",
};

/**
 * The helpdesks Shipwatch opens tickets in through their API, and the config fields (helpdeskConfigSchema) that
 * hold each one's account, user and key.
 */
export const HELPDESKS = {
  zendesk: { label: "Zendesk", account: "subdomain", user: "email", key: "apiToken" },
  gorgias: { label: "Gorgias", account: "domain", user: "username", key: "apiKey" },
} as const;
export type HelpdeskId = keyof typeof HELPDESKS;

export interface WebhookFormValues {
  name: string;
  url: string;
  topics: string[];
}

export interface HelpdeskFormValues {
  helpdesk: HelpdeskId;
  name: string;
  account: string;
  user: string;
}

export interface OutgoingListData {
  endpoints: OutgoingEndpointRow[];
  /** The newest delivery of each endpoint, by endpoint id. */
  lastDelivery: Map<string, OutgoingDeliveryRow>;
  /** The newest ticket of each helpdesk connection (they open tickets through the API, not the delivery log). */
  lastTicket: Map<string, EndpointTicketRow>;
  /** A signing secret just made: shown this once. */
  shownSecret?: { name: string; secret: string };
  error?: string;
  webhookForm?: WebhookFormValues;
  helpdeskForm?: HelpdeskFormValues;
}

/** What an endpoint is called on pages: its name, else its helpdesk or URL. */
export const endpointName = (e: OutgoingEndpointRow) =>
  e.name || (e.kind === "helpdesk" ? helpdeskLabel(e) : e.url);

function helpdeskLabel(e: OutgoingEndpointRow): string {
  const preset = String(e.config.preset ?? "");
  return preset in HELPDESKS ? HELPDESKS[preset as HelpdeskId].label : preset || "Helpdesk";
}

function stateOf(e: OutgoingEndpointRow, tz: string): Html {
  if (!e.enabled)
    return html`<span class="badge exception">off</span> ${e.disabled_reason ?? ""}${e.disabled_at ? ` (${formatTime(e.disabled_at, tz)})` : ""}`;
  if (e.consecutive_failures > 0)
    return html`<span class="badge late">failing</span> ${e.consecutive_failures} failed
      attempt${e.consecutive_failures === 1 ? "" : "s"} in a row`;
  return html`<span class="badge delivered">on</span>`;
}

/** A delivery's state in words: delivered, queued, retrying (with when), given up. */
export function deliveryState(d: OutgoingDeliveryRow, tz: string): Html {
  switch (d.status) {
    case "succeeded":
      return html`<span class="badge delivered">delivered</span> ${formatTime(d.delivered_at, tz)}`;
    case "delivering":
      return html`<span class="badge">sending</span>`;
    case "pending":
      return d.attempts === 0
        ? html`<span class="badge">queued</span>`
        : html`<span class="badge late">retrying</span> next ${formatTime(d.next_attempt_at, tz)}`;
    default:
      return html`<span class="badge exception">gave up</span> after ${d.attempts}
        attempt${d.attempts === 1 ? "" : "s"}`;
  }
}

function lastAnswer(d: OutgoingDeliveryRow): Html {
  if (d.last_error) return html`<span class="muted">${d.last_error}</span>`;
  return d.last_status_code ? html`HTTP ${d.last_status_code}` : html`—`;
}

function endpointsTable(d: OutgoingListData, tz: string, kind: "webhook" | "helpdesk"): Html {
  const rows = d.endpoints.filter((e) => e.kind === kind);
  if (rows.length === 0)
    return html`<p class="empty">
      ${kind === "webhook" ? "Nothing is posted to your systems yet." : "No helpdesk is connected."}
    </p>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${kind === "webhook" ? "Webhooks" : "Helpdesks"}">
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">${kind === "webhook" ? "URL" : "Account"}</th>
          <th scope="col">${kind === "webhook" ? "Sends" : "Credentials"}</th>
          <th scope="col">State</th>
          <th scope="col">${kind === "webhook" ? "Last delivery" : "Last ticket or delivery"}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((e) => {
          const last = d.lastDelivery.get(e.id);
          const ticket = d.lastTicket.get(e.id);
          return html`<tr>
            <td><a href="/app/settings/outgoing/${e.id}">${endpointName(e)}</a></td>
            <td><code>${e.url}</code></td>
            <td>
              ${
                kind === "webhook"
                  ? e.topics.length === 0
                    ? "every event"
                    : e.topics.join(", ")
                  : maskedCredentials(e.credential_names)
              }
            </td>
            <td>${stateOf(e, tz)}</td>
            <td>
              ${
                ticket
                  ? html`ticket ${ticket.status} ${formatTime(ticket.created_at, tz)}`
                  : last
                    ? html`${last.topic}: ${deliveryState(last, tz)}`
                    : html`<span class="muted">none yet</span>`
              }
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** The topic checkboxes: none ticked means every topic, now and any added later. */
function topicChoices(selected: readonly string[]): Html {
  return html`<fieldset class="choices">
    <legend>Events to send</legend>
    <span class="hint">Tick none to receive every event, including kinds added later.</span>
    <div class="fields">
      ${WEBHOOK_TOPICS.map(
        (t) =>
          html`<label class="check"
            ><input type="checkbox" name="topics" value="${t}" ${selected.includes(t) ? html` checked` : ""} />
            <span>${TOPIC_LABELS[t]} <code>${t}</code></span></label
          >`,
      )}
    </div>
  </fieldset>`;
}

function webhookFields(v: WebhookFormValues, prefix: string): Html {
  return html`<label for="${prefix}-name">Name <span class="hint">(optional) e.g. Order system</span></label>
    <input id="${prefix}-name" name="name" maxlength="100" value="${v.name}" />
    <label for="${prefix}-url">URL <span class="hint">Shipwatch POSTs signed JSON here (https)</span></label>
    <input id="${prefix}-url" name="url" type="url" required placeholder="https://example.com/shipwatch" value="${v.url}" />
    ${topicChoices(v.topics)}`;
}

/** A form in a card, folded away behind its title once there is something above it (and no error in it). */
function addCard(title: string, folded: boolean, form: Html): Html {
  return folded
    ? html`<details class="card">
        <summary>${title}</summary>
        ${form}
      </details>`
    : html`<div class="card">
        <h3>${title}</h3>
        ${form}
      </div>`;
}

function addWebhookForm(request: FastifyRequest, v: WebhookFormValues, folded: boolean): Html {
  return addCard(
    "Add a webhook",
    folded,
    html`<form method="post" action="/app/settings/outgoing/webhooks" class="stack">
      ${csrfField(request)} ${webhookFields(v, "new-webhook")}
      <button type="submit">Add webhook</button>
    </form>`,
  );
}

/** Account, user and key fields of a helpdesk (the key is never echoed back into the form). */
function helpdeskFields(v: HelpdeskFormValues, prefix: string): Html {
  return html`<label for="${prefix}-account">Account
      <span class="hint">acme for acme.zendesk.com or acme.gorgias.com</span></label>
    <input id="${prefix}-account" name="account" required maxlength="63" pattern="[A-Za-z0-9][A-Za-z0-9-]*"
      value="${v.account}" autocomplete="off" />
    <label for="${prefix}-user">E-mail of the agent or API user</label>
    <input id="${prefix}-user" name="user" type="email" required maxlength="200" value="${v.user}" autocomplete="off" />
    <label for="${prefix}-key">API token (Zendesk) or API key (Gorgias)
      <span class="hint">Stored sealed; never shown again</span></label>
    <input id="${prefix}-key" name="key" type="password" required maxlength="200" autocomplete="off" />`;
}

function connectHelpdeskForm(request: FastifyRequest, v: HelpdeskFormValues, folded: boolean): Html {
  return addCard(
    "Connect a helpdesk",
    folded,
    html`<form method="post" action="/app/settings/outgoing/helpdesks" class="stack">
      <p class="muted">Alerts can then open one ticket each in it, with the shipment's timeline.</p>
      ${csrfField(request)}
      <label for="new-helpdesk">Helpdesk</label>
      <select id="new-helpdesk" name="helpdesk">
        ${Object.entries(HELPDESKS).map(
          ([id, h]) =>
            html`<option value="${id}" ${id === v.helpdesk ? html` selected` : ""}>${h.label}</option>`,
        )}
      </select>
      <label for="new-helpdesk-name">Name <span class="hint">(optional)</span></label>
      <input id="new-helpdesk-name" name="name" maxlength="100" value="${v.name}" />
      ${helpdeskFields(v, "new-helpdesk")}
      <button type="submit">Connect</button>
    </form>`,
  );
}

function shownSecret(s: { name: string; secret: string } | undefined): Html {
  if (!s) return html``;
  return html`<div class="card" role="status">
    <p>
      The signing secret of ${s.name}. Copy it into the receiving system now: it is never shown again. Each delivery
      carries <code>Shipwatch-Signature: t=…,v1=…</code>, an HMAC-SHA256 of <code>t.body</code> with this secret.
    </p>
    <p class="secret" id="shown-secret">${s.secret}</p>
    <button type="button" class="secondary" data-copy="shown-secret">Copy</button>
  </div>`;
}

export function outgoingSettingsPage(request: FastifyRequest, d: OutgoingListData): Html {
  const tz = request.dashboard!.session!.timeZone;
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("outgoing")}
      ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ""} ${shownSecret(d.shownSecret)}
      <h2>Webhooks to your systems</h2>
      ${endpointsTable(d, tz, "webhook")}
      ${addWebhookForm(
        request,
        d.webhookForm ?? { name: "", url: "", topics: [] },
        !d.webhookForm && d.endpoints.some((e) => e.kind === "webhook"),
      )}
      <h2>Helpdesks</h2>
      ${endpointsTable(d, tz, "helpdesk")}
      <p class="muted">
        Which alerts open a ticket is chosen per rule in <a href="/app/settings/alerts">Settings › Alerts</a>.
      </p>
      ${connectHelpdeskForm(
        request,
        d.helpdeskForm ?? { helpdesk: "zendesk", name: "", account: "", user: "" },
        !d.helpdeskForm && d.endpoints.some((e) => e.kind === "helpdesk"),
      )}`,
  });
}

export interface EndpointPageData {
  endpoint: OutgoingEndpointRow;
  deliveries: OutgoingDeliveryRow[];
  /** A helpdesk connection's tickets (it opens them through the helpdesk's API, not the delivery log). */
  tickets: EndpointTicketRow[];
  /** The id to pass as ?before= for older deliveries, when there are more. */
  olderBefore: number | null;
  shownSecret?: { name: string; secret: string };
  error?: string;
  form?: WebhookFormValues;
}

function facts(e: OutgoingEndpointRow, tz: string): Html {
  return html`<dl class="facts">
    <dt>Kind</dt>
    <dd>${e.kind === "webhook" ? "Signed webhook" : `${helpdeskLabel(e)} helpdesk`}</dd>
    <dt>${e.kind === "webhook" ? "URL" : "Account"}</dt>
    <dd><code>${e.url}</code></dd>
    <dt>${e.kind === "webhook" ? "Signing secret" : "Credentials"}</dt>
    <dd>${e.kind === "webhook" ? html`<code>${e.secret_prefix}…</code>` : maskedCredentials(e.credential_names)}</dd>
    <dt>State</dt>
    <dd>${stateOf(e, tz)}</dd>
    <dt>Added</dt>
    <dd>${formatTime(e.created_at, tz)}</dd>
  </dl>`;
}

function editForm(
  request: FastifyRequest,
  e: OutgoingEndpointRow,
  form: WebhookFormValues | undefined,
): Html {
  const action = `/app/settings/outgoing/${e.id}`;
  if (e.kind === "webhook")
    return html`<form method="post" action="${action}" class="card stack">
      <h3>Change</h3>
      ${csrfField(request)} ${webhookFields(form ?? { name: e.name, url: e.url, topics: e.topics }, "edit")}
      <button type="submit">Save</button>
    </form>`;
  const preset = String(e.config.preset ?? "");
  if (!(preset in HELPDESKS))
    return html`<p class="muted">This ${preset} action is changed with the API (<code>/v1/outgoing-webhooks</code>).</p>`;
  return addCard(
    "Replace credentials",
    true,
    html`<form method="post" action="${action}/credentials" class="stack">
    ${csrfField(request)}
    ${helpdeskFields(
      {
        helpdesk: preset as HelpdeskId,
        name: e.name,
        account: String(e.config[HELPDESKS[preset as HelpdeskId].account] ?? ""),
        user: String(e.config[HELPDESKS[preset as HelpdeskId].user] ?? ""),
      },
      "edit",
    )}
    <button type="submit">Replace</button>
  </form>`,
  );
}

function actions(request: FastifyRequest, e: OutgoingEndpointRow): Html {
  const base = `/app/settings/outgoing/${e.id}`;
  const name = endpointName(e);
  return html`<div class="actions">
    <form method="post" action="${base}/enabled" class="inline">
      ${csrfField(request)}<input type="hidden" name="enabled" value="${e.enabled ? "false" : "true"}" />
      <button type="submit" class="secondary">${e.enabled ? "Turn off" : "Turn on again"}</button>
    </form>
    ${
      e.kind === "webhook"
        ? html`<form method="post" action="${base}/rotate" class="inline"
          data-confirm="Make a new signing secret for ${name}? The current one stops working at once.">
          ${csrfField(request)}<button type="submit" class="secondary">New signing secret</button>
        </form>`
        : ""
    }
    <form method="post" action="${base}/delete" class="inline"
      data-confirm="Remove ${name} and its delivery log? Nothing more is sent to it.">
      ${csrfField(request)}<button type="submit" class="danger">Remove</button>
    </form>
  </div>`;
}

function deliveriesTable(request: FastifyRequest, d: EndpointPageData, tz: string): Html {
  if (d.deliveries.length === 0) return html`<p class="empty">Nothing has been sent to it yet.</p>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Deliveries">
      <table>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Made</th>
            <th scope="col">State</th>
            <th scope="col" class="num">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${d.deliveries.map(
            (x) => html`<tr>
              <td>${x.topic}<br /><small class="muted"><code>${x.event_key}</code></small></td>
              <td class="nowrap">${formatTime(x.created_at, tz)}</td>
              <td>${deliveryState(x, tz)}</td>
              <td class="num">${x.attempts}</td>
              <td>${lastAnswer(x)}</td>
              <td>
                ${
                  x.status === "delivering"
                    ? ""
                    : html`<form method="post" action="/app/settings/outgoing/deliveries/${String(x.id)}/redeliver" class="inline">
                      ${csrfField(request)}<input type="hidden" name="endpoint" value="${d.endpoint.id}" />
                      <button type="submit" class="secondary">Send again<span class="visually-hidden"> ${x.event_key}</span></button>
                    </form>`
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${
      d.olderBefore === null
        ? ""
        : html`<p><a href="/app/settings/outgoing/${d.endpoint.id}?before=${String(d.olderBefore)}">Older deliveries</a></p>`
    }`;
}

function ticketsTable(d: EndpointPageData, tz: string): Html {
  if (d.tickets.length === 0)
    return html`<p class="empty">No ticket yet: tickets open when an alert rule with a helpdesk action fires.</p>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Tickets">
    <table>
      <thead>
        <tr>
          <th scope="col">Alert</th>
          <th scope="col">Shipment</th>
          <th scope="col">Ticket</th>
          <th scope="col">State</th>
          <th scope="col" class="num">Attempts</th>
          <th scope="col">Decided</th>
        </tr>
      </thead>
      <tbody>
        ${d.tickets.map(
          (t) => html`<tr>
            <td>${t.alert_kind.replace(/_/g, " ")}</td>
            <td><a href="/app/shipments/${t.shipment_id}">${t.tracking_number}</a></td>
            <td>${t.ticket_url ? html`<a href="${safeUrl(t.ticket_url)}" rel="noopener">#${t.ticket_id}</a>` : "—"}</td>
            <td>${t.status}${t.last_error ? html` <span class="muted">${t.last_error}</span>` : ""}</td>
            <td class="num">${t.attempts}</td>
            <td class="nowrap">${formatTime(t.created_at, tz)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function outgoingEndpointPage(request: FastifyRequest, d: EndpointPageData): Html {
  const tz = request.dashboard!.session!.timeZone;
  const e = d.endpoint;
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("outgoing")}
      <p><a href="/app/settings/outgoing">All webhooks and helpdesks</a></p>
      <h2>${endpointName(e)}</h2>
      ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ""} ${shownSecret(d.shownSecret)}
      ${facts(e, tz)} ${actions(request, e)} ${editForm(request, e, d.form)}
      ${
        e.kind === "helpdesk" && e.credential_names.length > 0 && String(e.config.preset) in HELPDESKS
          ? html`<h2>Tickets</h2>
            ${ticketsTable(d, tz)}`
          : ""
      }
      <h2>Deliveries</h2>
      <p class="muted">
        Newest first. A failed delivery is retried with backoff for 24 hours; "Send again" queues it now with the
        same event id, so the receiver can tell it is a repeat.
      </p>
      ${deliveriesTable(request, d, tz)}`,
  });
}
