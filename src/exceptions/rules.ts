/**
 * Exception rules as data. Each kind has built-in defaults (thresholds, severity, SLA, actions); a seller's row
 * in alert_rules overrides any of them. Event rules fire from a state change inside the ingest transaction;
 * time rules (stalled, not picked up, late, presumed lost) are evaluated periodically (evaluate.ts).
 */
import { z } from "zod";
import type { SqlSession } from "../db/client.js";

export const ALERT_KINDS = [
  "stalled",
  "not_picked_up",
  "late",
  "failed_attempt",
  "carrier_exception",
  "returning",
  "returned",
  "presumed_lost",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const actionSchema = z.discriminatedUnion("type", [
  /** A message to the shopper (only for kinds the shipment's own notifications do not already cover). */
  z.object({ type: z.literal("notify_shopper") }),
  /** An e-mail to the seller's team (the policy's teamEmails, or these addresses). */
  z.object({ type: z.literal("notify_team"), emails: z.array(z.email()).max(20).optional() }),
  /** A ticket through a helpdesk endpoint (Zendesk, Gorgias, Freshdesk preset or custom request). */
  z.object({ type: z.literal("helpdesk"), endpointId: z.uuid() }),
  /** `alert.opened` posted to the seller's webhook endpoints subscribed to it. */
  z.object({ type: z.literal("webhook") }),
]);
export type AlertAction = z.infer<typeof actionSchema>;

export const ruleParamsSchema = z
  .object({
    /** stalled: hours when there is no history for the carrier, lane and status. */
    fallbackBusinessHours: z.number().positive().max(2000).optional(),
    /** stalled: the percentile of learned scan gaps used as the threshold (0.5–0.999). */
    percentile: z.number().min(0.5).max(0.999).optional(),
    /** stalled: gaps needed before the learned threshold replaces the fallback. */
    minSamples: z.number().int().min(3).max(10_000).optional(),
    /** not_picked_up: business days after label creation. */
    businessDays: z.number().positive().max(60).optional(),
    /** presumed_lost: calendar days without a scan while in transit. */
    days: z.number().positive().max(120).optional(),
    /** late: days of grace after the window or promised date. */
    graceDays: z.number().int().min(0).max(30).optional(),
  })
  .strict();
export type RuleParams = z.infer<typeof ruleParamsSchema>;

/** The thresholds each kind reads (evaluate.ts, scan-gaps.ts); event rules fire on a status and read none. */
export const PARAMS_OF_KIND: Readonly<Record<AlertKind, readonly (keyof RuleParams)[]>> = {
  stalled: ["fallbackBusinessHours", "percentile", "minSamples"],
  not_picked_up: ["businessDays"],
  late: ["graceDays"],
  failed_attempt: [],
  carrier_exception: [],
  returning: [],
  returned: [],
  presumed_lost: ["days"],
};

export const ruleOverrideSchema = z
  .object({
    enabled: z.boolean().optional(),
    params: ruleParamsSchema.optional(),
    severity: z.enum(["info", "warning", "critical"]).optional(),
    /** Business hours to acknowledge an alert of this kind before it is overdue. */
    slaBusinessHours: z.number().positive().max(1000).optional(),
    team: z.string().max(100).nullable().optional(),
    actions: z.array(actionSchema).max(10).optional(),
  })
  .strict();

export interface AlertRule {
  kind: AlertKind;
  enabled: boolean;
  params: Required<RuleParams>;
  severity: "info" | "warning" | "critical";
  slaBusinessHours: number;
  team: string | null;
  actions: AlertAction[];
}

const BASE_PARAMS: Required<RuleParams> = {
  fallbackBusinessHours: 24,
  percentile: 0.95,
  minSamples: 20,
  businessDays: 2,
  days: 7,
  graceDays: 0,
};

const team: AlertAction = { type: "notify_team" };
const hook: AlertAction = { type: "webhook" };

/** The built-in rules: what a seller gets without configuring anything. */
export const DEFAULT_RULES: Readonly<Record<AlertKind, Omit<AlertRule, "kind" | "params">>> = {
  stalled: { enabled: true, severity: "warning", slaBusinessHours: 24, team: null, actions: [hook] },
  not_picked_up: {
    enabled: true,
    severity: "warning",
    slaBusinessHours: 8,
    team: null,
    actions: [team, hook],
  },
  late: { enabled: true, severity: "warning", slaBusinessHours: 24, team: null, actions: [hook] },
  failed_attempt: { enabled: true, severity: "info", slaBusinessHours: 24, team: null, actions: [hook] },
  carrier_exception: {
    enabled: true,
    severity: "warning",
    slaBusinessHours: 8,
    team: null,
    actions: [team, hook],
  },
  returning: { enabled: true, severity: "warning", slaBusinessHours: 24, team: null, actions: [team, hook] },
  returned: { enabled: true, severity: "info", slaBusinessHours: 48, team: null, actions: [hook] },
  presumed_lost: {
    enabled: true,
    severity: "critical",
    slaBusinessHours: 8,
    team: null,
    actions: [{ type: "notify_shopper" }, team, hook],
  },
};

/** What the `params` column of alert_rules holds: thresholds plus severity, SLA and team. */
export const storedParamsSchema = ruleParamsSchema.extend({
  severity: z.enum(["info", "warning", "critical"]).optional(),
  slaBusinessHours: z.number().positive().max(1000).optional(),
  team: z.string().max(100).nullable().optional(),
});

/** The rule of one kind: the default with the seller's stored row (if any) applied. */
export function resolveRule(
  kind: AlertKind,
  stored?: { enabled: boolean; params: unknown; actions: unknown },
): AlertRule {
  const base = DEFAULT_RULES[kind];
  const parsed = storedParamsSchema.safeParse(stored?.params ?? {});
  const { severity, slaBusinessHours, team: teamName, ...thresholds } = parsed.success ? parsed.data : {};
  const actions = z.array(actionSchema).safeParse(stored?.actions);
  return {
    kind,
    enabled: stored ? stored.enabled : base.enabled,
    params: { ...BASE_PARAMS, ...thresholds },
    severity: severity ?? base.severity,
    slaBusinessHours: slaBusinessHours ?? base.slaBusinessHours,
    team: teamName === undefined ? base.team : teamName,
    // An empty stored list means "no actions", a missing or invalid one the defaults.
    actions: actions.success ? actions.data : base.actions,
  };
}

/** Every rule of a seller, defaults merged with stored overrides. */
export async function loadRules(
  s: Pick<SqlSession, "query">,
  sellerId: string,
): Promise<Record<AlertKind, AlertRule>> {
  const rows = await s.query<{ kind: string; enabled: boolean; params: unknown; actions: unknown }>(
    "SELECT kind, enabled, params, actions FROM alert_rules WHERE seller_id = $1",
    [sellerId],
  );
  const stored = new Map(rows.map((r) => [r.kind, r]));
  return Object.fromEntries(ALERT_KINDS.map((k) => [k, resolveRule(k, stored.get(k))])) as Record<
    AlertKind,
    AlertRule
  >;
}
