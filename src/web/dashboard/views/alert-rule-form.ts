/**
 * The form of one alert rule: its values as typed (so a refused form comes back as it was sent), the override
 * they make (validated by saveRuleOverride, as the API's), and the page. Only the thresholds the kind reads
 * are fields; the others keep their stored values.
 */
import type { FastifyRequest } from "fastify";
import type { RuleProblem } from "../../../exceptions/rule-overrides.js";
import {
  PARAMS_OF_KIND,
  ruleOverrideSchema,
  ruleParamsSchema,
  type AlertAction,
  type AlertKind,
  type AlertRule,
  type RuleParams,
} from "../../../exceptions/rules.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { KIND_TEXT, PARAM_LABEL, type AlertTargets } from "./alert-rules-view.js";
import { settingsNav } from "./settings-nav.js";

const SEVERITIES = ruleOverrideSchema.shape.severity.unwrap().options;

/** A rule's form fields as strings and ticks. */
export interface RuleFormValues {
  enabled: boolean;
  params: Partial<Record<keyof RuleParams, string>>;
  severity: string;
  slaBusinessHours: string;
  team: string;
  notifyShopper: boolean;
  notifyTeam: boolean;
  /** Addresses for notify_team, comma-separated; empty means the policy's team addresses. */
  teamEmails: string;
  /** The helpdesk endpoints to open tickets in (none, one, or several). */
  helpdesks: string[];
  webhook: boolean;
}

export function formValuesOf(rule: AlertRule): RuleFormValues {
  const team = rule.actions.find((a) => a.type === "notify_team");
  return {
    enabled: rule.enabled,
    params: Object.fromEntries(PARAMS_OF_KIND[rule.kind].map((p) => [p, String(rule.params[p])])),
    severity: rule.severity,
    slaBusinessHours: String(rule.slaBusinessHours),
    team: rule.team ?? "",
    notifyShopper: rule.actions.some((a) => a.type === "notify_shopper"),
    notifyTeam: team !== undefined,
    teamEmails: team?.emails?.join(", ") ?? "",
    helpdesks: rule.actions.flatMap((a) => (a.type === "helpdesk" ? [a.endpointId] : [])),
    webhook: rule.actions.some((a) => a.type === "webhook"),
  };
}

// An empty or non-numeric field becomes NaN, which the schema refuses by name (rather than keeping the old value).
const num = (v: string | undefined) => (v ? Number(v) : Number.NaN);

/** The override the form asks for, unvalidated: saveRuleOverride checks it as it checks the API's body. */
export function overrideOf(kind: AlertKind, v: RuleFormValues): Record<string, unknown> {
  const emails = v.teamEmails.split(/[\s,;]+/).filter(Boolean);
  const actions: AlertAction[] = [
    ...(v.notifyShopper ? [{ type: "notify_shopper" as const }] : []),
    ...(v.notifyTeam ? [{ type: "notify_team" as const, ...(emails.length ? { emails } : {}) }] : []),
    ...v.helpdesks.map((endpointId) => ({ type: "helpdesk" as const, endpointId })),
    ...(v.webhook ? [{ type: "webhook" as const }] : []),
  ];
  return {
    enabled: v.enabled,
    params: Object.fromEntries(PARAMS_OF_KIND[kind].map((p) => [p, num(v.params[p])])),
    severity: v.severity,
    slaBusinessHours: num(v.slaBusinessHours),
    team: v.team || null,
    actions,
  };
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  enabled: "On",
  severity: "Severity",
  slaBusinessHours: "SLA (business hours)",
  team: "Team",
  actions: "Actions",
  emails: "Team e-mail addresses",
  endpointId: "Helpdesk",
  ...PARAM_LABEL,
};

/** A problem named after the form's field: the innermost named part of its path ("actions.1.emails.0"). */
export function problemText(p: RuleProblem): string {
  const name = p.path
    .split(".")
    .reverse()
    .map((part) => FIELD_NAMES[part])
    .find(Boolean);
  return `${name ?? p.path}: ${p.message}`;
}

// Positive thresholds have an exclusive minimum of 0, which reads better as "up to".
const range = (n: { minValue: number | null; maxValue: number | null }) =>
  n.minValue ? `${n.minValue}–${n.maxValue}` : `up to ${n.maxValue}`;

function paramField(key: keyof RuleParams, value: string): Html {
  // The limits come from the schema the server validates with, so the browser hints at the same range.
  const schema = ruleParamsSchema.shape[key].unwrap();
  return html`<div>
    <label for="p-${key}">${PARAM_LABEL[key]} <small class="muted">(${range(schema)})</small></label
    ><input
      id="p-${key}"
      name="p_${key}"
      type="number"
      step="${schema.isInt ? "1" : "any"}"
      min="${schema.minValue ?? ""}"
      max="${schema.maxValue ?? ""}"
      value="${value}"
      required
    />
  </div>`;
}

const checkbox = (name: string, checked: boolean, label: string) =>
  html`<label><input type="checkbox" name="${name}" value="on" ${checked ? html` checked` : ""} /> ${label}</label>`;

function helpdeskField(v: RuleFormValues, t: AlertTargets): Html {
  if (t.helpdesks.length === 0)
    return html`<p class="muted">
      No helpdesk connected: connect Zendesk or Gorgias in
      <a href="/app/settings/outgoing">Settings › Outgoing &amp; helpdesk</a> to open tickets.
    </p>`;
  // Checkboxes, not a select: a rule may open tickets in several helpdesks, and saving must not drop any.
  return html`<fieldset>
    <legend>Open a helpdesk ticket in</legend>
    ${t.helpdesks.map(
      (h) =>
        html`<label
          ><input type="checkbox" name="helpdesk" value="${h.id}" ${v.helpdesks.includes(h.id) ? html` checked` : ""} />
          ${h.name}</label
        >`,
    )}
  </fieldset>`;
}

export function alertRuleFormPage(
  request: FastifyRequest,
  o: { rule: AlertRule; values: RuleFormValues; targets: AlertTargets; problem?: RuleProblem },
): Html {
  const { rule, values: v, targets: t } = o;
  const text = KIND_TEXT[rule.kind];
  const params = PARAMS_OF_KIND[rule.kind];
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("alerts")}
      <h2>${text.title} alerts</h2>
      <p>${text.detects}</p>
      ${o.problem ? html`<p class="error" role="alert">${problemText(o.problem)}</p>` : ""}
      <form method="post" action="/app/settings/alerts/${rule.kind}">
        ${csrfField(request)} ${checkbox("enabled", v.enabled, "On: open alerts of this kind")}
        ${params.length ? html`<div class="row">${params.map((p) => paramField(p, v.params[p] ?? ""))}</div>` : ""}
        <div class="row">
          <div>
            <label for="r-severity">Severity</label
            ><select id="r-severity" name="severity">
              ${SEVERITIES.map((s) => html`<option value="${s}" ${s === v.severity ? html` selected` : ""}>${s}</option>`)}
            </select>
          </div>
          <div>
            <label for="r-sla">SLA (business hours to acknowledge)</label
            ><input id="r-sla" name="slaBusinessHours" type="number" step="any" value="${v.slaBusinessHours}" required />
          </div>
          <div>
            <label for="r-team">Team</label
            ><input id="r-team" name="team" maxlength="100" value="${v.team}" />
          </div>
        </div>
        <fieldset>
          <legend>When an alert opens</legend>
          ${checkbox("notifyShopper", v.notifyShopper, "Message the shopper")}
          ${checkbox("notifyTeam", v.notifyTeam, "E-mail the team")}
          <label for="r-emails">Only to these addresses <small class="muted">(optional, separated by commas; empty: ${t.teamEmails.length ? t.teamEmails.join(", ") : "the team addresses of Settings › Notifications, none yet"})</small></label
          ><input id="r-emails" name="teamEmails" value="${v.teamEmails}" />
          ${helpdeskField(v, t)}
          ${checkbox("webhook", v.webhook, "Post alert.opened to your webhooks")}
        </fieldset>
        <p><button type="submit">Save rule</button></p>
      </form>
      <form
        method="post"
        action="/app/settings/alerts/${rule.kind}/reset"
        data-confirm="Go back to the built-in ${text.title} rule? Your changes to it are removed."
      >
        ${csrfField(request)}<button type="submit" class="secondary">Reset to default</button>
      </form>
      <p><a href="/app/settings/alerts">Back to all rules</a></p>`,
  });
}
