/** Settings › API keys: list, create (secret shown once), revoke. */
import type { FastifyRequest } from "fastify";
import { AppError } from "../../../core/errors.js";
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  SCOPES,
  type Scope,
} from "../../../db/repositories/api-keys.js";
import { html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { formatTime } from "../views/format.js";
import { settingsNav } from "../views/settings-nav.js";
import { isUuid } from "../../../core/ids.js";

async function keysPage(
  deps: DashboardDeps,
  request: FastifyRequest,
  o: { secret?: string; error?: string } = {},
) {
  const s = sessionOf(request);
  const keys = await listApiKeys(deps.db.orm, s.sellerId);
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("api-keys")}
      <h2>API keys</h2>
      ${
        o.secret
          ? html`<p>Copy the new key now; it is never shown again:</p>
              <p class="secret">${o.secret}</p>`
          : ""
      }
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
      <div class="scroll" tabindex="0" role="region" aria-label="API keys"><table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Key starts</th>
            <th>Scopes</th>
            <th>Created</th>
            <th>Last used</th>
            <th>State</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${keys.map(
            (k) =>
              html`<tr>
                <td>${k.name}</td>
                <td><code>${k.prefix}…</code></td>
                <td>${k.scopes.join(", ")}</td>
                <td>${formatTime(k.createdAt, s.timeZone)}</td>
                <td>${formatTime(k.lastUsedAt, s.timeZone)}</td>
                <td>${k.revokedAt ? `revoked ${formatTime(k.revokedAt, s.timeZone)}` : "live"}</td>
                <td>
                  ${k.revokedAt ? "" : html`<form method="post" action="/app/settings/api-keys/${k.id}/revoke" data-confirm="Revoke ${k.name}? Scripts using it stop working.">${csrfField(request)}<button type="submit" class="danger">Revoke</button></form>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table></div>
      <h2>New key</h2>
      <form method="post" action="/app/settings/api-keys" class="row">
        ${csrfField(request)}
        <div>
          <label for="key-name">Name</label><input id="key-name" name="name" required maxlength="100" />
        </div>
        <div>
          <label for="key-scope">Scope</label
          ><select id="key-scope" name="scope">
            ${SCOPES.map((sc) => html`<option value="${sc}">${sc}</option>`)}
          </select>
        </div>
        <div><button type="submit">Create key</button></div>
      </form>
      <p class="muted">
        read: look things up · write: also create and change orders, shipments and events · admin: also keys
        and settings.
      </p>`,
  });
}

export function apiKeyRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    {
      method: "GET",
      url: "/settings/api-keys",
      permission: "configure",
      handler: async (request, reply) => sendHtml(reply, await keysPage(deps, request)),
    },
    {
      method: "POST",
      url: "/settings/api-keys",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const name = field(request, "name").slice(0, 100);
        const scope = field(request, "scope");
        if (!name || !(SCOPES as readonly string[]).includes(scope)) {
          return sendHtml(
            reply,
            await keysPage(deps, request, { error: "Give the key a name and a scope." }),
            400,
          );
        }
        const { key, secret } = await createApiKey(deps.db.orm, {
          sellerId: s.sellerId,
          name,
          scopes: [scope as Scope],
        });
        await auditAsUser(deps, request, {
          action: "api_key.create",
          targetType: "api_key",
          targetId: key.id,
          data: { name, scope },
        });
        return sendHtml(reply, await keysPage(deps, request, { secret }));
      },
    },
    {
      method: "POST",
      url: "/settings/api-keys/:id/revoke",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = (request.params as { id: string }).id;
        const revoked = isUuid(id) ? await revokeApiKey(deps.db.orm, s.sellerId, id) : undefined;
        if (!revoked) throw new AppError("SW_ERR_NOT_FOUND", "No live key with this id.");
        await auditAsUser(deps, request, { action: "api_key.revoke", targetType: "api_key", targetId: id });
        return redirectWithFlash(deps, reply, "/app/settings/api-keys", `Key ${revoked.name} revoked.`);
      },
    },
  ];
}
