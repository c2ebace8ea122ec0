/**
 * The secrets of an outgoing endpoint, at rest: a webhook's signing secret, and a helpdesk endpoint's credentials
 * (its request headers, the Zendesk API token, the Gorgias API key). Both are sealed with the instance key
 * (src/db/secrets), bound to the endpoint's id and the field, so a dump of the database holds neither and a value
 * copied onto another endpoint does not open. The rest of a helpdesk config (preset, subdomain, the agent's
 * e-mail, tags, body template) stays readable. Pure: the keyring is given.
 */
import { randomBytes } from "node:crypto";
import { outgoingWebhookSecretContext } from "../db/secrets/contexts.js";
import { openSecret, sealSecret, type SecretKeyring } from "../db/secrets/sealed-box.js";

/** The fields of a helpdesk config that are credentials; migration 0015 refuses them in the readable config. */
export const HELPDESK_CREDENTIAL_FIELDS = ["headers", "apiToken", "apiKey"] as const;

export interface HelpdeskCredentials {
  headers?: Record<string, string>;
  apiToken?: string;
  apiKey?: string;
}

/** What an endpoint's secrets are in clear: the signing secret (webhook kind) and the whole helpdesk config. */
export interface PlainEndpointSecrets {
  signingSecret: string | null;
  config: Record<string, unknown>;
}

/** The stored columns of an endpoint's secrets (outgoing_webhooks, 0015). */
export interface SealedEndpointColumns {
  secretSealed: string | null;
  secretPrefix: string;
  /** The config without its credentials. */
  config: Record<string, unknown>;
  credentialsSealed: string | null;
  credentialNames: string[];
  sealedWith: string;
}

/** A new signing secret, shown to the seller once. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** Enough to recognise a secret in a listing: 6 random characters of a generated one, 4 of any other. */
export function signingSecretPrefix(secret: string): string {
  return secret.slice(0, secret.startsWith("whsec_") ? 12 : 4);
}

/** Splits a helpdesk config into what may stay readable and its credentials, with the credentials' names. */
export function splitHelpdeskConfig(full: Record<string, unknown>): {
  config: Record<string, unknown>;
  credentials: HelpdeskCredentials;
  names: string[];
} {
  const { headers, apiToken, apiKey, ...config } = full;
  const credentials: HelpdeskCredentials = {};
  const names: string[] = [];
  const headerEntries = Object.entries((headers ?? {}) as Record<string, string>);
  if (headerEntries.length > 0) {
    credentials.headers = Object.fromEntries(headerEntries);
    names.push(...headerEntries.map(([name]) => `headers.${name}`));
  }
  if (typeof apiToken === "string" && apiToken) {
    credentials.apiToken = apiToken;
    names.push("apiToken");
  }
  if (typeof apiKey === "string" && apiKey) {
    credentials.apiKey = apiKey;
    names.push("apiKey");
  }
  return { config, credentials, names };
}

/** Seals an endpoint's secrets under the keyring's current key, bound to the endpoint's id. */
export function sealEndpointSecrets(
  keyring: SecretKeyring,
  endpointId: string,
  plain: PlainEndpointSecrets,
): SealedEndpointColumns {
  const { config, credentials, names } = splitHelpdeskConfig(plain.config);
  const secret = plain.signingSecret;
  return {
    secretSealed:
      secret === null
        ? null
        : sealSecret(keyring, secret, outgoingWebhookSecretContext(endpointId, "secret")),
    secretPrefix: secret === null ? "" : signingSecretPrefix(secret),
    config,
    credentialsSealed:
      names.length === 0
        ? null
        : sealSecret(
            keyring,
            JSON.stringify(credentials),
            outgoingWebhookSecretContext(endpointId, "credentials"),
          ),
    credentialNames: names,
    sealedWith: keyring.current.id,
  };
}

/** A stored endpoint row, as far as its secrets go (`sealed_with` NULL: written in clear before 0015). */
export interface StoredEndpointSecrets {
  id: string;
  kind: string;
  secret: string;
  secret_sealed: string | null;
  config: Record<string, unknown>;
  credentials_sealed: string | null;
  sealed_with: string | null;
}

/** The signing secret of a webhook endpoint; throws SecretKeyError when the keyring does not open it. */
export function openSigningSecret(keyring: SecretKeyring, endpointId: string, sealed: string | null): string {
  if (sealed === null) throw new Error(`outgoing webhook ${endpointId} has no signing secret`);
  return openSecret(keyring, sealed, outgoingWebhookSecretContext(endpointId, "secret"));
}

/** A helpdesk endpoint's whole config, its credentials opened and put back; throws SecretKeyError likewise. */
export function openHelpdeskConfig(
  keyring: SecretKeyring,
  endpointId: string,
  config: Record<string, unknown>,
  credentialsSealed: string | null,
): Record<string, unknown> {
  if (credentialsSealed === null) return config;
  const credentials = JSON.parse(
    openSecret(keyring, credentialsSealed, outgoingWebhookSecretContext(endpointId, "credentials")),
  ) as HelpdeskCredentials;
  return { ...config, ...credentials };
}

/** A stored row's secrets in clear: opened when sealed, read as they are from a row written before 0015. */
export function openEndpointSecrets(
  keyring: SecretKeyring,
  row: StoredEndpointSecrets,
): PlainEndpointSecrets {
  // A helpdesk endpoint signs nothing: an old row's generated secret is not kept.
  if (row.sealed_with === null)
    return { signingSecret: row.kind === "webhook" ? row.secret : null, config: row.config };
  return {
    signingSecret: row.secret_sealed === null ? null : openSigningSecret(keyring, row.id, row.secret_sealed),
    config: openHelpdeskConfig(keyring, row.id, row.config, row.credentials_sealed),
  };
}
