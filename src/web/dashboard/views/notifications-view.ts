/** Settings › Notifications: the policy (channels, quiet hours, cap) and the seller's templates with preview. */
import type { FastifyRequest } from "fastify";
import { CHANNELS, TRIGGERS, type NotificationPolicy } from "../../../notifications/policy.js";
import type { TemplateRow } from "../../../db/repositories/dashboard-settings.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { settingsNav } from "./settings-nav.js";
import { TEMPLATE_PLACEHOLDERS } from "./template-preview.js";

export interface NotificationsData {
  policy: NotificationPolicy;
  effectiveChannels: Record<string, readonly string[]>;
  templates: TemplateRow[];
  draft?: TemplateRow;
  preview?: { subject: string; body: string };
  error?: string;
}

function policyForm(request: FastifyRequest, d: NotificationsData): Html {
  const p = d.policy;
  return html`<form method="post" action="/app/settings/notifications">
    ${csrfField(request)}
    <div class="scroll" tabindex="0" role="region" aria-label="Channels per message">
    <table>
      <thead>
        <tr>
          <th>When</th>
          ${CHANNELS.map((c) => html`<th>${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${TRIGGERS.map(
          (t) =>
            html`<tr>
              <td>${t.replace(/_/g, " ")}</td>
              ${CHANNELS.map(
                (c) =>
                  html`<td>
                    <input
                      type="checkbox"
                      name="ch_${t}"
                      value="${c}"
                      aria-label="${t} by ${c}"
                      ${d.effectiveChannels[t]?.includes(c) ? html` checked` : ""}
                    />
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
    </div>
    <div class="row">
      <div>
        <label for="quiet-start">Quiet hours from</label
        ><input id="quiet-start" name="quietStart" type="time" value="${p.quietHours?.start ?? ""}" />
      </div>
      <div>
        <label for="quiet-end">to</label
        ><input id="quiet-end" name="quietEnd" type="time" value="${p.quietHours?.end ?? ""}" />
      </div>
      <div>
        <label for="max">At most, per shipment</label
        ><input id="max" name="maxPerShipment" type="number" min="1" max="50" value="${p.maxPerShipment}" />
      </div>
      <div>
        <label for="burst"
          >Gather for (seconds)
          <span class="hint"
            >Messages decided this close together go out as one: a burst of scans, the parcels of one order, the
            team's alerts. 0 sends each at once.</span
          ></label
        ><input id="burst" name="burstWindowSeconds" type="number" min="0" max="3600" value="${p.burstWindowSeconds}" />
      </div>
      <div>
        <label for="stale"
          >Skip scans older than (hours)
          <span class="hint">An import of old shipments tells no shopper about them. 0 tells every scan.</span></label
        ><input id="stale" name="staleAfterHours" type="number" min="0" max="8760" value="${p.staleAfterHours}" />
      </div>
      <div>
        <label for="from-name">From name</label
        ><input id="from-name" name="fromName" value="${p.fromName ?? ""}" />
      </div>
      <div>
        <label for="from-email">From email</label
        ><input id="from-email" name="fromEmail" type="email" value="${p.fromEmail ?? ""}" />
      </div>
      <div>
        <label for="reply-to"
          >Replies go to
          <span class="hint">Where a shopper's reply lands (messages say "reply to this e-mail")</span></label
        ><input id="reply-to" name="replyTo" type="email" value="${p.replyTo ?? ""}" />
      </div>
    </div>
    <label for="team-emails"
      >Team e-mail addresses
      <span class="hint">Where alert rules that e-mail the team send (Settings › Alerts); separated by commas</span></label
    ><input id="team-emails" name="teamEmails" value="${p.teamEmails.join(", ")}" size="60" />
    <p>
      <input type="hidden" name="teamAlertDigestShown" value="1" />
      <label
        ><input type="checkbox" name="teamAlertDigest" value="1" ${p.teamAlertDigest ? html` checked` : ""} />
        Gather the team's alerts into one digest e-mail per address (off: one e-mail per alert, sent at once, for a
        helpdesk inbox that opens a ticket per e-mail)</label
      >
    </p>
    <p>
      <label
        ><input
          type="checkbox"
          name="smsWhenShopperMustAct"
          value="1"
          ${p.smsWhenShopperMustAct ? html` checked` : ""}
        />
        Also text when the shopper must act (failed attempt, pickup, address problem)</label
      >
    </p>
    <p><button type="submit">Save policy</button></p>
  </form>`;
}

function templateForm(request: FastifyRequest, d: NotificationsData): Html {
  const t = d.draft ?? { trigger: "shipped", channel: "email", locale: "en", subject: "", bodyText: "" };
  return html`<form method="post" action="/app/settings/notifications/template">
      ${csrfField(request)}
      <div class="row">
        <div>
          <label for="t-trigger">When</label
          ><select id="t-trigger" name="trigger">
            ${TRIGGERS.map((x) => html`<option value="${x}" ${x === t.trigger ? html` selected` : ""}>${x}</option>`)}
          </select>
        </div>
        <div>
          <label for="t-channel">Channel</label
          ><select id="t-channel" name="channel">
            ${CHANNELS.map((x) => html`<option value="${x}" ${x === t.channel ? html` selected` : ""}>${x}</option>`)}
          </select>
        </div>
        <div>
          <label for="t-locale">Language</label
          ><input id="t-locale" name="locale" value="${t.locale}" size="6" pattern="[a-z]{2}(-[A-Z]{2})?" />
        </div>
      </div>
      <label for="t-subject">Subject (email)</label
      ><input id="t-subject" name="subject" value="${t.subject ?? ""}" size="60" />
      <label for="t-body">Message</label
      ><textarea id="t-body" name="bodyText" rows="6" cols="70">${t.bodyText}</textarea>
      <p class="muted">
        Placeholders:
        ${TEMPLATE_PLACEHOLDERS.map((k) => `{{${k}}}`).join(" ")}.
        An empty message removes your wording (the built-in one applies).
      </p>
      <p>
        <button type="submit" name="intent" value="preview" class="secondary">Preview</button>
        <button type="submit" name="intent" value="save">Save template</button>
      </p>
    </form>
    ${
      d.preview
        ? html`<section class="card">
            <h3>Preview</h3>
            ${d.preview.subject ? html`<p><strong>${d.preview.subject}</strong></p>` : ""}
            <pre>${d.preview.body}</pre>
          </section>`
        : ""
    }`;
}

export function notificationsPage(request: FastifyRequest, d: NotificationsData): Html {
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("notifications")}${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ""}
      <h2>Notification policy</h2>
      ${policyForm(request, d)}
      <h2>Templates</h2>
      ${
        d.templates.length === 0
          ? html`<p class="empty">You use the built-in wording for every message.</p>`
          : html`<div class="scroll" tabindex="0" role="region" aria-label="Your templates"><table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Channel</th>
                  <th>Language</th>
                  <th>Subject</th>
                </tr>
              </thead>
              <tbody>
                ${d.templates.map(
                  (t) =>
                    html`<tr>
                      <td>${t.trigger}</td>
                      <td>${t.channel}</td>
                      <td>${t.locale}</td>
                      <td>${t.subject ?? ""}</td>
                    </tr>`,
                )}
              </tbody>
            </table></div>`
      }
      <h3>Edit a template</h3>
      ${templateForm(request, d)}`,
  });
}
