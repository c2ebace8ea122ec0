/** Shipment detail and "refresh from carrier". */
import { AppError } from "../../../core/errors.js";
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
import { eventsOfShipment, getShipment } from "../../../db/repositories/shipments.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { shipmentPage } from "../views/shipment-view.js";
import { listReturns, returnsOfShipments } from "../../../returns/repository.js";
import { ticketsOfShipment } from "../../../helpdesk/tickets.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function shipmentRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  async function load(sellerId: string, id: string) {
    const shipment = UUID.test(id) ? await getShipment(db.orm, sellerId, id) : undefined;
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
          action: "shipment.refresh_requested",
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
  ];
}
