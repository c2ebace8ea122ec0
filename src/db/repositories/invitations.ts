/** Invitations to a seller's team: a link with a one-time token (stored hashed) that expires in 7 days. */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../client.js";
import type { UserRole } from "./users.js";

export const INVITATION_TTL_MS = 7 * 86_400_000;

export interface InvitationRecord {
  id: string;
  sellerId: string;
  email: string;
  role: UserRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const COLUMNS = `id, seller_id AS "sellerId", email, role, invited_by AS "invitedBy", created_at AS "createdAt",
  expires_at AS "expiresAt", accepted_at AS "acceptedAt", revoked_at AS "revokedAt"`;

/** Creates an invitation; the token is returned once, to be put in the link. */
export async function createInvitation(
  db: Pick<Database, "query">,
  /** `invitedBy` null: made with the command line (`shipwatch seller`), not by a member of the team. */
  input: { sellerId: string; email: string; role: UserRole; invitedBy: string | null },
): Promise<{ token: string; invitation: InvitationRecord }> {
  const token = randomBytes(32).toString("base64url");
  const [invitation] = await db.query<InvitationRecord>(
    `INSERT INTO invitations (seller_id, email, role, token_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond') RETURNING ${COLUMNS}`,
    [
      input.sellerId,
      input.email.trim().toLowerCase(),
      input.role,
      hashToken(token),
      input.invitedBy,
      INVITATION_TTL_MS,
    ],
  );
  return { token, invitation: invitation! };
}

/** The open invitation for a link token (not accepted, revoked or expired). */
export async function findOpenInvitation(db: Database, token: string): Promise<InvitationRecord | undefined> {
  const [row] = await db.query<InvitationRecord>(
    `SELECT ${COLUMNS} FROM invitations
     WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
    [hashToken(token)],
  );
  return row;
}

/** Marks an invitation accepted; false when someone else used it first. */
export async function acceptInvitation(db: Database, id: string): Promise<boolean> {
  const rows = await db.query(
    "UPDATE invitations SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id",
    [id],
  );
  return rows.length > 0;
}

export async function revokeInvitation(
  db: Database,
  sellerId: string,
  id: string,
): Promise<InvitationRecord | undefined> {
  const [row] = await db.query<InvitationRecord>(
    `UPDATE invitations SET revoked_at = now()
     WHERE seller_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [sellerId, id],
  );
  return row;
}

/** Invitations not yet accepted or revoked, newest first (expired ones included, marked by expiresAt). */
export async function listOpenInvitations(db: Database, sellerId: string): Promise<InvitationRecord[]> {
  return db.query<InvitationRecord>(
    `SELECT ${COLUMNS} FROM invitations WHERE seller_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
     ORDER BY created_at DESC LIMIT 100`,
    [sellerId],
  );
}
