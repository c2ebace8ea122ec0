/**
 * Settings › Outgoing & helpdesk: add a signed webhook (its secret shown once) or connect Zendesk or Gorgias; on an
 * endpoint's page change it, turn it off and on, give it a new signing secret, remove it, and send a delivery
 * again. Everything goes through the functions /v1/outgoing-webhooks uses (outgoing-endpoint-changes.ts), with
 * the same checks (the URL's SSRF guard, the helpdesk config) and the same audit actions.
 */
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { AppError } from "../../../core/errors.js";
import { newestTickets, ticketsOfEndpoint } from "../../../helpdesk/tickets.js";
import {
  addOutgoingEndpoint,
  changeOutgoingEndpoint,
  deleteOutgoingEndpoint,
  outgoingEndpointBody,
  outgoingEndpointPatch,
} from "../../../notifications/outgoing-endpoint-changes.js";
import {
  getOutgoingEndpoint,
  listDeliveries,
  listOutgoingEndpoints,
  newestDeliveries,
  rotateOutgoingSigningSecret,
  type OutgoingEndpointRow,
} from "../../../notifications/outgoing-endpoints.js";
import { redeliver } from "../../../notifications/webhook-out.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import {
  field,
  fieldList,
  queryParam,
  sessionOf,
  type DashboardDeps,
  type DashboardRoute,
} from "../route.js";
import {
  endpointName,
  HELPDESKS,
  outgoingEndpointPage,
  outgoingSettingsPage,
  type EndpointPageData,
  type HelpdeskFormValues,
  type HelpdeskId,
  type OutgoingListData,
  type WebhookFormValues,
} from "../views/outgoing-settings-view.js";
import { isUuid } from "../../../core/ids.js";

const DELIVERIES_PER_PAGE = 50;

/** What a person reads for a field the shared checks refused. */
const FIELD_NAMES: Record<string, string> = {
  url: "The URL",
  name: "The name",
  topics: "The events",
  subdomain: "The account",
  domain: "The account",
  email: "The e-mail address",
  username: "The e-mail address",
  apiToken: "The API token",
  apiKey: "The API key",
};

/** The first problem of a refused form, in words ("The URL: Invalid URL"); a list field by its name, not index. */
function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const name = issue.path.filter((p): p is string => typeof p === "string").at(-1) ?? "";
  if (name === "topics") return "The events: choose them from the list.";
  return `${FIELD_NAMES[name] ?? "The form"}: ${issue.message}.`;
}

/** An AppError of the shared checks ("body.url: 127.0.0.1 is a loopback address") in words. */
function appProblem(error: AppError): string {
  const detail = error.message;
  const match = /^body\.(?:config\.)?(\w+): (.*)$/.exec(detail);
  return match ? `${FIELD_NAMES[match[1]!] ?? "The form"} cannot be used: ${match[2]}.` : detail;
}

function readWebhookForm(request: FastifyRequest): WebhookFormValues {
  return { name: field(request, "name"), url: field(request, "url"), topics: fieldList(request, "topics") };
}

function readHelpdeskForm(request: FastifyRequest): HelpdeskFormValues & { key: string } {
  const helpdesk = field(request, "helpdesk");
  return {
    helpdesk: helpdesk in HELPDESKS ? (helpdesk as HelpdeskId) : "zendesk",
    name: field(request, "name"),
    account: field(request, "account").toLowerCase(),
    user: field(request, "user"),
    key: field(request, "key"),
  };
}

/** A helpdesk form as the config helpdeskConfigSchema reads (zendesk: subdomain, email, apiToken; …). */
function helpdeskConfig(v: HelpdeskFormValues & { key: string }) {
  const fields = HELPDESKS[v.helpdesk];
  return { preset: v.helpdesk, [fields.account]: v.account, [fields.user]: v.user, [fields.key]: v.key };
}

async function endpointOf(deps: DashboardDeps, request: FastifyRequest): Promise<OutgoingEndpointRow> {
  const id = (request.params as { id: string }).id;
  const endpoint = isUuid(id) ? await getOutgoingEndpoint(deps.db, sessionOf(request).sellerId, id) : null;
  if (!endpoint) throw new AppError("SW_ERR_NOT_FOUND", "No webhook or helpdesk with this id.");
  return endpoint;
}

export function outgoingSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  const allowPrivate = deps.config.allowPrivateWebhookTargets;

  async function listPage(
    request: FastifyRequest,
    extra: Omit<OutgoingListData, "endpoints" | "lastDelivery" | "lastTicket">,
  ) {
    const sellerId = sessionOf(request).sellerId;
    const [endpoints, lastDelivery, lastTicket] = await Promise.all([
      listOutgoingEndpoints(db, sellerId),
      newestDeliveries(db, sellerId),
      newestTickets(db, sellerId),
    ]);
    return outgoingSettingsPage(request, { endpoints, lastDelivery, lastTicket, ...extra });
  }

  async function endpointPage(
    request: FastifyRequest,
    endpoint: OutgoingEndpointRow,
    extra: Pick<EndpointPageData, "shownSecret" | "error" | "form"> = {},
  ) {
    const before = Number(queryParam(request, "before"));
    const deliveries = await listDeliveries(
      db,
      endpoint.id,
      Number.isInteger(before) && before > 0 ? before : null,
      DELIVERIES_PER_PAGE,
    );
    const tickets =
      endpoint.kind === "helpdesk" ? await ticketsOfEndpoint(db, endpoint.seller_id, endpoint.id, 50) : [];
    const olderBefore = deliveries.length === DELIVERIES_PER_PAGE ? Number(deliveries.at(-1)!.id) : null;
    return outgoingEndpointPage(request, { endpoint, deliveries, tickets, olderBefore, ...extra });
  }

  /** Adds an endpoint from a form through the API's checks; a refusal comes back in words. */
  async function addFromForm(
    request: FastifyRequest,
    value: unknown,
  ): Promise<{ created: Awaited<ReturnType<typeof addOutgoingEndpoint>> } | { error: string }> {
    const body = outgoingEndpointBody.safeParse(value);
    if (!body.success) return { error: zodProblem(body.error) };
    try {
      return { created: await addOutgoingEndpoint(db, sessionOf(request).sellerId, body.data, allowPrivate) };
    } catch (error) {
      if (error instanceof AppError) return { error: appProblem(error) };
      throw error;
    }
  }

  /** Changes an endpoint from a form through the API's checks; the refusal in words, or null when saved. */
  async function changeFromForm(endpoint: OutgoingEndpointRow, value: unknown): Promise<string | null> {
    const patch = outgoingEndpointPatch.safeParse(value);
    if (!patch.success) return zodProblem(patch.error);
    try {
      await changeOutgoingEndpoint(db, endpoint.seller_id, endpoint.id, patch.data, allowPrivate);
      return null;
    } catch (error) {
      if (error instanceof AppError && error.code !== "SW_ERR_NOT_FOUND") return appProblem(error);
      throw error;
    }
  }

  const audit = (request: FastifyRequest, action: string, targetId: string, data?: Record<string, unknown>) =>
    auditAsUser(deps, request, { action, targetType: "webhook_endpoint", targetId, data });

  return [
    {
      method: "GET",
      url: "/settings/outgoing",
      permission: "configure",
      handler: async (request, reply) => sendHtml(reply, await listPage(request, {})),
    },
    {
      method: "POST",
      url: "/settings/outgoing/webhooks",
      permission: "configure",
      async handler(request, reply) {
        const form = readWebhookForm(request);
        const again = async (error: string, status: number) =>
          sendHtml(reply, await listPage(request, { error, webhookForm: form }), status);
        const added = await addFromForm(request, { kind: "webhook", ...form });
        if ("error" in added) return again(added.error, 400);
        const { endpoint, secret } = added.created;
        await audit(request, "webhook_endpoint.create", endpoint.id, { kind: "webhook", url: endpoint.url });
        const shownSecret = { name: endpointName(endpoint), secret: secret! };
        return sendHtml(reply, await endpointPage(request, endpoint, { shownSecret }));
      },
    },
    {
      method: "POST",
      url: "/settings/outgoing/helpdesks",
      permission: "configure",
      async handler(request, reply) {
        const form = readHelpdeskForm(request);
        const again = async (error: string, status: number) =>
          sendHtml(reply, await listPage(request, { error, helpdeskForm: form }), status);
        const added = await addFromForm(request, {
          kind: "helpdesk",
          name: form.name || HELPDESKS[form.helpdesk].label,
          config: helpdeskConfig(form),
        });
        if ("error" in added) return again(added.error, 400);
        const { created } = added;
        await audit(request, "webhook_endpoint.create", created.endpoint.id, {
          kind: "helpdesk",
          url: created.endpoint.url,
        });
        return redirectWithFlash(
          deps,
          reply,
          `/app/settings/outgoing/${created.endpoint.id}`,
          `${created.endpoint.name} is connected. Choose it on the rules that should open tickets, in Settings › Alerts.`,
        );
      },
    },
    {
      method: "GET",
      url: "/settings/outgoing/:id",
      permission: "configure",
      handler: async (request, reply) =>
        sendHtml(reply, await endpointPage(request, await endpointOf(deps, request))),
    },
    {
      method: "POST",
      url: "/settings/outgoing/:id",
      permission: "configure",
      async handler(request, reply) {
        const endpoint = await endpointOf(deps, request);
        if (endpoint.kind !== "webhook")
          throw new AppError(
            "SW_ERR_CONFLICT",
            "A helpdesk's URL follows its account: replace its credentials.",
          );
        const form = readWebhookForm(request);
        const again = async (error: string) =>
          sendHtml(reply, await endpointPage(request, endpoint, { error, form }), 400);
        const error = await changeFromForm(endpoint, form);
        if (error) return again(error);
        await audit(request, "webhook_endpoint.update", endpoint.id, { fields: ["name", "url", "topics"] });
        return redirectWithFlash(deps, reply, `/app/settings/outgoing/${endpoint.id}`, "Saved.");
      },
    },
    {
      method: "POST",
      url: "/settings/outgoing/:id/credentials",
      permission: "configure",
      async handler(request, reply) {
        const endpoint = await endpointOf(deps, request);
        const preset = String(endpoint.config.preset ?? "");
        if (endpoint.kind !== "helpdesk" || !(preset in HELPDESKS))
          throw new AppError(
            "SW_ERR_CONFLICT",
            "Only a Zendesk or Gorgias connection has credentials to replace.",
          );
        const form = { ...readHelpdeskForm(request), helpdesk: preset as HelpdeskId };
        // The config is replaced whole, credentials included: carry the connection's ticket tags over.
        const { tags } = endpoint.config as { tags?: unknown };
        const error = await changeFromForm(endpoint, {
          config: { ...helpdeskConfig(form), ...(Array.isArray(tags) ? { tags } : {}) },
        });
        if (error) return sendHtml(reply, await endpointPage(request, endpoint, { error }), 400);
        await audit(request, "webhook_endpoint.update", endpoint.id, { fields: ["config"] });
        return redirectWithFlash(
          deps,
          reply,
          `/app/settings/outgoing/${endpoint.id}`,
          "Credentials replaced.",
        );
      },
    },
    {
      method: "POST",
      url: "/settings/outgoing/:id/enabled",
      permission: "configure",
      async handler(request, reply) {
        const endpoint = await endpointOf(deps, request);
        const enabled = field(request, "enabled") === "true";
        await changeOutgoingEndpoint(db, endpoint.seller_id, endpoint.id, { enabled }, allowPrivate);
        await audit(request, "webhook_endpoint.update", endpoint.id, { fields: ["enabled"] });
        const name = endpointName(endpoint);
        return redirectWithFlash(
          deps,
          reply,
          `/app/settings/outgoing/${endpoint.id}`,
          enabled ? `${name} is on again.` : `${name} is off: nothing is sent to it until it is turned on.`,
        );
      },
    },
    {
      method: "POST",
      url: "/settings/outgoing/:id/rotate",
      permission: "configure",
      async handler(request, reply) {
        const endpoint = await endpointOf(deps, request);
        const rotated = await rotateOutgoingSigningSecret(db, endpoint.seller_id, endpoint.id);
        if (!rotated)
          throw new AppError("SW_ERR_CONFLICT", "A helpdesk signs nothing: it has no signing secret.");
        await audit(request, "webhook_endpoint.rotate", endpoint.id);
        const shownSecret = { name: endpointName(endpoint), secret: rotated.secret };
        return sendHtml(reply, await endpointPage(request, rotated.endpoint, { shownSecret }));
      },
    },
    {
      method: "POST",
      url: "/settings/outgoing/:id/delete",
      permission: "configure",
      async handler(request, reply) {
        const endpoint = await endpointOf(deps, request);
        await deleteOutgoingEndpoint(db, endpoint.seller_id, endpoint.id);
        await audit(request, "webhook_endpoint.delete", endpoint.id);
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/outgoing",
          `${endpointName(endpoint)} is removed: nothing more is sent to it.`,
        );
      },
    },
    {
      method: "POST",
      url: "/settings/outgoing/deliveries/:id/redeliver",
      permission: "configure",
      async handler(request, reply) {
        const id = Number((request.params as { id: string }).id);
        const s = sessionOf(request);
        if (!Number.isSafeInteger(id) || id <= 0 || !(await redeliver(db, s.sellerId, id)))
          throw new AppError("SW_ERR_NOT_FOUND", "No delivery with this id.");
        await auditAsUser(deps, request, {
          action: "webhook_delivery.redeliver",
          targetType: "webhook_delivery",
          targetId: String(id),
        });
        const endpoint = field(request, "endpoint");
        const back = isUuid(endpoint) ? `/app/settings/outgoing/${endpoint}` : "/app/settings/outgoing";
        return redirectWithFlash(deps, reply, back, "Queued to be sent again now.");
      },
    },
  ];
}
