/**
 * /v1/alerts: the exception queue (list with age and SLA, acknowledge, assign, resolve; every change audited in
 * the same transaction) and /v1/alert-rules: the seller's rules as data (thresholds, severity, SLA, actions).
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { changeAlert, type AlertCommand, type AlertRecord } from "../../exceptions/lifecycle.js";
import { resetRuleOverride, saveRuleOverride } from "../../exceptions/rule-overrides.js";
import { ALERT_KINDS, loadRules, ruleOverrideSchema, type AlertKind } from "../../exceptions/rules.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams, listLimit } from "../schemas.js";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

type AlertRow = AlertRecord & {
  order_id: string | null;
  order_number: string | null;
  carrier: string;
  tracking_number: string;
  tickets?: { provider: string; status: string; id: string | null; url: string | null }[] | null;
};

/** An alert as the API shows it: with its age and whether its SLA is overdue. */
export function alertView(a: AlertRow, now: Date = new Date()) {
  const opened = new Date(a.opened_at);
  const due = a.sla_due_at ? new Date(a.sla_due_at) : null;
  const active = a.status !== "resolved";
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    severity: a.severity,
    shipmentId: a.shipment_id,
    orderId: a.order_id,
    orderNumber: a.order_number,
    carrier: a.carrier,
    trackingNumber: a.tracking_number,
    details: a.details,
    assignee: a.assignee,
    team: a.team,
    openedAt: opened.toISOString(),
    ageSeconds: Math.round(((active ? now : new Date(a.resolved_at!)).getTime() - opened.getTime()) / 1000),
    slaDueAt: iso(due),
    // Acknowledging meets the SLA: an acknowledged alert is being handled.
    overdue: a.status === "open" && due !== null && due.getTime() < now.getTime(),
    acknowledgedAt: iso(a.acknowledged_at),
    resolvedAt: iso(a.resolved_at),
    resolvedBy: a.resolved_by,
    resolution: a.resolution,
    // Tickets opened for it in the seller's helpdesk connections (Zendesk, Gorgias): id and agent link.
    helpdeskTickets: a.tickets ?? [],
  };
}

const SELECT = `SELECT a.*, s.order_id, o.order_number, s.carrier, s.tracking_number,
    (SELECT jsonb_agg(jsonb_build_object('provider', t.provider, 'status', t.status, 'id', t.ticket_id,
       'url', t.ticket_url) ORDER BY t.id) FROM helpdesk_tickets t WHERE t.alert_id = a.id) AS tickets
  FROM alerts a JOIN shipments s ON s.id = a.shipment_id LEFT JOIN orders o ON o.id = s.order_id`;

const commandBody = {
  acknowledge: z.object({ assignee: z.string().trim().min(1).max(100).optional() }).strict(),
  assign: z
    .object({
      assignee: z.string().trim().min(1).max(100).nullable().optional(),
      team: z.string().trim().min(1).max(100).nullable().optional(),
    })
    .strict()
    .refine((b) => b.assignee !== undefined || b.team !== undefined, "give an assignee or a team"),
  resolve: z.object({ resolution: z.string().trim().max(2000).optional() }).strict(),
} as const;

export function alertRoutes(db: Database) {
  const command = (name: AlertCommand, summary: string) =>
    defineRoute({
      method: "POST",
      url: `/v1/alerts/:id/${name}`,
      tag: "alerts",
      summary,
      scope: "write",
      params: idParams,
      body: commandBody[name],
      async handler({ params, body, sellerId, request }) {
        const b = body as { assignee?: string | null; team?: string | null; resolution?: string };
        const changed = await db.session((s) =>
          changeAlert(s, {
            sellerId,
            alertId: params.id,
            command: name,
            actor: `api_key:${request.auth!.keyId}`,
            requestId: request.id,
            ...b,
          }),
        );
        if (!changed) notFound("alert");
        const [row] = await db.query<AlertRow>(`${SELECT} WHERE a.id = $1`, [params.id]);
        return alertView(row!);
      },
    });
  return [
    defineRoute({
      method: "GET",
      url: "/v1/alerts",
      tag: "alerts",
      summary: "The exception queue: alerts with age and SLA, oldest open first by default",
      scope: "read",
      query: z.object({
        status: z.enum(["active", "open", "acknowledged", "resolved", "all"]).default("active"),
        kind: z.enum(ALERT_KINDS).optional(),
        assignee: z.string().max(100).optional(),
        shipmentId: z.uuid().optional(),
        overdue: z.enum(["true", "false"]).optional(),
        limit: listLimit,
        offset: z.coerce.number().int().min(0).max(100_000).default(0),
      }),
      async handler({ query, sellerId }) {
        const where = ["a.seller_id = $1"];
        const params: unknown[] = [sellerId];
        const add = (sql: string, value: unknown) => {
          params.push(value);
          where.push(sql.replace("?", `$${params.length}`));
        };
        if (query.status === "active") where.push("a.status <> 'resolved'");
        else if (query.status !== "all") add("a.status = ?", query.status);
        if (query.kind) add("a.kind = ?", query.kind);
        if (query.assignee) add("a.assignee = ?", query.assignee);
        if (query.shipmentId) add("a.shipment_id = ?", query.shipmentId);
        if (query.overdue === "true") where.push("a.status = 'open' AND a.sla_due_at < now()");
        params.push(query.limit + 1, query.offset);
        const rows = await db.query<AlertRow>(
          `${SELECT} WHERE ${where.join(" AND ")} ORDER BY a.opened_at ${query.status === "resolved" ? "DESC" : "ASC"}, a.id
           LIMIT $${params.length - 1} OFFSET $${params.length}`,
          params,
        );
        const now = new Date();
        return {
          items: rows.slice(0, query.limit).map((r) => alertView(r, now)),
          nextOffset: rows.length > query.limit ? query.offset + query.limit : null,
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/alerts/:id",
      tag: "alerts",
      summary: "One alert",
      scope: "read",
      params: idParams,
      async handler({ params, sellerId }) {
        const [row] = await db.query<AlertRow>(`${SELECT} WHERE a.id = $1 AND a.seller_id = $2`, [
          params.id,
          sellerId,
        ]);
        if (!row) notFound("alert");
        return alertView(row);
      },
    }),
    command("acknowledge", "Acknowledge an open alert (someone is on it)"),
    command("assign", "Assign an alert to a person and/or a team"),
    command("resolve", "Resolve an alert, with an optional note"),
    defineRoute({
      method: "GET",
      url: "/v1/alert-rules",
      tag: "alerts",
      summary: "The exception rules in effect: built-in defaults merged with the seller's overrides",
      scope: "read",
      async handler({ sellerId }) {
        return { items: Object.values(await loadRules(db, sellerId)) };
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/v1/alert-rules/:kind",
      tag: "alerts",
      summary: "Override one rule (enabled, thresholds, severity, SLA in business hours, team, actions)",
      scope: "admin",
      params: z.object({ kind: z.enum(ALERT_KINDS) }),
      body: ruleOverrideSchema,
      async handler({ params, body, sellerId, request }) {
        const kind = params.kind as AlertKind;
        const saved = await saveRuleOverride(db, sellerId, kind, body);
        if (!saved.ok) fail("SW_ERR_VALIDATION", `body.${saved.problem.path}: ${saved.problem.message}`);
        request.audit = {
          action: "alert_rule.update",
          targetType: "alert_rule",
          targetId: kind,
          data: { fields: Object.keys(body) },
        };
        return saved.rule;
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/alert-rules/:kind",
      tag: "alerts",
      summary:
        "Drop the seller's override of one rule: the built-in rule applies again (answers the rule in effect)",
      scope: "admin",
      params: z.object({ kind: z.enum(ALERT_KINDS) }),
      async handler({ params, sellerId, request }) {
        const kind = params.kind as AlertKind;
        // As Settings › Alerts' "Back to the built-in rule": audited when there was an override to drop.
        if (await resetRuleOverride(db, sellerId, kind))
          request.audit = {
            action: "alert_rule.update",
            targetType: "alert_rule",
            targetId: kind,
            data: { reset: true },
          };
        return (await loadRules(db, sellerId))[kind];
      },
    }),
  ];
}
