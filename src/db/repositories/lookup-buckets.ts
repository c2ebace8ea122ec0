/**
 * Token buckets for shopper lookups, kept in the database so every process shares one budget per client
 * address and per order number. A bucket refills continuously; a denied attempt takes nothing.
 */
import type { Database, SqlSession } from "../client.js";

export interface BucketRule {
  /** Tokens a full bucket holds (the burst). */
  capacity: number;
  /** Seconds to refill one token. */
  refillSeconds: number;
}

export type BucketAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

async function take(s: SqlSession, key: string, rule: BucketRule): Promise<BucketAnswer> {
  await s.query(
    "INSERT INTO tracking_lookup_buckets (key, tokens) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    [key, rule.capacity],
  );
  const [row] = await s.query<{ available: number }>(
    `UPDATE tracking_lookup_buckets b
     SET tokens = CASE WHEN c.available >= 1 THEN c.available - 1 ELSE c.available END, refilled_at = now()
     FROM (SELECT key, LEAST($2::double precision,
             tokens + extract(epoch FROM now() - refilled_at)::double precision / $3) AS available
           FROM tracking_lookup_buckets WHERE key = $1 FOR UPDATE) c
     WHERE b.key = c.key
     RETURNING c.available`,
    [key, rule.capacity, rule.refillSeconds],
  );
  const available = Number(row!.available);
  if (available >= 1) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - available) * rule.refillSeconds)) };
}

/**
 * Takes one token from each bucket, in one transaction; the first empty one answers. Keys are checked in the
 * order given, so put the cheapest-to-abuse dimension (the client address) first.
 */
export async function takeLookupTokens(
  db: Database,
  buckets: readonly { key: string; rule: BucketRule }[],
): Promise<BucketAnswer> {
  return db.session(async (s) => {
    for (const { key, rule } of buckets) {
      const answer = await take(s, key, rule);
      if (!answer.allowed) return answer;
    }
    return { allowed: true } as const;
  });
}

/** Deletes buckets untouched for a day (they would be full again anyway). */
export async function pruneLookupBuckets(db: Database): Promise<void> {
  await db.query("DELETE FROM tracking_lookup_buckets WHERE refilled_at < now() - interval '1 day'");
}
