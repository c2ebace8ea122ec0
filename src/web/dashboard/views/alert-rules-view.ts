/**
 * Settings › Alerts: every exception rule in effect (the built-in defaults with the seller's overrides, as
 * GET /v1/alert-rules shows them), in words: what it detects, its thresholds, severity, SLA, team and actions.
 */
import type { FastifyRequest } from "fastify";
import {
  ALERT_KINDS,
  type AlertAction,
  type AlertKind,
  type AlertRule,
  type RuleParams,
} from "../../../exceptions/rules.js";
import { isDefaultRule } from "../../../exceptions/rule-overrides.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { settingsNav } from "./settings-nav.js";

/** What the alerts page needs besides the rules: where the actions would go. */
export interface AlertTargets {
  /** The seller's helpdesk endpoints (outgoing endpoints of kind helpdesk). */
  helpdesks: { id: string; name: string }[];
  /** The notification policy's team addresses: where notify_team without its own list sends. */
  teamEmails: readonly string[];
}

const pct = (p: number) => `${Math.round(p * 1000) / 10}%`;
const reported = () => "when the carrier reports it";

/** Each kind in words: its name, what it detects, and when it opens with these thresholds. */
export const KIND_TEXT: Readonly<
  Record<AlertKind, { title: string; detects: string; opens: (p: Required<RuleParams>) => string }>
> = {
  stalled: {
    title: "Stalled",
    detects:
      "No new scan for longer than is normal for the carrier, lane and status (learned from your shipments).",
    opens: (p) =>
      `after a silence longer than ${pct(p.percentile)} of past scan gaps, once ${p.minSamples} gaps are known; until then after ${p.fallbackBusinessHours} business hours`,
  },
  not_picked_up: {
    title: "Not picked up",
    detects: "A label was created but the carrier has not scanned the parcel.",
    opens: (p) => `${p.businessDays} business days after the label`,
  },
  late: {
    title: "Late",
    detects: "Not delivered after the delivery window (predicted, carrier's estimate or promised date).",
    opens: (p) => (p.graceDays === 0 ? "the day after the window" : `${p.graceDays} days after the window`),
  },
  failed_attempt: {
    title: "Failed attempt",
    detects: "The carrier reports a failed delivery attempt.",
    opens: reported,
  },
  carrier_exception: {
    title: "Carrier exception",
    detects: "The carrier reports a problem: held in customs, damaged, address problem and the like.",
    opens: reported,
  },
  returning: { title: "Returning", detects: "The parcel is on its way back to you.", opens: reported },
  returned: { title: "Returned", detects: "The parcel arrived back with you.", opens: reported },
  presumed_lost: {
    title: "Presumed lost",
    detects: "No scan for days while the parcel is in transit.",
    opens: (p) => `after ${p.days} days without a scan`,
  },
};

/** The form's name of each threshold. */
export const PARAM_LABEL: Readonly<Record<keyof RuleParams, string>> = {
  fallbackBusinessHours: "Until learned: business hours without a scan",
  percentile: "Percentile of past scan gaps",
  minSamples: "Gaps needed to learn",
  businessDays: "Business days after the label",
  days: "Days without a scan",
  graceDays: "Grace days after the window",
};

export function actionText(action: AlertAction, t: AlertTargets): string {
  switch (action.type) {
    case "notify_shopper":
      return "Message the shopper";
    case "notify_team": {
      const to = action.emails ?? t.teamEmails;
      return to.length
        ? `E-mail ${to.join(", ")}`
        : "E-mail the team (no address yet: Settings › Notifications)";
    }
    case "helpdesk": {
      const helpdesk = t.helpdesks.find((h) => h.id === action.endpointId);
      return helpdesk ? `Open a ticket in ${helpdesk.name}` : "Open a ticket in a helpdesk that is gone";
    }
    case "webhook":
      return "Post alert.opened to your webhooks";
  }
}

function ruleRow(rule: AlertRule, t: AlertTargets): Html {
  const text = KIND_TEXT[rule.kind];
  return html`<tr>
    <th scope="row">
      ${text.title}${isDefaultRule(rule) ? "" : html` <small class="muted">(changed)</small>`}<br /><small
        class="muted"
        >${text.detects}</small
      >
    </th>
    <td>${rule.enabled ? "on" : html`<strong>off</strong>`}</td>
    <td>${text.opens(rule.params)}</td>
    <td>${rule.severity}</td>
    <td class="num">${rule.slaBusinessHours}</td>
    <td>${rule.team ?? ""}</td>
    <td>${rule.actions.length ? rule.actions.map((a) => html`${actionText(a, t)}<br />`) : "none"}</td>
    <td>
      <a href="/app/settings/alerts/${rule.kind}">Edit<span class="visually-hidden"> ${text.title}</span></a>
    </td>
  </tr>`;
}

export function alertRulesPage(
  request: FastifyRequest,
  rules: Record<AlertKind, AlertRule>,
  targets: AlertTargets,
): Html {
  return page(request, {
    title: "Settings",
    section: "settings",
    body: html`${settingsNav("alerts")}
      <h2>Alert rules</h2>
      <p>
        When a shipment breaks one of these rules, an alert opens in the exception queue, to be acknowledged
        within the SLA (in business hours), and the rule's actions run. Alerts that open together reach the team
        as one e-mail listing them all, gathered for the time set in Settings › Notifications.
      </p>
      <div class="scroll" tabindex="0" role="region" aria-label="Alert rules">
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">State</th>
              <th scope="col">Opens</th>
              <th scope="col">Severity</th>
              <th scope="col" class="num">SLA (business hours)</th>
              <th scope="col">Team</th>
              <th scope="col">Actions</th>
              <th scope="col"><span class="visually-hidden">Edit</span></th>
            </tr>
          </thead>
          <tbody>
            ${ALERT_KINDS.map((k) => ruleRow(rules[k], targets))}
          </tbody>
        </table>
      </div>
      <p class="muted">The same rules are read and changed with the API: <code>/v1/alert-rules</code>.</p>`,
  });
}
