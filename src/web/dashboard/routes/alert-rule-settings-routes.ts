/**
 * Settings › Alerts: the exception rules in effect, one form per rule, reset to the built-in rule. Saving goes
 * through saveRuleOverride, as PUT /v1/alert-rules/:kind does, and is audited under the API's action name.
 */
import type { FastifyRequest } from "fastify";
import { AppError } from "../../../core/errors.js";
import { storedNotificationPolicy } from "../../../db/repositories/dashboard-settings.js";
import { resetRuleOverride, saveRuleOverride, type RuleProblem } from "../../../exceptions/rule-overrides.js";
import { ALERT_KINDS, PARAMS_OF_KIND, loadRules, type AlertKind } from "../../../exceptions/rules.js";
import { resolvePolicy } from "../../../notifications/policy.js";
import { listOutgoingEndpoints } from "../../../notifications/outgoing-endpoints.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, fieldList, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import {
  alertRuleFormPage,
  formValuesOf,
  overrideOf,
  type RuleFormValues,
} from "../views/alert-rule-form.js";
import { alertRulesPage, KIND_TEXT, type AlertTargets } from "../views/alert-rules-view.js";

function kindOf(request: FastifyRequest): AlertKind {
  const kind = (request.params as { kind: string }).kind;
  if (!(ALERT_KINDS as readonly string[]).includes(kind))
    throw new AppError("SW_ERR_NOT_FOUND", "No alert rule of this kind.");
  return kind as AlertKind;
}

async function targetsOf(deps: DashboardDeps, sellerId: string): Promise<AlertTargets> {
  const [endpoints, policy] = await Promise.all([
    listOutgoingEndpoints(deps.db, sellerId),
    storedNotificationPolicy(deps.db, sellerId),
  ]);
  return {
    helpdesks: endpoints
      .filter((e) => e.kind === "helpdesk")
      .map((e) => ({ id: e.id, name: e.name || e.url })),
    teamEmails: resolvePolicy(policy).teamEmails,
  };
}

/** The form of `kind`: as the rule in effect, or as typed with what is wrong with it. */
async function rulePage(
  deps: DashboardDeps,
  request: FastifyRequest,
  kind: AlertKind,
  typed?: { values: RuleFormValues; problem: RuleProblem },
) {
  const { sellerId } = sessionOf(request);
  const [rules, targets] = await Promise.all([loadRules(deps.db, sellerId), targetsOf(deps, sellerId)]);
  const rule = rules[kind];
  return alertRuleFormPage(request, { rule, targets, values: formValuesOf(rule), ...typed });
}

function readForm(request: FastifyRequest, kind: AlertKind): RuleFormValues {
  const on = (name: string) => field(request, name) === "on";
  return {
    enabled: on("enabled"),
    params: Object.fromEntries(PARAMS_OF_KIND[kind].map((p) => [p, field(request, `p_${p}`)])),
    severity: field(request, "severity"),
    slaBusinessHours: field(request, "slaBusinessHours"),
    team: field(request, "team"),
    notifyShopper: on("notifyShopper"),
    notifyTeam: on("notifyTeam"),
    teamEmails: field(request, "teamEmails"),
    helpdesks: fieldList(request, "helpdesk"),
    webhook: on("webhook"),
  };
}

export function alertRuleSettingsRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    {
      method: "GET",
      url: "/settings/alerts",
      permission: "configure",
      async handler(request, reply) {
        const { sellerId } = sessionOf(request);
        const [rules, targets] = await Promise.all([loadRules(deps.db, sellerId), targetsOf(deps, sellerId)]);
        return sendHtml(reply, alertRulesPage(request, rules, targets));
      },
    },
    {
      method: "GET",
      url: "/settings/alerts/:kind",
      permission: "configure",
      async handler(request, reply) {
        return sendHtml(reply, await rulePage(deps, request, kindOf(request)));
      },
    },
    {
      method: "POST",
      url: "/settings/alerts/:kind",
      permission: "configure",
      async handler(request, reply) {
        const kind = kindOf(request);
        const { sellerId } = sessionOf(request);
        const values = readForm(request, kind);
        const override = overrideOf(kind, values);
        const saved = await saveRuleOverride(deps.db, sellerId, kind, override);
        if (!saved.ok)
          return sendHtml(
            reply,
            await rulePage(deps, request, kind, { values, problem: saved.problem }),
            400,
          );
        await auditAsUser(deps, request, {
          action: "alert_rule.update",
          targetType: "alert_rule",
          targetId: kind,
          data: { fields: Object.keys(override) },
        });
        return redirectWithFlash(deps, reply, "/app/settings/alerts", `${KIND_TEXT[kind].title} rule saved.`);
      },
    },
    {
      method: "POST",
      url: "/settings/alerts/:kind/reset",
      permission: "configure",
      async handler(request, reply) {
        const kind = kindOf(request);
        const title = KIND_TEXT[kind].title;
        if (!(await resetRuleOverride(deps.db, sessionOf(request).sellerId, kind)))
          return redirectWithFlash(
            deps,
            reply,
            "/app/settings/alerts",
            `${title} is the built-in rule already.`,
          );
        await auditAsUser(deps, request, {
          action: "alert_rule.update",
          targetType: "alert_rule",
          targetId: kind,
          data: { reset: true },
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/alerts",
          `${title} is back to the built-in rule.`,
        );
      },
    },
  ];
}
