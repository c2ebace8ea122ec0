/**
 * The per-carrier-account rate limit, shared by every worker: a token bucket row in carrier_rate_buckets,
 * refilled by elapsed time and taken from in one SQL statement (the row lock orders concurrent takers), so N
 * workers on one PostgreSQL never spend more than the budget the carrier granted. A 429 blocks the account
 * until the carrier's Retry-After for everyone. Times come from the caller's clock (fake in tests).
 */
import type { Database } from "../../db/client.js";

export interface TokenGrant {
  /** How many requests may be made now (0 … wanted). */
  granted: number;
  /** When the next token is due (or the block lifts) when fewer than wanted were granted. */
  retryAt: Date | null;
}

interface BucketRow {
  available: number;
  granted: number;
  blocked_until: Date | null;
  requests_per_minute: number;
}

const TAKE_SQL = `
WITH cur AS (
  SELECT b.account_id, b.blocked_until, a.requests_per_minute,
    LEAST(a.burst::double precision,
      b.tokens + GREATEST(0, EXTRACT(EPOCH FROM ($2::timestamptz - b.refilled_at))) * a.requests_per_minute / 60.0
    ) AS available
  FROM carrier_rate_buckets b JOIN carrier_accounts a ON a.id = b.account_id
  WHERE b.account_id = $1
  FOR UPDATE OF b
), grant_ AS (
  SELECT cur.*, CASE WHEN cur.blocked_until IS NOT NULL AND cur.blocked_until > $2::timestamptz THEN 0
                     ELSE LEAST($3::integer, FLOOR(cur.available)::integer) END AS granted
  FROM cur
)
UPDATE carrier_rate_buckets b
SET tokens = g.available - g.granted, refilled_at = GREATEST(b.refilled_at, $2::timestamptz)
FROM grant_ g WHERE b.account_id = g.account_id
RETURNING g.available, g.granted, g.blocked_until, g.requests_per_minute`;

/** First use of this account: a full bucket. */
async function createBucket(db: Pick<Database, "query">, accountId: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO carrier_rate_buckets (account_id, tokens, refilled_at)
     SELECT id, burst, $2 FROM carrier_accounts WHERE id = $1 ON CONFLICT (account_id) DO NOTHING`,
    [accountId, now],
  );
}

const PARTIAL_TURN_SQL = `
UPDATE carrier_rate_buckets SET push_partial_sent_at = $2
WHERE account_id = $1
  AND (push_partial_sent_at IS NULL OR push_partial_sent_at <= $2::timestamptz - make_interval(secs => $3 / 1000.0))
RETURNING account_id`;

/**
 * Whether the account may send a push subscription request with room left now: at most one per `waitMs`, for
 * every worker (the row update is the turn). Taking the turn records `now`.
 */
export async function takePartialSubscriptionTurn(
  db: Pick<Database, "query">,
  accountId: string,
  now: Date,
  waitMs: number,
): Promise<boolean> {
  let rows = await db.query(PARTIAL_TURN_SQL, [accountId, now, waitMs]);
  if (rows.length === 0) {
    const [exists] = await db.query("SELECT 1 FROM carrier_rate_buckets WHERE account_id = $1", [accountId]);
    if (exists) return false;
    await createBucket(db, accountId, now);
    rows = await db.query(PARTIAL_TURN_SQL, [accountId, now, waitMs]);
  }
  return rows.length > 0;
}

/** Takes up to `wanted` request tokens from the account's bucket at `now`. */
export async function takeRequestTokens(
  db: Pick<Database, "query">,
  accountId: string,
  wanted: number,
  now: Date,
): Promise<TokenGrant> {
  let rows = await db.query<BucketRow>(TAKE_SQL, [accountId, now, wanted]);
  if (rows.length === 0) {
    await createBucket(db, accountId, now);
    rows = await db.query<BucketRow>(TAKE_SQL, [accountId, now, wanted]);
  }
  const row = rows[0];
  if (!row) throw new Error(`carrier account ${accountId} does not exist`);
  if (row.granted >= wanted) return { granted: row.granted, retryAt: null };
  const blockedUntil = row.blocked_until ? new Date(row.blocked_until) : null;
  if (blockedUntil && blockedUntil > now) return { granted: 0, retryAt: blockedUntil };
  const missing = Math.max(1, 1 - (row.available - row.granted));
  return {
    granted: row.granted,
    retryAt: new Date(now.getTime() + Math.ceil((missing * 60_000) / row.requests_per_minute)),
  };
}

/** Blocks the account for every worker until `until` (a carrier's Retry-After) and empties its bucket. */
export async function blockAccount(
  db: Pick<Database, "query">,
  accountId: string,
  until: Date,
): Promise<void> {
  await db.query(
    `UPDATE carrier_rate_buckets SET tokens = LEAST(tokens, 0),
       blocked_until = GREATEST(COALESCE(blocked_until, $2::timestamptz), $2::timestamptz)
     WHERE account_id = $1`,
    [accountId, until],
  );
}
