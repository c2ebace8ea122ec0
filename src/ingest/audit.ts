/** The append-only audit trail: every write through the API, with who did it and from where. */
import type { SqlSession } from "../db/client.js";

export interface AuditEntry {
  sellerId?: string | null;
  /** api_key:<id>, user:<id> or system */
  actor: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  data?: Record<string, unknown>;
}

/** Appends one entry in the caller's transaction. */
export async function writeAudit(s: SqlSession, entry: AuditEntry): Promise<void> {
  await s.query(
    `INSERT INTO audit_log (seller_id, actor, action, target_type, target_id, request_id, ip, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      entry.sellerId ?? null,
      entry.actor,
      entry.action,
      entry.targetType,
      entry.targetId ?? null,
      entry.requestId ?? null,
      entry.ip ?? null,
      JSON.stringify(entry.data ?? {}),
    ],
  );
}
