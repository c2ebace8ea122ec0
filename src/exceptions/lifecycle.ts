/**
 * The alert lifecycle as a transition table: open → acknowledged → resolved (open → resolved too), assignment
 * while not resolved, auto-resolution by the system when the shipment moves on. One open alert per shipment
 * and kind (a partial unique index); every change is written to the audit log in the same transaction.
 */
import { AppError } from "../core/errors.js";
import type { SqlSession } from "../db/client.js";
import { writeAudit } from "../ingest/audit.js";
import { enqueueWebhookEvents } from "../notifications/webhook-enqueue.js";
import { runAlertActions, type AlertSubject } from "./actions.js";
import { addBusinessHours } from "./business-hours.js";
import type { AlertKind, AlertRule } from "./rules.js";

export type AlertStatus = "open" | "acknowledged" | "resolved";
export type AlertCommand = "acknowledge" | "resolve" | "assign";

const TRANSITIONS: Readonly<Record<AlertCommand, readonly AlertStatus[]>> = {
  acknowledge: ["open"],
  resolve: ["open", "acknowledged"],
  assign: ["open", "acknowledged"],
};

export interface AlertRecord {
  id: string;
  seller_id: string;
  shipment_id: string;
  kind: AlertKind;
  status: AlertStatus;
  severity: string;
  opened_in_status: string;
  details: Record<string, unknown>;
  assignee: string | null;
  team: string | null;
  opened_at: Date;
  sla_due_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

/** What webhooks and helpdesks receive about an alert. */
export function alertEventData(a: AlertRecord, subject?: Partial<AlertSubject>): Record<string, unknown> {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    severity: a.severity,
    shipmentId: a.shipment_id,
    ...(subject
      ? {
          orderId: subject.orderId ?? null,
          orderNumber: subject.orderNumber ?? null,
          carrier: subject.carrier,
          trackingNumber: subject.trackingNumber,
        }
      : {}),
    details: a.details,
    assignee: a.assignee,
    team: a.team,
    openedAt: iso(a.opened_at),
    slaDueAt: iso(a.sla_due_at),
    acknowledgedAt: iso(a.acknowledged_at),
    resolvedAt: iso(a.resolved_at),
    resolvedBy: a.resolved_by,
    resolution: a.resolution,
  };
}

export interface AlertRequest {
  subject: AlertSubject;
  rule: AlertRule;
  details: Record<string, unknown>;
}

/**
 * Opens alerts unless one of that kind is already open for the shipment (set-based: one statement for the
 * batch, as the ingest path calls it), audits them and decides their rules' actions. Returns the new ones.
 */
export async function openAlerts(
  s: SqlSession,
  requests: readonly AlertRequest[],
  now: Date,
): Promise<AlertRecord[]> {
  if (requests.length === 0) return [];
  const rows = requests.map((r) => ({
    seller_id: r.subject.sellerId,
    shipment_id: r.subject.shipmentId,
    kind: r.rule.kind,
    severity: r.rule.severity,
    opened_in_status: r.subject.status,
    details: r.details,
    team: r.rule.team,
    sla_due_at: addBusinessHours(
      now,
      r.rule.slaBusinessHours,
      r.subject.sellerTimeZone,
      r.subject.originCountry ?? null,
    ).toISOString(),
  }));
  const opened = await s.query<AlertRecord>(
    `INSERT INTO alerts (seller_id, shipment_id, kind, severity, opened_in_status, details, team, opened_at,
       sla_due_at, updated_at)
     SELECT x.seller_id, x.shipment_id, x.kind, x.severity, x.opened_in_status, x.details, x.team, $2, x.sla_due_at, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, shipment_id uuid, kind text, severity text,
       opened_in_status text, details jsonb, team text, sla_due_at timestamptz)
     ON CONFLICT (shipment_id, kind) WHERE status <> 'resolved' DO NOTHING
     RETURNING *`,
    [JSON.stringify(rows), now.toISOString()],
  );
  if (opened.length === 0) return [];
  await writeAuditMany(
    s,
    opened.map((a) => ({
      sellerId: a.seller_id,
      action: "alert.open",
      alertId: a.id,
      data: { kind: a.kind, shipmentId: a.shipment_id, details: a.details },
    })),
  );
  const byKey = new Map(requests.map((r) => [`${r.subject.shipmentId}|${r.rule.kind}`, r]));
  await runAlertActions(
    s,
    opened.map((alert) => {
      const r = byKey.get(`${alert.shipment_id}|${alert.kind}`)!;
      return { alert, subject: r.subject, rule: r.rule };
    }),
    now,
  );
  return opened;
}

/** Opens one alert (see openAlerts); null when one of that kind was already open. */
export async function openAlert(
  s: SqlSession,
  subject: AlertSubject,
  rule: AlertRule,
  details: Record<string, unknown>,
  now: Date,
): Promise<AlertRecord | null> {
  return (await openAlerts(s, [{ subject, rule, details }], now))[0] ?? null;
}

/** Appends system entries about alerts to the audit log in one statement. */
async function writeAuditMany(
  s: SqlSession,
  entries: readonly { sellerId: string; action: string; alertId: string; data: Record<string, unknown> }[],
): Promise<void> {
  await s.query(
    `INSERT INTO audit_log (seller_id, actor, action, target_type, target_id, data)
     SELECT x.seller_id, 'system', x.action, 'alert', x.alert_id, x.data
     FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, action text, alert_id text, data jsonb)`,
    [
      JSON.stringify(
        entries.map((e) => ({ seller_id: e.sellerId, action: e.action, alert_id: e.alertId, data: e.data })),
      ),
    ],
  );
}

/** Applies a person's command to an alert; throws SW_ERR_CONFLICT when the lifecycle does not allow it. */
export async function changeAlert(
  s: SqlSession,
  input: {
    sellerId: string;
    alertId: string;
    command: AlertCommand;
    actor: string;
    assignee?: string | null;
    team?: string | null;
    resolution?: string | null;
    requestId?: string | null;
  },
  now: Date = new Date(),
): Promise<AlertRecord | null> {
  const [current] = await s.query<AlertRecord>(
    "SELECT * FROM alerts WHERE id = $1 AND seller_id = $2 FOR UPDATE",
    [input.alertId, input.sellerId],
  );
  if (!current) return null;
  if (!TRANSITIONS[input.command].includes(current.status)) {
    throw new AppError("SW_ERR_CONFLICT", `An ${current.status} alert cannot be ${input.command}d.`, {
      alertStatus: current.status,
    });
  }
  const at = now.toISOString();
  const [next] =
    input.command === "acknowledge"
      ? await s.query<AlertRecord>(
          `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $2, updated_at = $2,
             assignee = COALESCE(assignee, $3) WHERE id = $1 RETURNING *`,
          [current.id, at, input.assignee ?? null],
        )
      : input.command === "resolve"
        ? await s.query<AlertRecord>(
            `UPDATE alerts SET status = 'resolved', resolved_at = $2, updated_at = $2, resolved_by = $3,
               resolution = $4 WHERE id = $1 RETURNING *`,
            [current.id, at, input.actor, input.resolution ?? null],
          )
        : await s.query<AlertRecord>(
            `UPDATE alerts SET assignee = $2, team = $3, updated_at = $4 WHERE id = $1 RETURNING *`,
            [
              current.id,
              input.assignee === undefined ? current.assignee : input.assignee,
              input.team === undefined ? current.team : input.team,
              at,
            ],
          );
  await writeAudit(s, {
    sellerId: input.sellerId,
    actor: input.actor,
    action: `alert.${input.command}`,
    targetType: "alert",
    targetId: current.id,
    requestId: input.requestId ?? null,
    data: { from: current.status, to: next!.status, assignee: next!.assignee, team: next!.team },
  });
  const topic = next!.status === "resolved" ? "alert.resolved" : "alert.updated";
  await enqueueWebhookEvents(
    s,
    input.sellerId,
    [{ topic, key: `${topic}:${current.id}:${at}`, data: alertEventData(next!) }],
    now,
  );
  return next!;
}

/**
 * Resolves, as the system, the open alerts of these shipments that the new states leave behind. `moved` says
 * for each alert whether its shipment has moved on from what raised it.
 */
export async function autoResolveAlerts(
  s: SqlSession,
  sellerId: string,
  shipmentIds: readonly string[],
  moved: (alert: AlertRecord) => string | null,
  now: Date,
): Promise<number> {
  if (shipmentIds.length === 0) return 0;
  const open = await s.query<AlertRecord>(
    `SELECT * FROM alerts WHERE seller_id = $1 AND status <> 'resolved'
       AND shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [sellerId, JSON.stringify(shipmentIds)],
  );
  const resolving = open.map((a) => ({ id: a.id, why: moved(a) })).filter((x) => x.why !== null);
  if (resolving.length === 0) return 0;
  const done = await s.query<AlertRecord & { why: string }>(
    `UPDATE alerts a SET status = 'resolved', resolved_at = $2, updated_at = $2, resolved_by = 'system:auto',
       resolution = x.why
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, why text)
     WHERE a.id = x.id AND a.status <> 'resolved' RETURNING a.*, x.why`,
    [JSON.stringify(resolving), now.toISOString()],
  );
  const before = new Map(open.map((a) => [a.id, a.status]));
  await writeAuditMany(
    s,
    done.map((a) => ({
      sellerId,
      action: "alert.auto_resolve",
      alertId: a.id,
      data: { kind: a.kind, from: before.get(a.id), reason: a.why },
    })),
  );
  await enqueueWebhookEvents(
    s,
    sellerId,
    done.map((a) => ({
      topic: "alert.resolved" as const,
      key: `alert.resolved:${a.id}`,
      data: alertEventData(a),
    })),
    now,
  );
  return resolving.length;
}
