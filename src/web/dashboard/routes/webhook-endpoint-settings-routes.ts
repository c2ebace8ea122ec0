/**
 * Settings › inbound webhook endpoints: create (the secret is shown once), rotate the secret (the old one keeps
 * verifying for 24 hours), stop receiving. The same functions as /v1/webhook-endpoints, the same audit actions.
 */
import { AppError } from "../../../core/errors.js";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
} from "../../../ingest/webhooks/endpoints.js";
import { webhookSourceIds } from "../../../ingest/webhooks/sources.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { renderCarrierSettings } from "./carrier-settings-routes.js";
import { isUuid } from "../../../core/ids.js";

const idOf = (params: unknown) => {
  const id = (params as { id: string }).id;
  return isUuid(id) ? id : undefined;
};

export function webhookEndpointSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "POST",
      url: "/settings/webhooks",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const source = field(request, "source");
        const providerSecret = field(request, "secret");
        let error: string | undefined;
        if (!webhookSourceIds().includes(source)) error = "Choose a source that sends webhooks.";
        else if (providerSecret && (providerSecret.length < 16 || providerSecret.length > 20_000))
          error = "A secret issued by the sender has at least 16 characters.";
        if (error) return sendHtml(reply, await renderCarrierSettings(deps, request, { error }), 400);
        const created = await createWebhookEndpoint(db, {
          sellerId: s.sellerId,
          source,
          ...(providerSecret ? { secret: providerSecret } : {}),
        });
        if (!created) {
          const conflict = `A ${source} endpoint exists already; rotate its secret instead.`;
          return sendHtml(reply, await renderCarrierSettings(deps, request, { error: conflict }), 409);
        }
        await auditAsUser(deps, request, {
          action: "webhook_endpoint.create",
          targetType: "webhook_endpoint",
          targetId: created.endpoint.id,
          data: { source },
        });
        // A secret the sender issued is theirs to know: only a generated one needs showing.
        const shownSecret = providerSecret ? undefined : { source, secret: created.secret };
        return sendHtml(reply, await renderCarrierSettings(deps, request, { shownSecret }));
      },
    },
    {
      method: "POST",
      url: "/settings/webhooks/:id/rotate",
      permission: "configure",
      async handler(request, reply) {
        const id = idOf(request.params);
        const rotated = id ? await rotateWebhookSecret(db, sessionOf(request).sellerId, id) : null;
        if (!rotated) throw new AppError("SW_ERR_NOT_FOUND", "No webhook endpoint with this id.");
        await auditAsUser(deps, request, {
          action: "webhook_endpoint.rotate",
          targetType: "webhook_endpoint",
          targetId: rotated.endpoint.id,
          data: { source: rotated.endpoint.source },
        });
        return sendHtml(
          reply,
          await renderCarrierSettings(deps, request, {
            shownSecret: { source: rotated.endpoint.source, secret: rotated.secret },
          }),
        );
      },
    },
    {
      method: "POST",
      url: "/settings/webhooks/:id/delete",
      permission: "configure",
      async handler(request, reply) {
        const id = idOf(request.params);
        const deleted = id ? await deleteWebhookEndpoint(db, sessionOf(request).sellerId, id) : null;
        if (!deleted) throw new AppError("SW_ERR_NOT_FOUND", "No webhook endpoint with this id.");
        await auditAsUser(deps, request, {
          action: "webhook_endpoint.delete",
          targetType: "webhook_endpoint",
          targetId: deleted.id,
          data: { source: deleted.source },
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/carriers#inbound",
          `${deleted.source} webhooks are refused from now on.`,
        );
      },
    },
  ];
}
