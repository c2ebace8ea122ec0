/**
 * Settings › Shops: connect a Shopify shop or a WooCommerce site (a generated webhook secret is shown once),
 * replace its credentials or secret, disable it or its write-back, disconnect it, see its write-backs. The form
 * becomes the same input as /v1/commerce/connections' body and goes through the same schema and functions
 * (src/commerce/connection-service.ts), which also name the audit entry: the API and the page cannot disagree.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import {
  changeBody,
  changeConnection,
  connectBody,
  connectShop,
  disconnectShop,
  listWritebacks,
  type ChangeInput,
  type Refusal,
} from "../../../commerce/connection-service.js";
import { getConnection, listConnections, type ConnectionView } from "../../../commerce/connections.js";
import { publicUrlOf } from "../../../config/index.js";
import { AppError } from "../../../core/errors.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { shopConnectionPage } from "../views/shop-connection-view.js";
import { hookUrl, shopsSettingsPage, type ShopsSettingsData } from "../views/shops-settings-view.js";
import { isUuid } from "../../../core/ids.js";

const WRITEBACKS_SHOWN = 50;

/** The form's names for the schema's fields, so a refusal names what the person sees. */
const LABELS: Record<string, string> = {
  platform: "Platform",
  shop: "Shop",
  webhookSecret: "Webhook secret",
  accessToken: "Admin API access token",
  consumerKey: "Consumer key",
  consumerSecret: "Consumer secret",
};

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const key = String(issue.path.at(-1) ?? "");
  return `${LABELS[key] ?? key}: ${issue.message}`;
}

/** Only the fields the person filled in: an empty one means "not given", as a missing key does in the API. */
function given<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Partial<T>;
}

function credentialsOf(request: FastifyRequest) {
  const typed = given({
    accessToken: field(request, "accessToken"),
    consumerKey: field(request, "consumerKey"),
    consumerSecret: field(request, "consumerSecret"),
  });
  return Object.keys(typed).length ? typed : undefined;
}

/** A yes/no setting posted as "true"/"false" by its button; absent when the form did not carry it. */
function flag(request: FastifyRequest, name: string): boolean | undefined {
  const value = field(request, name);
  return value === "true" ? true : value === "false" ? false : undefined;
}

function connectionOf(deps: DashboardDeps, request: FastifyRequest): Promise<ConnectionView | null> {
  const id = (request.params as { id: string }).id;
  return isUuid(id) ? getConnection(deps.db, sessionOf(request).sellerId, id) : Promise.resolve(null);
}

const noSuchConnection = () => new AppError("SW_ERR_NOT_FOUND", "No shop connection with this id.");

async function renderShops(
  deps: DashboardDeps,
  request: FastifyRequest,
  extra: Pick<ShopsSettingsData, "created" | "error"> = {},
) {
  const s = sessionOf(request);
  return shopsSettingsPage(request, {
    connections: await listConnections(deps.db, s.sellerId),
    base: publicUrlOf(deps.config),
    slug: s.sellerSlug,
    ...extra,
  });
}

async function renderConnection(
  deps: DashboardDeps,
  request: FastifyRequest,
  connection: ConnectionView,
  error?: string,
) {
  const before = Number(queryParam(request, "before"));
  const writebacks = await listWritebacks(deps.db, connection.id, {
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    limit: WRITEBACKS_SHOWN,
  });
  return shopConnectionPage(request, {
    connection,
    webhookUrl: hookUrl(publicUrlOf(deps.config), sessionOf(request).sellerSlug, connection.platform),
    writebacks,
    olderBefore: writebacks.length === WRITEBACKS_SHOWN ? writebacks.at(-1)!.id : undefined,
    error,
  });
}

/** A refusal's status on the page: not found is the error page, the others the form again with the reason. */
function statusOf(refusal: Refusal): number {
  if (refusal.code === "SW_ERR_NOT_FOUND") throw noSuchConnection();
  return refusal.code === "SW_ERR_CONFLICT" ? 409 : 400;
}

/** What a change did, in words, for the flash message. */
function changedMessage(input: ChangeInput): string {
  const done = [
    input.credentials ? "Credentials replaced." : "",
    input.webhookSecret ? "Webhook secret replaced; set the same one in the shop." : "",
    input.enabled === true ? "Connection enabled: its webhooks are accepted again." : "",
    input.enabled === false
      ? "Connection disabled: its webhooks are refused and nothing is written back."
      : "",
    input.writeback === true ? "Write-back turned on." : "",
    input.writeback === false ? "Write-back turned off." : "",
  ];
  return done.filter(Boolean).join(" ");
}

export function shopsSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  const showConnection = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error?: string,
    status = 200,
  ) => {
    const connection = await connectionOf(deps, request);
    if (!connection) throw noSuchConnection();
    return sendHtml(reply, await renderConnection(deps, request, connection, error), status);
  };
  return [
    {
      method: "GET",
      url: "/settings/shops",
      permission: "configure",
      handler: async (request, reply) => sendHtml(reply, await renderShops(deps, request)),
    },
    {
      method: "POST",
      url: "/settings/shops",
      permission: "configure",
      async handler(request, reply) {
        const parsed = connectBody.safeParse(
          given({
            platform: field(request, "platform"),
            shop: field(request, "shop"),
            credentials: credentialsOf(request),
            webhookSecret: field(request, "webhookSecret"),
            writeback: field(request, "writeback") === "on",
          }),
        );
        if (!parsed.success)
          return sendHtml(reply, await renderShops(deps, request, { error: problemOf(parsed.error) }), 400);
        const outcome = await connectShop(db, sessionOf(request).sellerId, parsed.data);
        if (!outcome.ok)
          return sendHtml(
            reply,
            await renderShops(deps, request, { error: outcome.problem }),
            statusOf(outcome),
          );
        await auditAsUser(deps, request, outcome.audit);
        // Rendered, not redirected: a generated secret is on this one page and nowhere else.
        const created = { connection: outcome.connection, webhookSecret: outcome.webhookSecret };
        return sendHtml(reply, await renderShops(deps, request, { created }));
      },
    },
    {
      method: "GET",
      url: "/settings/shops/:id",
      permission: "configure",
      handler: (request, reply) => showConnection(request, reply),
    },
    {
      method: "POST",
      url: "/settings/shops/:id",
      permission: "configure",
      async handler(request, reply) {
        const input = given({
          credentials: credentialsOf(request),
          webhookSecret: field(request, "webhookSecret"),
          enabled: flag(request, "enabled"),
          writeback: flag(request, "writeback"),
        });
        if (Object.keys(input).length === 0)
          return showConnection(
            request,
            reply,
            "Nothing to change: fill in new credentials or a webhook secret.",
            400,
          );
        const parsed = changeBody.safeParse(input);
        if (!parsed.success) return showConnection(request, reply, problemOf(parsed.error), 400);
        const id = (request.params as { id: string }).id;
        const outcome = isUuid(id)
          ? await changeConnection(db, sessionOf(request).sellerId, id, parsed.data)
          : null;
        if (!outcome) throw noSuchConnection();
        if (!outcome.ok) return showConnection(request, reply, outcome.problem, statusOf(outcome));
        await auditAsUser(deps, request, outcome.audit);
        return redirectWithFlash(deps, reply, `/app/settings/shops/${id}`, changedMessage(parsed.data));
      },
    },
    {
      method: "POST",
      url: "/settings/shops/:id/delete",
      permission: "configure",
      async handler(request, reply) {
        const id = (request.params as { id: string }).id;
        const outcome = isUuid(id) ? await disconnectShop(db, sessionOf(request).sellerId, id) : null;
        if (!outcome?.ok) throw noSuchConnection();
        await auditAsUser(deps, request, outcome.audit);
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/shops",
          `${outcome.connection.shop} is disconnected: its webhooks are refused; its orders and shipments stay.`,
        );
      },
    },
  ];
}
