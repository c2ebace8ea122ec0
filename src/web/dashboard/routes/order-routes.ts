/** Order detail (/app/orders/:id): the order and all its parcels on one page. */
import { publicUrlOf } from "../../../config/index.js";
import { AppError } from "../../../core/errors.js";
import { alertsOfOrder } from "../../../db/repositories/dashboard-alerts.js";
import { auditOf, notificationsOfShipments } from "../../../db/repositories/dashboard-shipment.js";
import { getOrder } from "../../../db/repositories/orders.js";
import { predictionsOf } from "../../../db/repositories/shipment-predictions.js";
import { shipmentsOfOrders } from "../../../db/repositories/shipments.js";
import { listReturns } from "../../../returns/repository.js";
import { createTrackingLink } from "../../tracking/links.js";
import { sendHtml } from "../respond.js";
import { sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { orderPage } from "../views/order-view.js";
import { isUuid } from "../../../core/ids.js";

/** The agent opens the shopper's page now: a short-lived link is enough. */
const AGENT_LINK_TTL_SECONDS = 3_600;

export function orderRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      url: "/orders/:id",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = (request.params as { id: string }).id;
        const order = isUuid(id) ? await getOrder(db.orm, s.sellerId, id) : undefined;
        if (!order)
          throw new AppError("SW_ERR_NOT_FOUND", "This order does not exist or belongs to another seller.");
        const shipments = await shipmentsOfOrders(db.orm, [order.id]);
        const ids = shipments.map((x) => x.id);
        const link = await createTrackingLink(db, {
          baseUrl: publicUrlOf(deps.config),
          sellerSlug: s.sellerSlug,
          sellerId: s.sellerId,
          scope: "order",
          targetId: order.id,
          lang: order.locale,
          ttlSeconds: AGENT_LINK_TTL_SECONDS,
        });
        const detail = {
          order,
          shipments,
          predictions: await predictionsOf(db, ids),
          alerts: await alertsOfOrder(db, s.sellerId, order.id),
          returns: await db.session((x) => listReturns(x, s.sellerId, { orderId: order.id })),
          notifications: ids.length ? await notificationsOfShipments(db, ids) : [],
          audit: await auditOf(db, s.sellerId, [order.id, ...ids]),
          trackingLink: link.url,
        };
        return sendHtml(reply, orderPage(request, detail, s.timeZone));
      },
    },
  ];
}
