/**
 * Reads the roll-ups for a period and one dimension and turns sums into the figures the analytics screen and
 * CSV export show. Every figure is defined here, once:
 * - on-time rate: delivered by the order's promised date ÷ delivered shipments whose order had a promise;
 * - transit time: first carrier scan → delivery, whole hours, nearest-rank p50 / p90 (exact below 72 h, then
 *   to 6 h below 240 h, then to the day: see the buckets in rollup.ts);
 * - order-to-ship: order placed → first carrier scan, whole hours, p50 / p90;
 * - exception rate by kind: shipments that met the kind at least once ÷ shipments;
 * - failed-attempt rate, lost rate: shipments with ≥ 1 failed attempt / a "lost" scan ÷ shipments;
 * - tracking coverage: delivered shipments with a carrier scan before delivery ÷ delivered;
 * - data freshness: carrier event time → ingest time, whole minutes, p50 / p90 over events;
 * - messages per shipment: shopper messages sent ÷ shipments; ratings: count and mean (1–5).
 */
import type { Database } from "../db/client.js";
import type { Dimension } from "./dimensions.js";
import { mergeHistogram, percentile, type Histogram } from "./histogram.js";

export interface Period {
  /** First and last day, inclusive, YYYY-MM-DD in the seller's time zone. */
  from: string;
  to: string;
}

export interface Figures {
  value: string;
  shipments: number;
  delivered: number;
  onTimeRate: number | null;
  promised: number;
  transitP50Hours: number | null;
  transitP90Hours: number | null;
  orderToShipP50Hours: number | null;
  orderToShipP90Hours: number | null;
  exceptionRates: Record<string, number>;
  failedAttemptRate: number | null;
  lostRate: number | null;
  coverage: number | null;
  freshnessP50Minutes: number | null;
  freshnessP90Minutes: number | null;
  events: number;
  messagesPerShipment: number | null;
  ratings: number;
  meanRating: number | null;
  pageViews: number;
  transitHistogram: Histogram;
}

interface Row {
  value: string;
  day: string;
  shipments: number;
  delivered: number;
  promised: number;
  onTime: number;
  covered: number;
  failedAttempt: number;
  lost: number;
  events: number;
  messages: number;
  ratings: number;
  ratingSum: number;
  pageViews: number;
  exceptions: Histogram;
  transitHours: Histogram;
  orderToShipHours: Histogram;
  freshnessMinutes: Histogram;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figuresOf(value: string, rows: Row[]): Figures {
  const sum = (k: keyof Row) => rows.reduce((n, r) => n + (r[k] as number), 0);
  const merged = (k: "exceptions" | "transitHours" | "orderToShipHours" | "freshnessMinutes") =>
    rows.reduce((h, r) => mergeHistogram(h, r[k]), {} as Histogram);
  const shipments = sum("shipments");
  const delivered = sum("delivered");
  const transit = merged("transitHours");
  const toShip = merged("orderToShipHours");
  const fresh = merged("freshnessMinutes");
  const kinds = merged("exceptions");
  const ratings = sum("ratings");
  return {
    value,
    shipments,
    delivered,
    promised: sum("promised"),
    onTimeRate: ratio(sum("onTime"), sum("promised")),
    transitP50Hours: percentile(transit, 0.5),
    transitP90Hours: percentile(transit, 0.9),
    orderToShipP50Hours: percentile(toShip, 0.5),
    orderToShipP90Hours: percentile(toShip, 0.9),
    exceptionRates: Object.fromEntries(
      Object.entries(kinds).map(([k, n]) => [k, shipments ? n / shipments : 0]),
    ),
    failedAttemptRate: ratio(sum("failedAttempt"), shipments),
    lostRate: ratio(sum("lost"), shipments),
    coverage: ratio(sum("covered"), delivered),
    freshnessP50Minutes: percentile(fresh, 0.5),
    freshnessP90Minutes: percentile(fresh, 0.9),
    events: sum("events"),
    messagesPerShipment: ratio(sum("messages"), shipments),
    ratings,
    meanRating: ratio(sum("ratingSum"), ratings),
    pageViews: sum("pageViews"),
    transitHistogram: transit,
  };
}

async function rowsOf(db: Database, sellerId: string, dimension: Dimension, period: Period): Promise<Row[]> {
  return db.query<Row>(
    `SELECT value, to_char(day, 'YYYY-MM-DD') AS day, shipments, delivered, promised, on_time AS "onTime", covered,
       failed_attempt AS "failedAttempt", lost, events, messages, ratings, rating_sum AS "ratingSum",
       page_views AS "pageViews", exceptions, transit_hours AS "transitHours",
       order_to_ship_hours AS "orderToShipHours", freshness_minutes AS "freshnessMinutes"
     FROM analytics_daily WHERE seller_id = $1 AND dimension = $2 AND day BETWEEN $3 AND $4`,
    [sellerId, dimension, period.from, period.to],
  );
}

export interface AnalyticsReport {
  dimension: Dimension;
  period: Period;
  /** One entry per dimension value, most shipments first. */
  groups: Figures[];
  /** Per day (only for dimension "all"): volume and on-time rate, for the trend chart. */
  daily: { day: string; shipments: number; onTimeRate: number | null }[];
}

/** The figures of a period, grouped by one dimension. */
export async function analyticsReport(
  db: Database,
  sellerId: string,
  dimension: Dimension,
  period: Period,
): Promise<AnalyticsReport> {
  const rows = await rowsOf(db, sellerId, dimension, period);
  const byValue = new Map<string, Row[]>();
  for (const row of rows) byValue.set(row.value, [...(byValue.get(row.value) ?? []), row]);
  const groups = [...byValue]
    .map(([value, list]) => figuresOf(value, list))
    .sort((a, b) => b.shipments - a.shipments);
  // Every day of the period, so a quiet day shows as a gap in the trend rather than vanishing from the axis.
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const daily: AnalyticsReport["daily"] = [];
  if (dimension === "all") {
    for (
      let t = Date.parse(`${period.from}T00:00:00Z`);
      t <= Date.parse(`${period.to}T00:00:00Z`);
      t += 86_400_000
    ) {
      const day = new Date(t).toISOString().slice(0, 10);
      const r = byDay.get(day);
      daily.push({ day, shipments: r?.shipments ?? 0, onTimeRate: r ? ratio(r.onTime, r.promised) : null });
    }
  }
  return { dimension, period, groups, daily };
}

/** When the seller's roll-ups were last computed, if ever. */
export async function lastRollup(db: Database, sellerId: string): Promise<Date | null> {
  const [row] = await db.query<{ at: Date }>(
    "SELECT rolled_up_at AS at FROM analytics_rollup_runs WHERE seller_id = $1",
    [sellerId],
  );
  return row?.at ?? null;
}
