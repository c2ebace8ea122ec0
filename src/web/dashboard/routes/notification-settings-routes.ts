/** Settings › Notifications: policy (validated by src/notifications/policy.ts) and templates with preview. */
import type { FastifyRequest } from "fastify";
import { findSellerById } from "../../../db/repositories/sellers.js";
import {
  listTemplates,
  saveNotificationPolicy,
  saveTemplate,
  storedNotificationPolicy,
  type TemplateRow,
} from "../../../db/repositories/dashboard-settings.js";
import {
  CHANNELS,
  TRIGGERS,
  channelsFor,
  policySchema,
  resolvePolicy,
} from "../../../notifications/policy.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, fieldList, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { notificationsPage, type NotificationsData } from "../views/notifications-view.js";
import { renderTemplatePreview } from "../views/template-preview.js";

async function data(deps: DashboardDeps, request: FastifyRequest, extra: Partial<NotificationsData> = {}) {
  const s = sessionOf(request);
  const policy = resolvePolicy(await storedNotificationPolicy(deps.db, s.sellerId));
  const effectiveChannels = Object.fromEntries(TRIGGERS.map((t) => [t, channelsFor(policy, t, null)]));
  return { policy, effectiveChannels, templates: await listTemplates(deps.db, s.sellerId), ...extra };
}

export function notificationSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    {
      method: "GET",
      url: "/settings/notifications",
      permission: "configure",
      handler: async (request, reply) =>
        sendHtml(reply, notificationsPage(request, await data(deps, request))),
    },
    {
      method: "POST",
      url: "/settings/notifications",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const stored = (await storedNotificationPolicy(deps.db, s.sellerId)) as Record<string, unknown>;
        const start = field(request, "quietStart");
        const end = field(request, "quietEnd");
        const candidate = {
          ...stored,
          channels: Object.fromEntries(
            TRIGGERS.map((t) => [
              t,
              fieldList(request, `ch_${t}`).filter((c) => (CHANNELS as readonly string[]).includes(c)),
            ]),
          ),
          quietHours: start && end ? { start, end } : null,
          maxPerShipment: Number(field(request, "maxPerShipment") || 6),
          // Left out of the form (an older page): keep what is stored.
          ...numberField(request, "burstWindowSeconds"),
          ...numberField(request, "staleAfterHours"),
          smsWhenShopperMustAct: field(request, "smsWhenShopperMustAct") === "1",
          // An unticked box sends nothing: the marker tells "off" from a page that did not have the box.
          ...(field(request, "teamAlertDigestShown")
            ? { teamAlertDigest: field(request, "teamAlertDigest") === "1" }
            : {}),
          teamEmails: field(request, "teamEmails")
            .split(/[\s,;]+/)
            .filter(Boolean),
          ...(field(request, "fromName")
            ? { fromName: field(request, "fromName") }
            : { fromName: undefined }),
          ...(field(request, "fromEmail")
            ? { fromEmail: field(request, "fromEmail") }
            : { fromEmail: undefined }),
          // Left out of the form (an older page): keep what is stored; sent empty: no Reply-To.
          ...((request.body as Record<string, unknown>).replyTo !== undefined
            ? { replyTo: field(request, "replyTo") || undefined }
            : {}),
        };
        const parsed = policySchema.safeParse(JSON.parse(JSON.stringify(candidate)));
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const error = `${issue.path.join(".")}: ${issue.message}`;
          return sendHtml(reply, notificationsPage(request, await data(deps, request, { error })), 400);
        }
        await saveNotificationPolicy(deps.db, s.sellerId, parsed.data);
        await auditAsUser(deps, request, {
          action: "notification_policy.update",
          targetType: "seller",
          targetId: s.sellerId,
        });
        return redirectWithFlash(deps, reply, "/app/settings/notifications", "Notification policy saved.");
      },
    },
    {
      method: "POST",
      url: "/settings/notifications/template",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const draft: TemplateRow = {
          trigger: field(request, "trigger"),
          channel: field(request, "channel"),
          locale: field(request, "locale") || "en",
          subject: field(request, "subject").slice(0, 200) || null,
          bodyText: field(request, "bodyText").slice(0, 5000),
        };
        const valid =
          (TRIGGERS as readonly string[]).includes(draft.trigger) &&
          (CHANNELS as readonly string[]).includes(draft.channel) &&
          /^[a-z]{2}(-[A-Z]{2})?$/.test(draft.locale);
        if (!valid) {
          const error = "Choose a trigger, a channel and a language code such as en or pt-BR.";
          return sendHtml(
            reply,
            notificationsPage(request, await data(deps, request, { draft, error })),
            400,
          );
        }
        if (field(request, "intent") === "preview") {
          const seller = await findSellerById(deps.db.orm, s.sellerId);
          const preview = {
            subject: renderTemplatePreview(draft.subject ?? "", seller?.name ?? "", draft.locale),
            body: renderTemplatePreview(draft.bodyText, seller?.name ?? "", draft.locale),
          };
          return sendHtml(reply, notificationsPage(request, await data(deps, request, { draft, preview })));
        }
        await saveTemplate(deps.db, s.sellerId, draft);
        await auditAsUser(deps, request, {
          action: "notification_template.update",
          targetType: "notification_template",
          targetId: `${draft.trigger}/${draft.channel}/${draft.locale}`,
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/notifications",
          `Template for ${draft.trigger} (${draft.channel}, ${draft.locale}) saved.`,
        );
      },
    },
  ];
}

/** A number typed into the form as `{ name: n }`, or nothing when the field was not sent or left empty. */
function numberField(request: FastifyRequest, name: string): Record<string, number> {
  const raw = field(request, name);
  return raw === "" ? {} : { [name]: Number(raw) };
}
