/** Settings › Team. */
import type { FastifyRequest } from "fastify";
import type { InvitationRecord } from "../../../db/repositories/invitations.js";
import type { UserRecord } from "../../../db/repositories/users.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { grantableRoles, ROLE_LABELS } from "../roles.js";
import { formatTime } from "./format.js";
import { settingsNav } from "./settings-nav.js";

/** An invitation whose link is shown because it could not be e-mailed (no mail server, or sending failed). */
export interface ShownInvitation {
  email: string;
  link: string;
  /** Why sending failed; null when no mail server is configured. */
  problem: string | null;
}

function shownInvitation(o: ShownInvitation): Html {
  return html`<div class="card" role="status">
    ${
      o.problem
        ? html`<p class="error">The invitation e-mail to ${o.email} could not be sent (${o.problem}).</p>`
        : html`<p>
            No mail server is set up (<code>SHIPWATCH_SMTP_URL</code>), so nothing was e-mailed. Send this link to
            ${o.email} yourself; it works once, for 7 days, and is shown only now:
          </p>`
    }
    <p class="secret" id="invite-link">${o.link}</p>
    <button type="button" class="secondary" data-copy="invite-link">Copy link</button>
  </div>`;
}

export function teamPage(
  request: FastifyRequest,
  o: { users: UserRecord[]; invitations: InvitationRecord[]; shown?: ShownInvitation; error?: string },
): Html {
  const s = request.dashboard!.session!;
  const grantable = grantableRoles(s.role);
  const roleSelect = (name: string, current: string, id: string) =>
    html`<select name="${name}" id="${id}">
      ${grantable.map((r) => html`<option value="${r}" ${r === current ? html` selected` : ""}>${r}</option>`)}
    </select>`;
  const rows = o.users.map((u) => {
    const editable = grantable.includes(u.role);
    return html`<tr>
      <td>${u.name || "—"}</td>
      <td>${u.email}</td>
      <td>${u.role}</td>
      <td>${formatTime(u.lastSignInAt, s.timeZone)}</td>
      <td>
        ${
          editable
            ? html`<form method="post" action="/app/settings/team/${u.id}/role" class="inline">
                  ${csrfField(request)}<label class="visually-hidden" for="role-${u.id}"
                    >Role of ${u.email}</label
                  >${roleSelect("role", u.role, `role-${u.id}`)}
                  <button type="submit" class="secondary">Change</button>
                </form>
                <form
                  method="post"
                  action="/app/settings/team/${u.id}/remove"
                  class="inline"
                  data-confirm="Remove ${u.email} from the team?"
                >
                  ${csrfField(request)}<button type="submit" class="danger">Remove</button>
                </form>`
            : html`<span class="muted">only an owner can change this</span>`
        }
      </td>
    </tr>`;
  });
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("team")}
      <h2>Team</h2>
      <div class="scroll" tabindex="0" role="region" aria-label="Team members"><table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Last sign-in</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table></div>
      <h2>Invite someone</h2>
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
      ${o.shown ? shownInvitation(o.shown) : ""}
      <form method="post" action="/app/settings/team/invitations" class="row">
        ${csrfField(request)}
        <div>
          <label for="invite-email">Email</label
          ><input id="invite-email" name="email" type="email" required />
        </div>
        <div><label for="invite-role">Role</label>${roleSelect("role", "support", "invite-role")}</div>
        <div><button type="submit">Send invitation</button></div>
      </form>
      <ul class="muted">
        ${grantable.map((r) => html`<li>${ROLE_LABELS[r]}</li>`)}
      </ul>
      <h2>Open invitations</h2>
      ${
        o.invitations.length === 0
          ? html`<p class="empty">None.</p>`
          : html`<div class="scroll" tabindex="0" role="region" aria-label="Open invitations"><table>
              <thead>
                <tr>
                  <th>Email</th>
                  <th>Role</th>
                  <th>Expires</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${o.invitations.map(
                  (i) =>
                    html`<tr>
                      <td>${i.email}</td>
                      <td>${i.role}</td>
                      <td>
                        ${i.expiresAt.getTime() < Date.now() ? "expired" : formatTime(i.expiresAt, s.timeZone)}
                      </td>
                      <td>
                        ${
                          grantable.includes(i.role)
                            ? html`<form
                                method="post"
                                action="/app/settings/team/invitations/${i.id}/resend"
                                class="inline"
                              >
                                ${csrfField(request)}<button type="submit" class="secondary">
                                  Send again<span class="visually-hidden"> to ${i.email}</span>
                                </button>
                              </form>`
                            : ""
                        }
                        <form method="post" action="/app/settings/team/invitations/${i.id}/revoke" class="inline">
                          ${csrfField(request)}<button type="submit" class="secondary">
                            Revoke<span class="visually-hidden"> invitation of ${i.email}</span>
                          </button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table></div>`
      }`,
  });
}
