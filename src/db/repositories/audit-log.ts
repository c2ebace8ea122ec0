/**
 * Reading the audit trail (written by src/ingest/audit.ts): one query for `GET /v1/audit` and the dashboard's
 * Settings › Audit trail, newest first with an id cursor. The filters are the dashboard's; the API sends none.
 */
import { and, desc, eq, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { auditLog } from "../schema.js";
import { escapeLike } from "./dashboard-search.js";
import { isUuid } from "../../core/ids.js";
import {
  auditActionSpellings,
  canonicalAuditAction,
  legacyAuditActionsUnder,
} from "../../core/audit-actions.js";

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  /**
   * An exact action ("api_key.create"), or every action under a prefix ending in a dot ("api_key."); either also
   * finds rows written under an old spelling of the action (src/core/audit-actions.ts).
   */
  action?: string;
  /** As written: "user:<id>", "api_key:<id>", "system"… */
  actor?: string;
  targetType?: string;
  /** Local calendar days "YYYY-MM-DD" in `timeZone`, both included. */
  from?: string;
  to?: string;
  timeZone?: string;
}

export interface AuditPage {
  items: AuditRow[];
  /** The cursor of the next (older) page: set whenever the page is full, as the API always answered. */
  nextBefore: number | null;
}

function filterClauses(f: AuditFilter): (SQL | undefined)[] {
  const zone = f.timeZone || "UTC";
  return [
    f.action ? actionClause(f.action) : undefined,
    f.actor ? eq(auditLog.actor, f.actor) : undefined,
    f.targetType ? eq(auditLog.targetType, f.targetType) : undefined,
    // Local midnights, as the analytics roll-ups bound their days (src/analytics/rollup.ts).
    f.from ? sql`${auditLog.at} >= (${f.from}::date::timestamp AT TIME ZONE ${zone})` : undefined,
    f.to ? sql`${auditLog.at} < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${zone})` : undefined,
  ];
}

function actionClause(action: string): SQL | undefined {
  if (!action.endsWith(".")) return inArray(auditLog.action, auditActionSpellings(action));
  const legacy = legacyAuditActionsUnder(action);
  const prefix = like(auditLog.action, `${escapeLike(action)}%`);
  return legacy.length > 0 ? or(prefix, inArray(auditLog.action, legacy)) : prefix;
}

/** A page of the seller's trail, newest first, older than `before` when given. */
export async function listAuditEntries(
  db: Database,
  sellerId: string,
  o: { before?: number; limit: number; filter?: AuditFilter },
): Promise<AuditPage> {
  const items = await db.orm
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.sellerId, sellerId),
        o.before ? lt(auditLog.id, o.before) : undefined,
        ...filterClauses(o.filter ?? {}),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(o.limit);
  return { items, nextBefore: items.length === o.limit ? items.at(-1)!.id : null };
}

/**
 * The distinct values of a column in the seller's trail, sorted; actions under their current code, so an act
 * written under an old spelling too is offered once. A recursive query steps from one value to the
 * next along the (seller_id, column text_pattern_ops, id) index of 0022, so a long trail costs one index probe per
 * value instead of a scan; ~>~ and USING ~<~ are that operator class's byte-wise comparisons (the default ones
 * would not use it).
 */
export async function auditDistinct(
  db: Database,
  sellerId: string,
  column: "action" | "target_type",
): Promise<string[]> {
  const rows = await db.query<{ value: string }>(
    `WITH RECURSIVE v AS (
       (SELECT ${column} AS value FROM audit_log WHERE seller_id = $1 ORDER BY ${column} USING ~<~ LIMIT 1)
       UNION ALL
       SELECT (SELECT ${column} FROM audit_log WHERE seller_id = $1 AND ${column} ~>~ v.value
               ORDER BY ${column} USING ~<~ LIMIT 1)
       FROM v WHERE v.value IS NOT NULL
     )
     SELECT value FROM v WHERE value IS NOT NULL`,
    [sellerId],
  );
  const values = rows.map((r) => (column === "action" ? canonicalAuditAction(r.value) : r.value));
  return [...new Set(values)].sort();
}

/**
 * Target types whose things have a page in the dashboard, with the table that holds them. `webhook_endpoint` is
 * written for inbound carrier endpoints and for outgoing webhooks alike; only the outgoing ones have a page, and
 * looking the id up among them tells the two apart.
 */
export const LINKABLE_TARGETS = {
  shipment: "shipments",
  return: "return_requests",
  carrier_account: "carrier_accounts",
  webhook_endpoint: "outgoing_webhooks",
  commerce_connection: "commerce_connections",
} as const;
export type LinkableTarget = keyof typeof LINKABLE_TARGETS;

/** Which of the entries' targets the seller still has, as "type:id": deleted things get no dead link. */
export async function liveAuditTargets(
  db: Database,
  sellerId: string,
  entries: readonly Pick<AuditRow, "targetType" | "targetId">[],
): Promise<Set<string>> {
  const ids = new Map<LinkableTarget, Set<string>>();
  for (const e of entries) {
    if (!Object.hasOwn(LINKABLE_TARGETS, e.targetType) || !e.targetId || !isUuid(e.targetId)) continue;
    const type = e.targetType as LinkableTarget;
    ids.set(type, (ids.get(type) ?? new Set()).add(e.targetId));
  }
  if (ids.size === 0) return new Set();
  const types = [...ids.keys()];
  const rows = await db.query<{ key: string }>(
    types
      .map(
        (type, i) =>
          `SELECT '${type}:' || id AS key FROM ${LINKABLE_TARGETS[type]} WHERE seller_id = $1 AND id = ANY($${i + 2}::uuid[])`,
      )
      .join(" UNION ALL "),
    [sellerId, ...types.map((type) => [...ids.get(type)!])],
  );
  return new Set(rows.map((r) => r.key));
}
