/**
 * Settings › Carriers & webhooks, and carrier accounts: add (with a connection test), edit settings, replace
 * credentials, disable, enable, delete. Credentials go through upsertCarrierAccount, as the API's would; the
 * account's other columns through carrier-account-settings.ts. Nothing here reads stored credentials.
 */
import type { FastifyRequest } from "fastify";
import { getCarrier } from "../../../carriers/registry.js";
import { publicUrlOf } from "../../../config/index.js";
import { AppError } from "../../../core/errors.js";
import { listCarrierAccounts, type CarrierAccountRow } from "../../../db/repositories/dashboard-settings.js";
import { upsertCarrierAccount } from "../../../ingest/polling/carrier-accounts.js";
import {
  deleteCarrierAccount,
  setCarrierAccountEnabled,
  updateCarrierAccountSettings,
} from "../../../ingest/polling/carrier-account-settings.js";
import { testCarrierConnection } from "../../../ingest/polling/carrier-connection-test.js";
import { credentialFields } from "../../../ingest/polling/carrier-credential-fields.js";
import { listWebhookEndpoints } from "../../../ingest/webhooks/endpoints.js";
import { webhookSourceIds } from "../../../ingest/webhooks/sources.js";
import { page } from "../layout.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import {
  addAccountBody,
  editAccountBody,
  pollableCarriers,
  type AccountFormValues,
} from "../views/carrier-account-views.js";
import { carrierSettingsPage, type CarrierSettingsData } from "../views/carrier-settings-view.js";
import { settingsNav } from "../views/settings-nav.js";
import { html } from "../html.js";
import { isUuid } from "../../../core/ids.js";

/** The whole Carriers & webhooks page, with a secret to show once or an error. */
export async function renderCarrierSettings(
  deps: DashboardDeps,
  request: FastifyRequest,
  extra: Pick<CarrierSettingsData, "shownSecret" | "error"> = {},
) {
  const s = sessionOf(request);
  const [accounts, endpoints] = await Promise.all([
    listCarrierAccounts(deps.db, s.sellerId),
    listWebhookEndpoints(deps.db, s.sellerId),
  ]);
  return carrierSettingsPage(request, {
    accounts,
    endpoints,
    sources: webhookSourceIds(),
    base: publicUrlOf(deps.config),
    slug: s.sellerSlug,
    ...extra,
  });
}

/** The settings part of an account form as typed, and what is wrong with it (if anything). */
function readSettings(
  request: FastifyRequest,
  carrier: string,
): { values: AccountFormValues; error?: string } {
  const name = field(request, "name");
  const rpm = Number(field(request, "requestsPerMinute"));
  const burst = Number(field(request, "burst"));
  const baseUrl = field(request, "baseUrl");
  const values: AccountFormValues = {
    carrier,
    name,
    polling: field(request, "polling") === "on",
    push: field(request, "push") === "on" && Boolean(getCarrier(carrier)?.pushApi),
    requestsPerMinute: Number.isFinite(rpm) ? rpm : 60,
    burst: Number.isFinite(burst) ? burst : 10,
    baseUrl,
    credentials: readCredentials(request, carrier),
  };
  let error: string | undefined;
  if (!/^[\w .@-]{1,60}$/.test(name)) error = "Give the account a name (letters, digits, spaces, . @ _ -).";
  else if (!Number.isInteger(rpm) || rpm < 1 || rpm > 100_000)
    error = "Requests per minute must be a whole number from 1 to 100000.";
  else if (!Number.isInteger(burst) || burst < 1 || burst > 100_000)
    error = "Burst must be a whole number from 1 to 100000.";
  else if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl))
    error = "The base URL must start with https:// or http://.";
  return error ? { values, error } : { values };
}

/** The credential fields typed for this carrier (empty ones left out). */
function readCredentials(request: FastifyRequest, carrier: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of credentialFields(carrier) ?? []) {
    const value = field(request, `cred_${f.name}`);
    if (value) out[f.name] = value.slice(0, 4000);
  }
  return out;
}

function missingCredentials(carrier: string, typed: Record<string, string>): string | undefined {
  const missing = (credentialFields(carrier) ?? []).filter((f) => f.required && !typed[f.name]);
  return missing.length ? `Fill in ${missing.map((f) => f.name).join(", ")}.` : undefined;
}

async function accountOf(deps: DashboardDeps, request: FastifyRequest): Promise<CarrierAccountRow> {
  const id = (request.params as { id: string }).id;
  const account = isUuid(id)
    ? (await listCarrierAccounts(deps.db, sessionOf(request).sellerId)).find((a) => a.id === id)
    : undefined;
  if (!account) throw new AppError("SW_ERR_NOT_FOUND", "No carrier account with this id.");
  return account;
}

const settingsPage = (request: FastifyRequest, title: string, body: ReturnType<typeof html>) =>
  page(request, { title, section: "settings", body: html`${settingsNav("carriers")}${body}` });

export function carrierSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  const showEdit = async (
    request: FastifyRequest,
    o: Parameters<typeof editAccountBody>[2] = {},
    status = 200,
  ) => {
    const account = await accountOf(deps, request);
    return { page: settingsPage(request, "Settings", editAccountBody(request, account, o)), status };
  };
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
      handler: async (request, reply) => sendHtml(reply, await renderCarrierSettings(deps, request)),
    },
    {
      method: "GET",
      url: "/settings/carriers/new",
      permission: "configure",
      async handler(request, reply) {
        const carrier = queryParam(request, "carrier");
        if (!pollableCarriers().some((c) => c.id === carrier))
          throw new AppError("SW_ERR_NOT_FOUND", "Choose a carrier that can be polled.");
        const values: AccountFormValues = {
          carrier,
          name: "default",
          polling: true,
          push: false,
          requestsPerMinute: 60,
          burst: 10,
          baseUrl: "",
          credentials: {},
        };
        return sendHtml(reply, settingsPage(request, "Settings", addAccountBody(request, values, {})));
      },
    },
    {
      method: "POST",
      url: "/settings/carriers/accounts",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const carrier = field(request, "carrier");
        if (!pollableCarriers().some((c) => c.id === carrier))
          throw new AppError("SW_ERR_VALIDATION", "Choose a carrier that can be polled.");
        const { values, error } = readSettings(request, carrier);
        const again = (o: Parameters<typeof addAccountBody>[2], status: number) =>
          sendHtml(reply, settingsPage(request, "Settings", addAccountBody(request, values, o)), status);
        if (error) return again({ error }, 400);
        const missing = missingCredentials(carrier, values.credentials);
        if (missing) return again({ error: missing }, 400);
        if (field(request, "intent") === "test") {
          const test = await testCarrierConnection({
            carrier,
            credentials: values.credentials,
            baseUrl: values.baseUrl || undefined,
          });
          await auditAsUser(deps, request, {
            action: "carrier_account.tested",
            targetType: "carrier_account",
            data: { carrier, ok: test.ok },
          });
          return again({ test }, 200);
        }
        const existing = await listCarrierAccounts(db, s.sellerId);
        if (existing.some((a) => a.carrier === carrier && a.name === values.name))
          return again(
            { error: `There is a ${carrier} account named ${values.name} already; edit it instead.` },
            409,
          );
        const account = await upsertCarrierAccount(db, {
          sellerId: s.sellerId,
          carrier,
          name: values.name,
          credentials: values.credentials,
          baseUrl: values.baseUrl || null,
          polling: values.polling,
          push: values.push,
          requestsPerMinute: values.requestsPerMinute,
          burst: values.burst,
        });
        await auditAsUser(deps, request, {
          action: "carrier_account.created",
          targetType: "carrier_account",
          targetId: account.id,
          data: { carrier, name: values.name, credentialFields: Object.keys(values.credentials) },
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/carriers",
          `${getCarrier(carrier)?.label ?? carrier} account ${values.name} added.`,
        );
      },
    },
    {
      method: "GET",
      url: "/settings/carriers/accounts/:id",
      permission: "configure",
      async handler(request, reply) {
        const shown = await showEdit(request);
        return sendHtml(reply, shown.page, shown.status);
      },
    },
    {
      method: "POST",
      url: "/settings/carriers/accounts/:id",
      permission: "configure",
      async handler(request, reply) {
        const account = await accountOf(deps, request);
        const { values, error } = readSettings(request, account.carrier);
        if (error) {
          const shown = await showEdit(request, { error, values }, 400);
          return sendHtml(reply, shown.page, shown.status);
        }
        const outcome = await updateCarrierAccountSettings(db, sessionOf(request).sellerId, account.id, {
          name: values.name,
          polling: values.polling,
          push: values.push,
          requestsPerMinute: values.requestsPerMinute,
          burst: values.burst,
          baseUrl: values.baseUrl || null,
        });
        if (outcome === "not_found")
          throw new AppError("SW_ERR_NOT_FOUND", "No carrier account with this id.");
        if (outcome === "conflict") {
          const error = `Another ${account.carrier} account is named ${values.name}.`;
          const shown = await showEdit(request, { error, values }, 409);
          return sendHtml(reply, shown.page, shown.status);
        }
        await auditAsUser(deps, request, {
          action: "carrier_account.updated",
          targetType: "carrier_account",
          targetId: account.id,
          data: {
            from: {
              name: account.name,
              polling: account.polling,
              push: account.push,
              requestsPerMinute: account.requestsPerMinute,
            },
            to: {
              name: values.name,
              polling: values.polling,
              push: values.push,
              requestsPerMinute: values.requestsPerMinute,
            },
          },
        });
        return redirectWithFlash(
          deps,
          reply,
          `/app/settings/carriers/accounts/${account.id}`,
          "Settings saved.",
        );
      },
    },
    {
      method: "POST",
      url: "/settings/carriers/accounts/:id/credentials",
      permission: "configure",
      async handler(request, reply) {
        const account = await accountOf(deps, request);
        const typed = readCredentials(request, account.carrier);
        const missing = missingCredentials(account.carrier, typed);
        if (missing) {
          const shown = await showEdit(request, { error: missing, typed }, 400);
          return sendHtml(reply, shown.page, shown.status);
        }
        if (field(request, "intent") === "test") {
          const test = await testCarrierConnection({
            carrier: account.carrier,
            credentials: typed,
            baseUrl: account.baseUrl ?? undefined,
          });
          await auditAsUser(deps, request, {
            action: "carrier_account.tested",
            targetType: "carrier_account",
            targetId: account.id,
            data: { carrier: account.carrier, ok: test.ok },
          });
          const shown = await showEdit(request, { test, typed });
          return sendHtml(reply, shown.page, shown.status);
        }
        const sellerId = sessionOf(request).sellerId;
        await upsertCarrierAccount(db, {
          sellerId,
          carrier: account.carrier,
          name: account.name,
          credentials: typed,
          baseUrl: account.baseUrl,
          polling: account.polling,
          push: account.push,
          requestsPerMinute: account.requestsPerMinute,
          burst: account.burst,
        });
        // Saving credentials (re-)enables an account; a disabled one stays disabled until someone enables it.
        if (!account.enabled) await setCarrierAccountEnabled(db, sellerId, account.id, false);
        await auditAsUser(deps, request, {
          action: "carrier_account.credentials_replaced",
          targetType: "carrier_account",
          targetId: account.id,
          data: { carrier: account.carrier, credentialFields: Object.keys(typed) },
        });
        return redirectWithFlash(
          deps,
          reply,
          `/app/settings/carriers/accounts/${account.id}`,
          "Credentials replaced.",
        );
      },
    },
    {
      method: "POST",
      url: "/settings/carriers/accounts/:id/enabled",
      permission: "configure",
      async handler(request, reply) {
        const account = await accountOf(deps, request);
        const enabled = field(request, "enabled") === "true";
        await setCarrierAccountEnabled(db, sessionOf(request).sellerId, account.id, enabled);
        await auditAsUser(deps, request, {
          action: enabled ? "carrier_account.enabled" : "carrier_account.disabled",
          targetType: "carrier_account",
          targetId: account.id,
          data: { carrier: account.carrier, name: account.name },
        });
        return redirectWithFlash(
          deps,
          reply,
          `/app/settings/carriers/accounts/${account.id}`,
          enabled
            ? "Account enabled: its shipments are polled again."
            : "Account disabled: it is not used to poll.",
        );
      },
    },
    {
      method: "POST",
      url: "/settings/carriers/accounts/:id/delete",
      permission: "configure",
      async handler(request, reply) {
        const account = await accountOf(deps, request);
        const deleted = await deleteCarrierAccount(db, sessionOf(request).sellerId, account.id);
        if (!deleted) throw new AppError("SW_ERR_NOT_FOUND", "No carrier account with this id.");
        await auditAsUser(deps, request, {
          action: "carrier_account.deleted",
          targetType: "carrier_account",
          targetId: account.id,
          data: deleted,
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/carriers",
          `The ${deleted.carrier} account ${deleted.name} was deleted.`,
        );
      },
    },
  ];
}
