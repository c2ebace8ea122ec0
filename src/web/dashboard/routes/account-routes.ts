/** The signed-in person's own account: sessions, password change. */
import { deleteOtherSessions, listUserSessions } from "../../../db/repositories/dashboard-sessions.js";
import { getUser, setUserPassword } from "../../../db/repositories/users.js";
import { html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from "../password.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { ROLE_LABELS } from "../roles.js";
import { formatTime } from "../views/format.js";
import type { FastifyRequest } from "fastify";

async function accountPage(deps: DashboardDeps, request: FastifyRequest, error?: string) {
  const s = sessionOf(request);
  const sessions = await listUserSessions(deps.db, s.userId);
  return page(request, {
    title: "Your account",
    section: "account",
    body: html`<p>${s.email} · ${ROLE_LABELS[s.role]} at ${s.sellerName}</p>
      <h2>Where you are signed in</h2>
      <div class="scroll" tabindex="0" role="region" aria-label="Sessions"><table>
        <thead>
          <tr>
            <th>Signed in</th>
            <th>Last active</th>
            <th>From</th>
            <th>Browser</th>
          </tr>
        </thead>
        <tbody>
          ${sessions.map(
            (x) =>
              html`<tr>
                <td>${formatTime(x.createdAt, s.timeZone)}${x.id === s.id ? " (this one)" : ""}</td>
                <td>${formatTime(x.lastSeenAt, s.timeZone)}</td>
                <td>${x.ip ?? ""}</td>
                <td class="muted">${x.userAgent ?? ""}</td>
              </tr>`,
          )}
        </tbody>
      </table></div>
      <form method="post" action="/app/sign-out-everywhere">
        ${csrfField(request)}
        <p>
          <button type="submit" class="danger" data-confirm="Sign out on every device, including this one?">
            Sign out everywhere
          </button>
        </p>
      </form>
      <h2>Change password</h2>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ""}
      <form method="post" action="/app/account/password">
        ${csrfField(request)} <label for="current">Current password</label
        ><input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="password">New password (at least ${MIN_PASSWORD_LENGTH} characters)</label
        ><input id="password" name="password" type="password" autocomplete="new-password" required />
        <label for="confirm">New password again</label
        ><input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
        <p>
          <button type="submit">Change password</button>
          <span class="muted">Your other sessions are signed out.</span>
        </p>
      </form>`,
  });
}

export function accountRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    {
      method: "GET",
      url: "/account",
      permission: "signedIn",
      handler: async (request, reply) => sendHtml(reply, await accountPage(deps, request)),
    },
    {
      method: "POST",
      url: "/account/password",
      permission: "signedIn",
      async handler(request, reply) {
        const s = sessionOf(request);
        const user = await getUser(deps.db, s.sellerId, s.userId);
        const password = field(request, "password");
        const problem =
          !user || !(await verifyPassword(field(request, "current"), user.passwordHash))
            ? "The current password is not right."
            : (passwordProblem(password, s.email) ??
              (password !== field(request, "confirm") ? "The two new passwords differ." : null));
        if (problem) return sendHtml(reply, await accountPage(deps, request, problem), 400);
        await setUserPassword(deps.db, s.userId, await hashPassword(password));
        // A changed password ends every other session: whoever knew the old one is out.
        await deleteOtherSessions(deps.db, s.userId, s.id);
        await auditAsUser(deps, request, {
          action: "user.password_changed",
          targetType: "user",
          targetId: s.userId,
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/account",
          "Password changed; your other sessions were signed out.",
        );
      },
    },
  ];
}
