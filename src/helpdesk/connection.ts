/**
 * A helpdesk connection: an outgoing_webhooks row of kind "helpdesk" whose preset is zendesk or gorgias and
 * whose config carries the account's API credentials. Such a connection opens tickets through the helpdesk's own
 * API (tickets.ts); any other helpdesk preset stays a plain HTTP action (notifications/webhook-out.ts).
 */
import type { HelpdeskConfig } from "../exceptions/helpdesk-presets.js";

export type HelpdeskProvider = "zendesk" | "gorgias";

export interface HelpdeskConnection {
  provider: HelpdeskProvider;
  /** https://acme.zendesk.com, https://acme.gorgias.com, or an emulator's address. */
  baseUrl: string;
  authorization: string;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;

/** The account's base URL for a config: its subdomain (Zendesk) or domain (Gorgias), else null. */
export function helpdeskBaseUrl(config: HelpdeskConfig): string | null {
  if (config.preset === "zendesk" && config.subdomain) return `https://${config.subdomain}.zendesk.com`;
  if (config.preset === "gorgias" && config.domain) return `https://${config.domain}.gorgias.com`;
  return null;
}

/** True when the config holds API credentials, so tickets are opened through the API. */
export function hasApiCredentials(config: HelpdeskConfig): boolean {
  return (
    (config.preset === "zendesk" && !!config.email && !!config.apiToken) ||
    (config.preset === "gorgias" && !!config.username && !!config.apiKey)
  );
}

/** The connection of an endpoint (its url is the account's base URL), or null when it has no credentials. */
export function helpdeskConnection(url: string, config: HelpdeskConfig): HelpdeskConnection | null {
  if (!hasApiCredentials(config)) return null;
  const baseUrl = url.replace(/\/+$/, "").replace(/\/api(\/v2)?(\/tickets(\.json)?)?$/, "");
  return config.preset === "zendesk"
    ? { provider: "zendesk", baseUrl, authorization: basic(`${config.email}/token`, config.apiToken!) }
    : { provider: "gorgias", baseUrl, authorization: basic(config.username!, config.apiKey!) };
}

/**
 * The config as shown back through the API: credentials named, never given. `config` is the stored one, without
 * its credentials; `credentialNames` says which are set (src/notifications/endpoint-secrets.ts).
 */
export function redactHelpdeskConfig(
  config: Record<string, unknown>,
  credentialNames: readonly string[],
): Record<string, unknown> {
  const set = new Set(credentialNames);
  return {
    ...config,
    headers: credentialNames.filter((n) => n.startsWith("headers.")).map((n) => n.slice("headers.".length)),
    ...(set.has("apiToken") ? { apiToken: "(set)" } : {}),
    ...(set.has("apiKey") ? { apiKey: "(set)" } : {}),
  };
}
