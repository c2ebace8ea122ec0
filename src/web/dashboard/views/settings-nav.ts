/** The settings sub-navigation. */
import { html, type Html } from "../html.js";

const ITEMS = [
  ["carriers", "Carriers & webhooks"],
  ["outgoing", "Outgoing & helpdesk"],
  ["shops", "Shops"],
  ["notifications", "Notifications"],
  ["alerts", "Alerts"],
  ["branding", "Branding"],
  ["api-keys", "API keys"],
  ["team", "Team"],
  ["audit", "Audit trail"],
] as const;

export type SettingsTab = (typeof ITEMS)[number][0];

export function settingsNav(current: SettingsTab): Html {
  return html`<nav class="subnav" aria-label="Settings">
    ${ITEMS.map(
      ([tab, label]) =>
        html`<a href="/app/settings/${tab}" ${tab === current ? html` aria-current="page"` : ""}
          >${label}</a
        >`,
    )}
  </nav>`;
}
