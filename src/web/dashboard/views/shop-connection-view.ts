/**
 * One shop connection: its facts, the setup steps, replacing credentials or the webhook secret, disabling,
 * write-back on or off, disconnecting, and what was written back to the shop (newest first).
 */
import type { FastifyRequest } from "fastify";
import type { WritebackEntry } from "../../../commerce/connection-service.js";
import type { ConnectionView } from "../../../commerce/connections.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { formatTime, statusLabel } from "./format.js";
import { settingsNav } from "./settings-nav.js";
import {
  PLATFORM_LABEL,
  connectionCredentials,
  connectionState,
  credentialInputs,
  secretInput,
  setupSteps,
} from "./shops-settings-view.js";

export interface ShopConnectionData {
  connection: ConnectionView;
  webhookUrl: string;
  writebacks: WritebackEntry[];
  /** The id to page on to older write-backs, when there may be more. */
  olderBefore?: number;
  error?: string;
}

function facts(c: ConnectionView, d: ShopConnectionData, tz: string): Html {
  return html`<dl class="facts">
    <dt>State</dt>
    <dd>${connectionState(c)}</dd>
    <dt>Write-back</dt>
    <dd>${c.writeback ? "on" : "off"}</dd>
    <dt>Webhook URL</dt>
    <dd><code>${d.webhookUrl}</code></dd>
    <dt>Webhook secret starts</dt>
    <dd><code>${c.webhookSecretPrefix}…</code></dd>
    <dt>Credentials</dt>
    <dd>${connectionCredentials(c)}</dd>
    <dt>Last sync</dt>
    <dd>${formatTime(c.lastSyncAt, tz)}</dd>
    <dt>Last write-back</dt>
    <dd>${formatTime(c.lastWritebackAt, tz)}</dd>
    <dt>Last error</dt>
    <dd>${c.lastError ? html`${formatTime(c.lastErrorAt, tz)}: ${c.lastError}` : "—"}</dd>
    <dt>Connected</dt>
    <dd>${formatTime(c.createdAt, tz)}</dd>
  </dl>`;
}

/** A one-button form that flips a yes/no setting through the same change route as the credentials form. */
function toggle(request: FastifyRequest, action: string, name: string, on: boolean, label: string): Html {
  return html`<form method="post" action="${action}" class="inline">
    ${csrfField(request)}<input type="hidden" name="${name}" value="${on ? "false" : "true"}" />
    <button type="submit" class="secondary">${label}</button>
  </form>`;
}

function writebacksTable(d: ShopConnectionData, tz: string): Html {
  if (d.writebacks.length === 0) return html`<p class="empty">Nothing was written back to this shop yet.</p>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Recent write-backs">
      <table>
        <thead>
          <tr>
            <th scope="col">Queued</th>
            <th scope="col">Shipment</th>
            <th scope="col">Status</th>
            <th scope="col">State</th>
            <th scope="col" class="num">Attempts</th>
            <th scope="col">Sent</th>
            <th scope="col">Platform id</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          ${d.writebacks.map(
            (w) =>
              html`<tr>
                <td>${formatTime(w.createdAt, tz)}</td>
                <td><a href="/app/shipments/${w.shipmentId}">Shipment<span class="visually-hidden"> ${w.shipmentId}</span></a></td>
                <td>${statusLabel(w.status)}</td>
                <td>${w.state}${w.reason ? html`: ${w.reason}` : ""}</td>
                <td class="num">${w.attempts}</td>
                <td><code>${JSON.stringify(w.sent)}</code></td>
                <td>${w.remoteId ?? "—"}</td>
                <td>${formatTime(w.finishedAt, tz)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${d.olderBefore ? html`<p><a href="?before=${d.olderBefore}">Older write-backs</a></p>` : ""}`;
}

export function shopConnectionPage(request: FastifyRequest, d: ShopConnectionData): Html {
  const c = d.connection;
  const tz = request.dashboard!.session!.timeZone;
  const base = `/app/settings/shops/${c.id}`;
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("shops")}
      <p><a href="/app/settings/shops">← Shops</a></p>
      <h2>${PLATFORM_LABEL[c.platform]} · ${c.shop}</h2>
      ${facts(c, d, tz)} ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ""}
      <h3>Set up in ${PLATFORM_LABEL[c.platform]}</h3>
      ${setupSteps(c.platform)}
      <form method="post" action="${base}" class="card">
        ${csrfField(request)}
        <h3>Replace credentials or the webhook secret</h3>
        <p class="muted">
          Stored values are never shown. Fill in what changes: new credentials replace the old ones as a whole;
          empty fields keep what is stored.
        </p>
        <div class="fields">
          ${credentialInputs(c.platform, "replace")}
          ${secretInput("replace-secret", "webhookSecret", "Webhook secret", "The same secret must be set in the shop's webhooks.")}
        </div>
        <div class="actions"><button type="submit">Save</button></div>
      </form>
      <div class="card">
        <h3>Disable or disconnect</h3>
        ${toggle(request, base, "enabled", c.enabled, c.enabled ? "Disable connection" : "Enable connection")}
        ${toggle(request, base, "writeback", c.writeback, c.writeback ? "Turn write-back off" : "Turn write-back on")}
        <form
          method="post"
          action="${base}/delete"
          class="inline"
          data-confirm="Disconnect ${c.shop}? Its webhooks are refused from now on and its credentials erased; orders and shipments stay."
        >
          ${csrfField(request)}<button type="submit" class="danger">Disconnect</button>
        </form>
        <p class="muted">
          A disabled connection keeps its credentials, but its deliveries are refused (kept, as rejected) and nothing
          is written back until it is enabled again.
        </p>
      </div>
      <h3>Recent write-backs</h3>
      ${writebacksTable(d, tz)}`,
  });
}
