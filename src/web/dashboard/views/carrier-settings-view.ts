/**
 * Settings › Carriers & webhooks: carrier accounts (polling), inbound webhook endpoints with their secrets
 * (shown once, when created or rotated). Stored secrets are only ever shown as hints. What Shipwatch sends out is
 * Settings › Outgoing & helpdesk (outgoing-settings-view.ts).
 */
import type { FastifyRequest } from "fastify";
import { getCarrier } from "../../../carriers/registry.js";
import type { CarrierAccountRow } from "../../../db/repositories/dashboard-settings.js";
import type { WebhookEndpointView } from "../../../ingest/webhooks/endpoints.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { maskedCredentials, pollableCarriers } from "./carrier-account-views.js";
import { formatTime } from "./format.js";
import { settingsNav } from "./settings-nav.js";

export interface CarrierSettingsData {
  accounts: CarrierAccountRow[];
  endpoints: WebhookEndpointView[];
  sources: string[];
  /** Public base URL and the seller's slug, for the /hooks URLs. */
  base: string;
  slug: string;
  /** A webhook secret just created or rotated: shown this once. */
  shownSecret?: { source: string; secret: string };
  error?: string;
}

const sourceLabel = (source: string) =>
  source === "shipwatch" ? "Shipwatch JSON (your own systems)" : (getCarrier(source)?.label ?? source);

function accountsSection(request: FastifyRequest, d: CarrierSettingsData): Html {
  const table =
    d.accounts.length === 0
      ? html`<p class="empty">
          No carrier account yet: shipments are updated only by webhooks, files and the API. Add one to poll
          the carrier for updates.
        </p>`
      : html`<div class="scroll" tabindex="0" role="region" aria-label="Carrier accounts">
          <table>
            <thead>
              <tr>
                <th scope="col">Carrier</th>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Budget</th>
                <th scope="col">Credentials</th>
                <th scope="col" class="num">Shipments polled</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${d.accounts.map(
                (a) =>
                  html`<tr>
                    <td>${getCarrier(a.carrier)?.label ?? a.carrier}</td>
                    <td>${a.name}</td>
                    <td>${a.enabled ? (a.polling ? "polling" : "not polling") : html`<strong>disabled</strong>`}</td>
                    <td>${a.requestsPerMinute}/min</td>
                    <td>${maskedCredentials(a.credentialKeys)}</td>
                    <td class="num">${a.shipmentsPolled}</td>
                    <td>
                      <a href="/app/settings/carriers/accounts/${a.id}"
                        >Edit<span class="visually-hidden"> ${a.carrier} ${a.name}</span></a
                      >
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  return html`<h2>Carrier accounts (polling)</h2>
    ${table}
    <form method="get" action="/app/settings/carriers/new" class="row">
      <div>
        <label for="new-carrier">Add an account for</label
        ><select id="new-carrier" name="carrier">
          ${pollableCarriers().map((c) => html`<option value="${c.id}">${c.label}</option>`)}
        </select>
      </div>
      <div><button type="submit">Continue</button></div>
    </form>`;
}

function inboundSection(request: FastifyRequest, d: CarrierSettingsData): Html {
  const unused = d.sources.filter((s) => !d.endpoints.some((e) => e.source === s));
  const rows = d.endpoints.map((e) => {
    const url = `${d.base}/hooks/${d.slug}/${e.source}`;
    const graceUntil =
      e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > Date.now()
        ? e.previousSecretExpiresAt
        : null;
    return html`<tr>
      <td>${e.source}</td>
      <td><code>${url}</code></td>
      <td><code>${e.secretPrefix}…</code></td>
      <td>
        ${formatTime(e.rotatedAt ?? e.createdAt, request.dashboard!.session!.timeZone)}${
          graceUntil
            ? html`<br /><small class="muted"
                  >old secret valid until ${formatTime(graceUntil, request.dashboard!.session!.timeZone)}</small
                >`
            : ""
        }
      </td>
      <td>
        <form
          method="post"
          action="/app/settings/webhooks/${e.id}/rotate"
          class="inline"
          data-confirm="Make a new ${e.source} secret? The current one keeps working for 24 hours."
        >
          ${csrfField(request)}<button type="submit" class="secondary">
            Rotate secret<span class="visually-hidden"> of ${e.source}</span>
          </button>
        </form>
        <form
          method="post"
          action="/app/settings/webhooks/${e.id}/delete"
          class="inline"
          data-confirm="Stop receiving ${e.source} webhooks? Deliveries will be refused (and kept, as rejected)."
        >
          ${csrfField(request)}<button type="submit" class="danger">
            Stop receiving<span class="visually-hidden"> ${e.source}</span>
          </button>
        </form>
      </td>
    </tr>`;
  });
  return html`<h2 id="inbound">Inbound webhooks</h2>
    <p>Carriers and aggregators post to <code>${d.base}/hooks/${d.slug}/&lt;source&gt;</code>, signed with the secret of that source.</p>
    ${
      d.shownSecret
        ? html`<div class="card" role="status">
            <p>
              The ${d.shownSecret.source} secret. Copy it into the sender's settings now: it is never shown again.
            </p>
            <p class="secret">${d.shownSecret.secret}</p>
          </div>`
        : ""
    }
    ${
      d.endpoints.length === 0
        ? html`<p class="empty">No webhook source is set up yet: every delivery is refused until one is.</p>`
        : html`<div class="scroll" tabindex="0" role="region" aria-label="Inbound webhook endpoints">
            <table>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">URL</th>
                  <th scope="col">Secret starts</th>
                  <th scope="col">Set</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
          </div>`
    }
    ${
      unused.length === 0
        ? ""
        : html`<form method="post" action="/app/settings/webhooks" class="row">
            ${csrfField(request)}
            <div>
              <label for="webhook-source">Receive webhooks from</label
              ><select id="webhook-source" name="source">
                ${unused.map((s) => html`<option value="${s}">${sourceLabel(s)}</option>`)}
              </select>
            </div>
            <div>
              <label for="webhook-secret">Secret issued by the sender <small class="muted">(optional)</small></label
              ><input
                id="webhook-secret"
                name="secret"
                type="password"
                autocomplete="off"
                minlength="16"
                placeholder="empty: we generate one"
              />
            </div>
            <div><button type="submit">Create endpoint</button></div>
          </form>`
    }`;
}

export function carrierSettingsPage(request: FastifyRequest, d: CarrierSettingsData): Html {
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("carriers")}
      ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ""} ${accountsSection(request, d)}
      ${inboundSection(request, d)}`,
  });
}
