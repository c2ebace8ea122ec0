/**
 * Messages (the outbox in the dashboard): the list and one message. Read-only, with the shipment page's permission:
 * viewers already see each shipment's messages and recipients there.
 */
import { AppError } from "../../../core/errors.js";
import {
  getNotification,
  listNotifications,
  NOTIFICATION_STATUSES,
  type NotificationStatus,
} from "../../../db/repositories/notifications.js";
import { CHANNELS } from "../../../notifications/policy.js";
import { sendHtml } from "../respond.js";
import { queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { TRIGGER_WORDS } from "../views/message-words.js";
import { messagePage, messagesPage, type MessageFilters } from "../views/messages-view.js";

const PAGE_SIZE = 50;
const ID = /^[1-9]\d{0,15}$/;

const oneOf = <T extends string>(list: readonly T[], value: string): T | undefined =>
  (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** The filters of the query string; an unknown value is ignored rather than refused (a stale bookmark). */
function filtersOf(q: (name: string) => string): MessageFilters {
  return {
    status: oneOf<NotificationStatus>(NOTIFICATION_STATUSES, q("status")),
    channel: oneOf(CHANNELS, q("channel")),
    trigger: oneOf(Object.keys(TRIGGER_WORDS), q("trigger")),
    recipient: q("recipient").slice(0, 254) || undefined,
  };
}

export function messagesRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      url: "/messages",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const filters = filtersOf((name) => queryParam(request, name));
        const before = ID.test(queryParam(request, "before"))
          ? Number(queryParam(request, "before"))
          : undefined;
        const { items, nextBefore } = await listNotifications(db, s.sellerId, {
          ...filters,
          before,
          limit: PAGE_SIZE,
        });
        return sendHtml(
          reply,
          messagesPage(request, {
            filters,
            items,
            olderBefore: nextBefore,
            paged: before !== undefined,
            timeZone: s.timeZone,
          }),
        );
      },
    },
    {
      method: "GET",
      url: "/messages/:id",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = (request.params as { id: string }).id;
        const message = ID.test(id) ? await getNotification(db, s.sellerId, Number(id)) : undefined;
        if (!message)
          throw new AppError("SW_ERR_NOT_FOUND", "This message does not exist or belongs to another seller.");
        return sendHtml(reply, messagePage(request, message, s.timeZone));
      },
    },
  ];
}
