/** Shipment detail, "refresh from carrier" and "notify shopper". */
import { AppError } from "../../../core/errors.js";
import { queueManualNotification } from "../../../notifications/manual-send.js";
import { CHANNELS, TRIGGERS, type Channel, type Trigger } from "../../../notifications/policy.js";
import { alertsOfShipment } from "../../../db/repositories/dashboard-alerts.js";
import {
  auditOf,
  estimateHistory,
  notificationsOfShipment,
  outboxOfShipment,
  pollStateOf,
  rawPayloadsByIds,
  requestCarrierRefresh,
} from "../../../db/repositories/dashboard-shipment.js";
import { getOrder } from "../../../db/repositories/orders.js";
import { predictionHistoriesOf, predictionsOf } from "../../../db/repositories/shipment-predictions.js";
import { eventsOfShipment, getShipment } from "../../../db/repositories/shipments.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { shipmentPage } from "../views/shipment-view.js";
import { listReturns, returnsOfShipments } from "../../../returns/repository.js";
import { ticketsOfShipment } from "../../../helpdesk/tickets.js";
import { isUuid } from "../../../core/ids.js";

export function shipmentRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  async function load(sellerId: string, id: string) {
    const shipment = isUuid(id) ? await getShipment(db.orm, sellerId, id) : undefined;
    if (!shipment)
      throw new AppError("SW_ERR_NOT_FOUND", "This shipment does not exist or belongs to another seller.");
    return shipment;
  }
  return [
    {
      method: "GET",
      url: "/shipments/:id",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const shipment = await load(s.sellerId, (request.params as { id: string }).id);
        const events = await eventsOfShipment(db.orm, shipment.id);
        const payloadIds = [
          ...new Set(events.map((e) => e.rawPayloadId).filter((id): id is number => id !== null)),
        ];
        const order = shipment.orderId ? await getOrder(db.orm, s.sellerId, shipment.orderId) : undefined;
        const detail = {
          shipment,
          order,
          events,
          payloads: await rawPayloadsByIds(db, s.sellerId, payloadIds),
          estimates: await estimateHistory(db, shipment.id),
          notifications: await notificationsOfShipment(db, shipment.id),
          alerts: await alertsOfShipment(db, s.sellerId, shipment.id),
          outbox: await outboxOfShipment(db, shipment.id),
          audit: await auditOf(db, s.sellerId, [shipment.id, ...(order ? [order.id] : [])]),
          pollState: await pollStateOf(db, shipment.id),
          prediction: (await predictionsOf(db, [shipment.id])).get(shipment.id),
          predictionHistory: (await predictionHistoriesOf(db, [shipment.id])).get(shipment.id) ?? [],
          // The order's returns (or, for a return parcel without an order, the return it carries).
          returns: await db.session((x) =>
            order ? listReturns(x, s.sellerId, { orderId: order.id }) : returnsOfShipments(x, [shipment.id]),
          ),
          tickets: await ticketsOfShipment(db, s.sellerId, shipment.id),
        };
        return sendHtml(reply, shipmentPage(request, detail, s.timeZone));
      },
    },
    {
      method: "POST",
      url: "/shipments/:id/refresh",
      permission: "act",
      async handler(request, reply) {
        const s = sessionOf(request);
        const shipment = await load(s.sellerId, (request.params as { id: string }).id);
        const queued = await requestCarrierRefresh(db, s.sellerId, [shipment.id]);
        await auditAsUser(deps, request, {
          action: "shipment.refresh",
          targetType: "shipment",
          targetId: shipment.id,
          data: { queued: queued.length > 0 },
        });
        return redirectWithFlash(
          deps,
          reply,
          `/app/shipments/${shipment.id}`,
          queued.length
            ? "Refresh requested: a poller fetches this shipment from the carrier as soon as one is free."
            : `No ${shipment.carrier} carrier account is set up, so there is nothing to poll. Add one in Settings › Carriers.`,
        );
      },
    },
    {
      method: "POST",
      url: "/shipments/:id/notify",
      permission: "act",
      async handler(request, reply) {
        const s = sessionOf(request);
        const shipment = await load(s.sellerId, (request.params as { id: string }).id);
        const back = `/app/shipments/${shipment.id}`;
        const what = field(request, "what");
        const channel = field(request, "channel");
        const text = field(request, "text");
        if (what === "message" && !text)
          return redirectWithFlash(deps, reply, back, "Write the message to send first.");
        if (what !== "message" && !(TRIGGERS as readonly string[]).includes(what))
          throw new AppError("SW_ERR_VALIDATION", `Unknown message '${what}'.`);
        let result;
        try {
          result = await db.session((tx) =>
            queueManualNotification(tx, {
              sellerId: s.sellerId,
              shipmentId: shipment.id,
              ...(what === "message"
                ? {
                    message: {
                      subject: field(request, "subject").slice(0, 200) || null,
                      text: text.slice(0, 2000),
                    },
                  }
                : { trigger: what as Trigger }),
              ...((CHANNELS as readonly string[]).includes(channel) ? { channel: channel as Channel } : {}),
              force: field(request, "force") === "on",
              actor: `user:${s.userId}`,
            }),
          );
        } catch (error) {
          // No address for the channel: say so on the page rather than on an error page.
          if (error instanceof AppError && error.code === "SW_ERR_VALIDATION")
            return redirectWithFlash(deps, reply, back, error.message);
          throw error;
        }
        await auditAsUser(deps, request, {
          action: "shipment.notify",
          targetType: "shipment",
          targetId: shipment.id,
          data: {
            notificationId: result.notificationId,
            trigger: what,
            channel: result.channel,
            status: result.status,
          },
        });
        const when = result.sendAfter > new Date().toISOString() ? " after the shopper's quiet hours" : "";
        return redirectWithFlash(
          deps,
          reply,
          back,
          result.status === "suppressed"
            ? `Not sent: ${result.recipient} unsubscribed from these ${result.channel === "sms" ? "text messages" : "e-mails"}.`
            : `Message queued by ${result.channel === "sms" ? "SMS" : "e-mail"} to ${result.recipient}${when}.`,
        );
      },
    },
  ];
}
