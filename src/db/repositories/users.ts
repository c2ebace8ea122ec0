/** Dashboard users: people of a seller who sign in with an email and password and hold one role. */
import type { Database } from "../client.js";

export type UserRole = "owner" | "admin" | "support" | "viewer";

export interface UserRecord {
  id: string;
  sellerId: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  createdAt: Date;
  lastSignInAt: Date | null;
}

const COLUMNS = `id, seller_id AS "sellerId", email, name, role, password_hash AS "passwordHash",
  created_at AS "createdAt", last_sign_in_at AS "lastSignInAt"`;

export const normalizeUserEmail = (email: string) => email.trim().toLowerCase();

/** Creates a user; undefined when the seller already has someone with that email. */
export async function createUser(
  db: Database,
  input: { sellerId: string; email: string; name?: string; role: UserRole; passwordHash: string },
): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRecord>(
    `INSERT INTO users (seller_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (seller_id, email) DO NOTHING RETURNING ${COLUMNS}`,
    [
      input.sellerId,
      normalizeUserEmail(input.email),
      input.name?.trim() ?? "",
      input.role,
      input.passwordHash,
    ],
  );
  return row;
}

/** Every account with this email (one per seller the person works for). */
export async function usersByEmail(db: Database, email: string): Promise<UserRecord[]> {
  return db.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE email = $1 ORDER BY created_at`, [
    normalizeUserEmail(email),
  ]);
}

export async function getUser(db: Database, sellerId: string, id: string): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE seller_id = $1 AND id = $2`, [
    sellerId,
    id,
  ]);
  return row;
}

export async function findUserByEmail(
  db: Database,
  sellerId: string,
  email: string,
): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRecord>(
    `SELECT ${COLUMNS} FROM users WHERE seller_id = $1 AND email = $2`,
    [sellerId, normalizeUserEmail(email)],
  );
  return row;
}

export async function listUsers(db: Database, sellerId: string): Promise<UserRecord[]> {
  return db.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE seller_id = $1 ORDER BY email`, [sellerId]);
}

export async function countOwners(db: Database, sellerId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM users WHERE seller_id = $1 AND role = 'owner'",
    [sellerId],
  );
  return row?.n ?? 0;
}

export async function setUserRole(db: Database, sellerId: string, id: string, role: UserRole): Promise<void> {
  await db.query("UPDATE users SET role = $3, updated_at = now() WHERE seller_id = $1 AND id = $2", [
    sellerId,
    id,
    role,
  ]);
}

export async function setUserPassword(db: Database, id: string, passwordHash: string): Promise<void> {
  await db.query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1", [id, passwordHash]);
}

export async function recordSignIn(db: Database, id: string): Promise<void> {
  await db.query("UPDATE users SET last_sign_in_at = now() WHERE id = $1", [id]);
}

export async function deleteUser(db: Database, sellerId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM users WHERE seller_id = $1 AND id = $2 RETURNING id", [
    sellerId,
    id,
  ]);
  return rows.length > 0;
}
