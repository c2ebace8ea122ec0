/** Daily page-view counts of the tracking page, per seller and page kind. */
import type { Database } from "../client.js";

export const PAGE_KINDS = ["lookup", "order", "shipment", "widget", "json"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface PageViewCount {
  sellerId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  page: PageKind;
  views: number;
}

/** Adds buffered counts in one statement. */
export async function addPageViews(db: Database, counts: readonly PageViewCount[]): Promise<void> {
  if (counts.length === 0) return;
  await db.query(
    `INSERT INTO tracking_page_views (seller_id, day, page, views)
     SELECT c.seller_id, c.day, c.page, c.views
     FROM jsonb_to_recordset($1::jsonb) AS c(seller_id uuid, day date, page text, views int)
     ON CONFLICT (seller_id, day, page) DO UPDATE SET views = tracking_page_views.views + EXCLUDED.views`,
    [
      JSON.stringify(
        counts.map((c) => ({ seller_id: c.sellerId, day: c.day, page: c.page, views: c.views })),
      ),
    ],
  );
}

/** The seller's daily counts between two days (inclusive), oldest first. */
export async function pageViewsBetween(
  db: Database,
  sellerId: string,
  from: string,
  to: string,
): Promise<{ day: string; page: PageKind; views: number }[]> {
  const rows = await db.query<{ day: string; page: PageKind; views: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, page, views FROM tracking_page_views
     WHERE seller_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day, page`,
    [sellerId, from, to],
  );
  return rows.map((r) => ({ ...r, views: Number(r.views) }));
}
