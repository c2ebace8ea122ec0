/**
 * Dashboard sessions: the cookie holds a 256-bit random token, the database its sha256. Sessions slide (each
 * use pushes the expiry) up to an absolute limit, and "sign out everywhere" deletes every session of a user.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../client.js";
import type { UserRole } from "./users.js";

export const SESSION_IDLE_MS = 7 * 86_400_000;
export const SESSION_ABSOLUTE_MS = 30 * 86_400_000;

export interface SessionRecord {
  id: string;
  userId: string;
  sellerId: string;
  csrfSecret: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionWithUser extends SessionRecord {
  email: string;
  name: string;
  role: UserRole;
  sellerSlug: string;
  sellerName: string;
  /** The seller's time zone (settings.timeZone), UTC when unset: days and times on screens use it. */
  timeZone: string;
}

export const hashSessionToken = (token: string) => createHash("sha256").update(token).digest("hex");

const COLUMNS = `s.id, s.user_id AS "userId", s.seller_id AS "sellerId", s.csrf_secret AS "csrfSecret",
  s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.ip,
  s.user_agent AS "userAgent"`;

/** Starts a session; the returned token goes into the cookie and nowhere else. */
export async function createSession(
  db: Database,
  input: { userId: string; sellerId: string; ip?: string | null; userAgent?: string | null },
): Promise<{ token: string; session: SessionRecord }> {
  const token = randomBytes(32).toString("base64url");
  const [session] = await db.query<SessionRecord>(
    `INSERT INTO dashboard_sessions AS s (user_id, seller_id, token_hash, csrf_secret, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond', $6, $7) RETURNING ${COLUMNS}`,
    [
      input.userId,
      input.sellerId,
      hashSessionToken(token),
      randomBytes(32).toString("base64url"),
      SESSION_IDLE_MS,
      input.ip ?? null,
      input.userAgent?.slice(0, 300) ?? null,
    ],
  );
  return { token, session: session! };
}

/** The live session for a cookie token, with its user and seller; undefined when unknown or expired. */
export async function findSession(db: Database, token: string): Promise<SessionWithUser | undefined> {
  const [row] = await db.query<SessionWithUser>(
    `SELECT ${COLUMNS}, u.email, u.name, u.role, se.slug AS "sellerSlug", se.name AS "sellerName",
       coalesce(se.settings->>'timeZone', 'UTC') AS "timeZone"
     FROM dashboard_sessions s JOIN users u ON u.id = s.user_id JOIN sellers se ON se.id = s.seller_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashSessionToken(token)],
  );
  return row;
}

/** Pushes the idle expiry forward, never past the absolute limit from sign-in. */
export async function touchSession(db: Database, id: string): Promise<void> {
  await db.query(
    `UPDATE dashboard_sessions SET last_seen_at = now(),
       expires_at = least(now() + $2 * interval '1 millisecond', created_at + $3 * interval '1 millisecond')
     WHERE id = $1`,
    [id, SESSION_IDLE_MS, SESSION_ABSOLUTE_MS],
  );
}

export async function deleteSession(db: Database, id: string): Promise<void> {
  await db.query("DELETE FROM dashboard_sessions WHERE id = $1", [id]);
}

/** Signs a user out everywhere; returns how many sessions ended. */
export async function deleteUserSessions(db: Database, userId: string): Promise<number> {
  const rows = await db.query("DELETE FROM dashboard_sessions WHERE user_id = $1 RETURNING id", [userId]);
  return rows.length;
}

export async function listUserSessions(db: Database, userId: string): Promise<SessionRecord[]> {
  return db.query<SessionRecord>(
    `SELECT ${COLUMNS} FROM dashboard_sessions s WHERE s.user_id = $1 AND s.expires_at > now()
     ORDER BY s.last_seen_at DESC`,
    [userId],
  );
}

/** Ends every session of the user except `keepId` (after a password change). */
export async function deleteOtherSessions(db: Database, userId: string, keepId: string): Promise<void> {
  await db.query("DELETE FROM dashboard_sessions WHERE user_id = $1 AND id <> $2", [userId, keepId]);
}
