/** Settings › Carriers & webhooks: carrier accounts (0006), inbound webhook endpoints (0002), outgoing webhooks (0005). */
import { listCarriers } from "../../../carriers/registry.js";
import { publicUrlOf } from "../../../config/index.js";
import {
  listCarrierAccounts,
  listInboundWebhooks,
  listOutgoingWebhooks,
} from "../../../db/repositories/dashboard-settings.js";
import { html } from "../html.js";
import { page } from "../layout.js";
import { sendHtml } from "../respond.js";
import { sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { formatTime } from "../views/format.js";
import { settingsNav } from "../views/settings-nav.js";

export function carrierSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    {
      method: "GET",
      url: "/settings",
      permission: "configure",
      handler: async (_request, reply) => reply.redirect("/app/settings/carriers", 303),
    },
    {
      method: "GET",
      url: "/settings/carriers",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const [accounts, inbound, outgoing] = await Promise.all([
          listCarrierAccounts(deps.db, s.sellerId),
          listInboundWebhooks(deps.db, s.sellerId),
          listOutgoingWebhooks(deps.db, s.sellerId),
        ]);
        const base = publicUrlOf(deps.config);
        const pushing = listCarriers().filter((c) => c.webhook);
        const body = html`${settingsNav("carriers")}
          <h2>Carrier accounts (polling)</h2>
          ${
            accounts.length === 0
              ? html`<p class="empty">
                  No carrier account yet: shipments are updated only by webhooks, files and the API.
                </p>`
              : html`<table>
                  <thead>
                    <tr>
                      <th>Carrier</th>
                      <th>Name</th>
                      <th>State</th>
                      <th>Budget</th>
                      <th>Credentials set</th>
                      <th>Shipments polled</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${accounts.map(
                      (a) =>
                        html`<tr>
                          <td>${a.carrier}</td>
                          <td>${a.name}</td>
                          <td>${a.enabled ? (a.polling ? "polling" : "webhooks only") : "disabled"}</td>
                          <td>${a.requestsPerMinute}/min</td>
                          <td>${a.credentialKeys.join(", ") || "none"}</td>
                          <td class="num">${a.shipmentsPolled}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }
          <p class="muted">
            Accounts are added with the API (<code>/v1</code>) or the CLI; credentials are never shown here.
          </p>
          <h2>Inbound webhooks</h2>
          <p>Carriers and aggregators post to <code>${base}/hooks/${s.sellerSlug}/&lt;source&gt;</code>.</p>
          ${
            inbound.length === 0
              ? html`<p class="empty">No webhook secret is set up yet.</p>`
              : html`<table>
                  <thead>
                    <tr>
                      <th>Source</th>
                      <th>URL</th>
                      <th>Secret starts</th>
                      <th>Created</th>
                      <th>Rotated</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${inbound.map(
                      (w) =>
                        html`<tr>
                          <td>${w.source}</td>
                          <td><code>${base}/hooks/${s.sellerSlug}/${w.source}</code></td>
                          <td><code>${w.secretPrefix}…</code></td>
                          <td>${formatTime(w.createdAt, s.timeZone)}</td>
                          <td>${formatTime(w.rotatedAt, s.timeZone)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }
          <p class="muted">Sources that can push: ${pushing.map((c) => c.id).join(", ")}.</p>
          <h2>Outgoing webhooks and helpdesks</h2>
          ${
            outgoing.length === 0
              ? html`<p class="empty">Nothing is sent to your systems yet.</p>`
              : html`<table>
                  <thead>
                    <tr>
                      <th>Kind</th>
                      <th>Name</th>
                      <th>URL</th>
                      <th>Topics</th>
                      <th>State</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${outgoing.map(
                      (w) =>
                        html`<tr>
                          <td>${w.kind}</td>
                          <td>${w.name}</td>
                          <td><code>${w.url}</code></td>
                          <td>${w.topics.join(", ") || "all"}</td>
                          <td>
                            ${w.enabled ? (w.consecutiveFailures ? `failing (${w.consecutiveFailures})` : "ok") : `disabled${w.disabledReason ? `: ${w.disabledReason}` : ""}`}
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }`;
        return sendHtml(reply, page(request, { title: "Settings", section: "settings", body }));
      },
    },
  ];
}
