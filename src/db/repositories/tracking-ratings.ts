/** Shopper ratings of a delivered order (1–5 with an optional comment), one per order. */
import type { Database } from "../client.js";

export interface RatingRecord {
  id: string;
  orderId: string;
  orderNumber: string;
  rating: number;
  comment: string | null;
  locale: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface RatingRow {
  id: string;
  order_id: string;
  order_number: string;
  rating: number;
  comment: string | null;
  locale: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const toRecord = (r: RatingRow): RatingRecord => ({
  id: r.id,
  orderId: r.order_id,
  orderNumber: r.order_number,
  rating: Number(r.rating),
  comment: r.comment,
  locale: r.locale,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/**
 * Stores the order's rating. A second click replaces the score (a misclick can be corrected); a comment, once
 * given, is kept when a later submission has none.
 */
export async function saveRating(
  db: Database,
  input: {
    sellerId: string;
    orderId: string;
    rating: number;
    comment?: string | null;
    locale?: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO tracking_ratings (seller_id, order_id, rating, comment, locale)
     SELECT $1, o.id, $3, $4, $5 FROM orders o WHERE o.id = $2 AND o.seller_id = $1
     ON CONFLICT (order_id) DO UPDATE SET rating = EXCLUDED.rating,
       comment = COALESCE(EXCLUDED.comment, tracking_ratings.comment), locale = EXCLUDED.locale, updated_at = now()`,
    [input.sellerId, input.orderId, input.rating, input.comment?.trim() || null, input.locale ?? null],
  );
}

/** The rating of one order, if the shopper gave one. */
export async function ratingOfOrder(
  db: Database,
  orderId: string,
): Promise<{ rating: number; comment: string | null } | undefined> {
  const rows = await db.query<{ rating: number; comment: string | null }>(
    "SELECT rating, comment FROM tracking_ratings WHERE order_id = $1",
    [orderId],
  );
  return rows[0] ? { rating: Number(rows[0].rating), comment: rows[0].comment } : undefined;
}

/** The seller's ratings, newest first, with keyset paging on (created_at, id). */
export async function listRatings(
  db: Database,
  sellerId: string,
  options: { limit: number; before?: { createdAt: Date; id: string } },
): Promise<RatingRecord[]> {
  const rows = await db.query<RatingRow>(
    `SELECT r.id, r.order_id, o.order_number, r.rating, r.comment, r.locale, r.created_at, r.updated_at
     FROM tracking_ratings r JOIN orders o ON o.id = r.order_id
     WHERE r.seller_id = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
     ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
    [sellerId, options.before?.createdAt.toISOString() ?? null, options.before?.id ?? null, options.limit],
  );
  return rows.map(toRecord);
}

/** Count, average and distribution of the seller's ratings. */
export async function ratingSummary(
  db: Database,
  sellerId: string,
): Promise<{
  count: number;
  average: number | null;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}> {
  const rows = await db.query<{ rating: number; n: number }>(
    "SELECT rating, count(*)::int AS n FROM tracking_ratings WHERE seller_id = $1 GROUP BY rating",
    [sellerId],
  );
  const distribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let count = 0;
  let sum = 0;
  for (const r of rows) {
    distribution[String(r.rating) as keyof typeof distribution] = Number(r.n);
    count += Number(r.n);
    sum += Number(r.rating) * Number(r.n);
  }
  return { count, average: count ? Math.round((sum / count) * 100) / 100 : null, distribution };
}
