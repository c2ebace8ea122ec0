/** CSV export of an analytics report: one row per dimension value, figures as plain numbers (RFC 4180). */
import { csvLine } from "../core/csv.js";
import type { AnalyticsReport } from "./queries.js";

/** The report as CSV text, with exception kinds as one column each. */
export function reportToCsv(report: AnalyticsReport): string {
  const kinds = [...new Set(report.groups.flatMap((g) => Object.keys(g.exceptionRates)))].sort();
  const header = [
    "dimension",
    "value",
    "from",
    "to",
    "shipments",
    "delivered",
    "on_time_rate",
    "transit_p50_hours",
    "transit_p90_hours",
    "order_to_ship_p50_hours",
    "order_to_ship_p90_hours",
    "failed_attempt_rate",
    "lost_rate",
    "tracking_coverage",
    "freshness_p50_minutes",
    "freshness_p90_minutes",
    "events",
    "messages_per_shipment",
    "ratings",
    "mean_rating",
    "page_views",
    ...kinds.map((k) => `exception_rate:${k}`),
  ];
  const rows = report.groups.map((g) => [
    report.dimension,
    g.value,
    report.period.from,
    report.period.to,
    g.shipments,
    g.delivered,
    g.onTimeRate,
    g.transitP50Hours,
    g.transitP90Hours,
    g.orderToShipP50Hours,
    g.orderToShipP90Hours,
    g.failedAttemptRate,
    g.lostRate,
    g.coverage,
    g.freshnessP50Minutes,
    g.freshnessP90Minutes,
    g.events,
    g.messagesPerShipment,
    g.ratings,
    g.meanRating,
    g.pageViews,
    ...kinds.map((k) => g.exceptionRates[k] ?? 0),
  ]);
  return [header, ...rows].map(csvLine).join("");
}
