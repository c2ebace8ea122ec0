/** The exception queue and its actions (one route for single and bulk actions). */
import { AppError } from "../../../core/errors.js";
import {
  ALERT_SORTS,
  alertFacets,
  listAlerts,
  shipmentsOfAlerts,
  type AlertFilters,
} from "../../../db/repositories/dashboard-alerts.js";
import { changeAlert, type AlertCommand } from "../../../exceptions/lifecycle.js";
import { SHOPPER_TRIGGER } from "../../../exceptions/actions.js";
import type { AlertKind } from "../../../exceptions/rules.js";
import { queueManualNotification } from "../../../notifications/manual-send.js";
import type { FastifyRequest } from "fastify";
import { requestCarrierRefresh } from "../../../db/repositories/dashboard-shipment.js";
import { getUser, listUsers } from "../../../db/repositories/users.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import {
  field,
  fieldList,
  queryParam,
  sessionOf,
  type DashboardDeps,
  type DashboardRoute,
} from "../route.js";
import { allows } from "../roles.js";
import { queuePage } from "../views/queue-view.js";
import { isUuid } from "../../../core/ids.js";

const STATES = new Set(["active", "open", "acknowledged", "resolved"]);
const SORTS = new Set<string>(ALERT_SORTS);

function filtersOf(q: (name: string) => string): AlertFilters {
  const minAge = Number.parseInt(q("minAge"), 10);
  const state = q("state");
  return {
    ...(q("kind") ? { kind: q("kind") } : {}),
    ...(q("carrier") ? { carrier: q("carrier") } : {}),
    ...(minAge > 0 ? { minAgeHours: minAge } : {}),
    ...(q("assignee") ? { assignee: q("assignee") } : {}),
    ...(STATES.has(state) ? { state: state as AlertFilters["state"] } : {}),
    ...(SORTS.has(q("sort")) ? { sort: q("sort") as AlertFilters["sort"] } : {}),
  };
}

/**
 * Applies a lifecycle command to each alert through src/exceptions (which checks the transition, writes the
 * audit entry and the webhook event); alerts already past that step are skipped, not failed.
 */
async function commandAlerts(
  deps: DashboardDeps,
  request: FastifyRequest,
  ids: string[],
  command: AlertCommand,
  extra: { assignee?: string | null; resolution?: string },
): Promise<string[]> {
  const s = sessionOf(request);
  const changed: string[] = [];
  for (const alertId of ids) {
    try {
      const next = await deps.db.session((tx) =>
        changeAlert(tx, {
          sellerId: s.sellerId,
          alertId,
          command,
          actor: `user:${s.userId}`,
          requestId: request.id,
          ...extra,
        }),
      );
      if (next) changed.push(alertId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "SW_ERR_CONFLICT")) throw error;
    }
  }
  return changed;
}

/**
 * "Notify shopper" on selected alerts: each alert's shipment gets the message its alert kind calls for (a delay
 * for stalled, late and not picked up; a problem otherwise), as a manual send, audited per shipment.
 */
async function notifyShoppers(
  deps: DashboardDeps,
  request: FastifyRequest,
  alertIds: string[],
): Promise<{ queued: string[]; skipped: number }> {
  const s = sessionOf(request);
  const alerts = await deps.db.query<{ shipment_id: string; kind: AlertKind }>(
    "SELECT DISTINCT ON (shipment_id) shipment_id, kind FROM alerts WHERE seller_id = $1 AND id = ANY($2::uuid[])",
    [s.sellerId, alertIds],
  );
  const queued: string[] = [];
  let skipped = 0;
  for (const alert of alerts) {
    const trigger = SHOPPER_TRIGGER[alert.kind] ?? "exception";
    try {
      const result = await deps.db.session((tx) =>
        queueManualNotification(tx, {
          sellerId: s.sellerId,
          shipmentId: alert.shipment_id,
          trigger,
          actor: `user:${s.userId}`,
        }),
      );
      await auditAsUser(deps, request, {
        action: "shipment.notify",
        targetType: "shipment",
        targetId: alert.shipment_id,
        data: {
          notificationId: result.notificationId,
          trigger,
          channel: result.channel,
          status: result.status,
        },
      });
      if (result.status === "queued") queued.push(alert.shipment_id);
      else skipped += 1;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "SW_ERR_VALIDATION")) throw error;
      skipped += 1;
    }
  }
  return { queued, skipped };
}

export function queueRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      url: "/exceptions",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const filters = filtersOf((name) => queryParam(request, name));
        const [{ alerts, total }, facets, team] = await Promise.all([
          listAlerts(db, s.sellerId, filters),
          alertFacets(db, s.sellerId),
          listUsers(db, s.sellerId),
        ]);
        const back = `/app/exceptions${request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : ""}`;
        return sendHtml(
          reply,
          queuePage(request, { filters, alerts, total, ...facets, team, timeZone: s.timeZone, back }),
        );
      },
    },
    {
      method: "POST",
      url: "/exceptions/actions",
      permission: "act",
      async handler(request, reply) {
        const s = sessionOf(request);
        const [action, single] = field(request, "action").split("|");
        const ids = (single ? [single] : fieldList(request, "alert")).filter((id) => isUuid(id));
        const back = /^\/app\/exceptions(\?|$)/.test(field(request, "back"))
          ? field(request, "back")
          : "/app/exceptions";
        if (ids.length === 0) return redirectWithFlash(deps, reply, back, "Select at least one alert first.");
        let changed: string[];
        let message: string;
        if (action === "acknowledge") {
          changed = await commandAlerts(deps, request, ids, "acknowledge", {});
          message = `${changed.length} acknowledged.`;
        } else if (action === "assign" || action === "assign_me") {
          const assignee = action === "assign_me" ? `user:${s.userId}` : field(request, "assignee") || null;
          const user = assignee ? await getUser(db, s.sellerId, assignee.slice(5)) : undefined;
          if (assignee && (!user || !allows(user.role, "act"))) {
            throw new AppError(
              "SW_ERR_VALIDATION",
              "Alerts can only be assigned to people of this team who can act on them.",
            );
          }
          changed = await commandAlerts(deps, request, ids, "assign", { assignee });
          message = assignee
            ? `${changed.length} assigned to ${user!.name || user!.email}.`
            : `${changed.length} unassigned.`;
        } else if (action === "resolve") {
          changed = await commandAlerts(deps, request, ids, "resolve", { resolution: "resolved_by_hand" });
          message = `${changed.length} resolved.`;
        } else if (action === "notify") {
          const sent = await notifyShoppers(deps, request, ids);
          changed = sent.queued;
          message = `${sent.queued.length} shopper${sent.queued.length === 1 ? "" : "s"} notified${sent.skipped ? ` (${sent.skipped} skipped: no address, or unsubscribed)` : ""}.`;
        } else if (action === "refresh") {
          const shipments = await shipmentsOfAlerts(db, s.sellerId, ids);
          changed = await requestCarrierRefresh(db, s.sellerId, shipments);
          message = `Refresh requested for ${changed.length} of ${shipments.length} shipments${changed.length < shipments.length ? " (the others have no carrier account to poll)" : ""}.`;
        } else {
          throw new AppError("SW_ERR_VALIDATION", `Unknown action '${action ?? ""}'.`);
        }
        // Alert commands are audited by the lifecycle itself; refreshes here, one entry per shipment.
        if (action === "refresh") {
          for (const id of changed) {
            await auditAsUser(deps, request, {
              action: "shipment.refresh",
              targetType: "shipment",
              targetId: id,
            });
          }
        }
        return redirectWithFlash(deps, reply, back, message);
      },
    },
  ];
}
