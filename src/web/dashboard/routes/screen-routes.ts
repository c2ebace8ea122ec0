/** Read screens: overview and search. */
import {
  activeByStatus,
  lateAndAtRisk,
  movedTodayByStatus,
  openAlertsByKindAndAge,
} from "../../../db/repositories/dashboard-overview.js";
import { searchShipments } from "../../../db/repositories/dashboard-search.js";
import { sendHtml } from "../respond.js";
import { queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { overviewPage } from "../views/overview-view.js";
import { searchPage } from "../views/search-view.js";

export function screenRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      url: "/",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const [movedToday, active, alerts, promises] = await Promise.all([
          movedTodayByStatus(db, s.sellerId, s.timeZone),
          activeByStatus(db, s.sellerId),
          openAlertsByKindAndAge(db, s.sellerId),
          lateAndAtRisk(db, s.sellerId),
        ]);
        return sendHtml(
          reply,
          overviewPage(request, { movedToday, active, alerts, ...promises, timeZone: s.timeZone }),
        );
      },
    },
    {
      method: "GET",
      url: "/search",
      permission: "view",
      async handler(request, reply) {
        const query = queryParam(request, "q");
        const hits = query ? await searchShipments(db, sessionOf(request).sellerId, query) : [];
        // One exact hit (a pasted tracking or order number): support wants the shipment, not a list.
        const exact = hits.filter((h) => h.exact);
        if (exact.length === 1 && exact[0]!.shipmentId)
          return reply.redirect(`/app/shipments/${exact[0]!.shipmentId}`, 303);
        return sendHtml(reply, searchPage(request, query, hits));
      },
    },
  ];
}
