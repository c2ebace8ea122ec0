/** Analytics: the screen, the CSV export, and recomputing the roll-ups on demand. */
import type { FastifyRequest } from "fastify";
import { reportToCsv } from "../../../analytics/csv.js";
import { isDimension } from "../../../analytics/dimensions.js";
import { analyticsReport, lastRollup, type Period } from "../../../analytics/queries.js";
import { rollUpRecent } from "../../../analytics/rollup.js";
import { AppError } from "../../../core/errors.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { localDate } from "../../../core/time.js";
import { analyticsPage } from "../views/analytics-view.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const localToday = (timeZone: string) => localDate(new Date(), timeZone);

/** The requested dimension and period (default: the last 30 days), validated. */
function selection(request: FastifyRequest) {
  const s = sessionOf(request);
  const dimensionParam = queryParam(request, "dimension") || "carrier";
  if (!isDimension(dimensionParam)) throw new AppError("SW_ERR_VALIDATION", "Unknown dimension.");
  const today = localToday(s.timeZone);
  const to = queryParam(request, "to") || today;
  const from =
    queryParam(request, "from") ||
    new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (
    !DAY.test(from) ||
    !DAY.test(to) ||
    Number.isNaN(Date.parse(from)) ||
    Number.isNaN(Date.parse(to)) ||
    from > to
  ) {
    throw new AppError("SW_ERR_VALIDATION", "Give the period as two dates, from before to.");
  }
  if (Date.parse(to) - Date.parse(from) > 731 * 86_400_000)
    throw new AppError("SW_ERR_VALIDATION", "Choose a period of at most two years.");
  return { dimension: dimensionParam, period: { from, to } as Period };
}

export function analyticsRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      url: "/analytics",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const { dimension, period } = selection(request);
        const report = await analyticsReport(db, s.sellerId, dimension, period);
        const overall = dimension === "all" ? report : await analyticsReport(db, s.sellerId, "all", period);
        const last = await lastRollup(db, s.sellerId);
        return sendHtml(
          reply,
          analyticsPage(request, { report, overall, lastRollup: last, timeZone: s.timeZone }),
        );
      },
    },
    {
      method: "GET",
      url: "/analytics.csv",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const { dimension, period } = selection(request);
        const report = await analyticsReport(db, s.sellerId, dimension, period);
        return reply
          .type("text/csv; charset=utf-8")
          .header(
            "content-disposition",
            `attachment; filename="shipwatch-${dimension}-${period.from}-${period.to}.csv"`,
          )
          .send(reportToCsv(report));
      },
    },
    {
      method: "POST",
      url: "/analytics/rollup",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const result = await rollUpRecent(db, s.sellerId);
        await auditAsUser(deps, request, {
          action: "analytics.rolled_up",
          targetType: "seller",
          targetId: s.sellerId,
          data: { ...result },
        });
        const back = /^\/app\/analytics(\?|$)/.test(field(request, "back"))
          ? field(request, "back")
          : "/app/analytics";
        return redirectWithFlash(
          deps,
          reply,
          back,
          `Roll-ups recomputed from ${result.fromDay} to ${result.toDay} in ${result.durationMs} ms.`,
        );
      },
    },
  ];
}
