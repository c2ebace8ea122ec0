/**
 * Changing a seller's exception rules: an override validated, merged with the rule in effect and stored, or the
 * stored row removed. The API (PUT /v1/alert-rules/:kind) and Settings › Alerts both save through here, so the
 * dashboard accepts exactly what the API accepts.
 */
import type { z } from "zod";
import type { Database } from "../db/client.js";
import { listOutgoingEndpoints } from "../notifications/outgoing-endpoints.js";
import {
  loadRules,
  resolveRule,
  ruleOverrideSchema,
  type AlertAction,
  type AlertKind,
  type AlertRule,
} from "./rules.js";

export type RuleOverride = z.infer<typeof ruleOverrideSchema>;

/** What is wrong with an override: the first problem, at its path in the override ("params.percentile"). */
export interface RuleProblem {
  path: string;
  message: string;
}

export type SaveRuleOutcome = { ok: true; rule: AlertRule } | { ok: false; problem: RuleProblem };

/**
 * The index of the first helpdesk action whose endpoint is not one of the seller's helpdesk endpoints, or -1.
 * The schema only checks the id's shape; a ticket sent through another seller's endpoint would leak an alert.
 */
async function foreignHelpdesk(db: Database, sellerId: string, actions: readonly AlertAction[]) {
  if (!actions.some((a) => a.type === "helpdesk")) return -1;
  const own = new Set(
    (await listOutgoingEndpoints(db, sellerId)).filter((e) => e.kind === "helpdesk").map((e) => e.id),
  );
  return actions.findIndex((a) => a.type === "helpdesk" && !own.has(a.endpointId));
}

/** Applies `override` (anything; it is validated) on top of the seller's rule of `kind` and stores the result. */
export async function saveRuleOverride(
  db: Database,
  sellerId: string,
  kind: AlertKind,
  override: unknown,
): Promise<SaveRuleOutcome> {
  const parsed = ruleOverrideSchema.safeParse(override);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: { path: issue.path.join("."), message: issue.message } };
  }
  const body = parsed.data;
  const foreign = await foreignHelpdesk(db, sellerId, body.actions ?? []);
  if (foreign >= 0)
    return {
      ok: false,
      problem: { path: `actions.${foreign}.endpointId`, message: "not one of your helpdesk endpoints" },
    };
  const current = (await loadRules(db, sellerId))[kind];
  // Severity, SLA and team live in the params column next to the thresholds (storedParamsSchema).
  const stored = {
    ...current.params,
    ...(body.params ?? {}),
    severity: body.severity ?? current.severity,
    slaBusinessHours: body.slaBusinessHours ?? current.slaBusinessHours,
    team: body.team === undefined ? current.team : body.team,
  };
  await db.query(
    `INSERT INTO alert_rules (seller_id, kind, enabled, params, actions, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, now())
     ON CONFLICT (seller_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled, params = EXCLUDED.params,
       actions = EXCLUDED.actions, updated_at = now()`,
    [
      sellerId,
      kind,
      body.enabled ?? current.enabled,
      JSON.stringify(stored),
      JSON.stringify(body.actions ?? current.actions),
    ],
  );
  return { ok: true, rule: (await loadRules(db, sellerId))[kind] };
}

/** Removes the seller's override of `kind` (the built-in rule applies again); false when there was none. */
export async function resetRuleOverride(db: Database, sellerId: string, kind: AlertKind): Promise<boolean> {
  const removed = await db.query(
    "DELETE FROM alert_rules WHERE seller_id = $1 AND kind = $2 RETURNING kind",
    [sellerId, kind],
  );
  return removed.length > 0;
}

/** True when the rule in effect is the built-in one (no override, or one that changes nothing). */
export function isDefaultRule(rule: AlertRule): boolean {
  return JSON.stringify(rule) === JSON.stringify(resolveRule(rule.kind));
}
