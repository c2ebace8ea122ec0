/**
 * Writing outgoing endpoints (outgoing_webhooks): creation with a signing secret returned once, changes, a new
 * signing secret, and re-sealing at start. Every write seals the endpoint's secrets under the current key
 * (endpoint-secrets.ts); since migration 0015 the database refuses a row that carries one in clear.
 */
import { randomUUID } from "node:crypto";
import type { Database, SqlSession } from "../db/client.js";
import { secretKeyringOf } from "../db/secrets/keyring-registry.js";
import type { SecretKeyring } from "../db/secrets/sealed-box.js";
import {
  generateSigningSecret,
  openEndpointSecrets,
  sealEndpointSecrets,
  type SealedEndpointColumns,
  type StoredEndpointSecrets,
} from "./endpoint-secrets.js";

/** An endpoint as its screens and the API read it: never a secret, only its prefix and credential names. */
export interface OutgoingEndpointRow {
  id: string;
  seller_id: string;
  kind: string;
  name: string;
  url: string;
  topics: string[];
  /** Without its credentials. */
  config: Record<string, unknown>;
  secret_prefix: string;
  credential_names: string[];
  enabled: boolean;
  consecutive_failures: number;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
}

const VIEW_COLUMNS = `id, seller_id, kind, name, url, topics, config, secret_prefix, credential_names, enabled,
  consecutive_failures, disabled_at, disabled_reason, created_at`;
const STORED_COLUMNS = "id, kind, secret, secret_sealed, config, credentials_sealed, sealed_with";

/** The parameters $n.. of the sealed columns, in the order SEALED_SET names them. */
const sealedParams = (c: SealedEndpointColumns) => [
  "",
  c.secretSealed,
  c.secretPrefix,
  JSON.stringify(c.config),
  c.credentialsSealed,
  c.credentialNames,
  c.sealedWith,
];
const sealedSet = (from: number) =>
  [
    "secret",
    "secret_sealed",
    "secret_prefix",
    "config",
    "credentials_sealed",
    "credential_names",
    "sealed_with",
  ]
    .map((column, i) => `${column} = $${from + i}${column === "config" ? "::jsonb" : ""}`)
    .join(", ");

/** The seller's endpoints, oldest first. */
export async function listOutgoingEndpoints(db: Database, sellerId: string): Promise<OutgoingEndpointRow[]> {
  return db.query<OutgoingEndpointRow>(
    `SELECT ${VIEW_COLUMNS} FROM outgoing_webhooks WHERE seller_id = $1 ORDER BY created_at`,
    [sellerId],
  );
}

/** One of the seller's endpoints, or null. */
export async function getOutgoingEndpoint(
  db: Database,
  sellerId: string,
  id: string,
): Promise<OutgoingEndpointRow | null> {
  const [row] = await db.query<OutgoingEndpointRow>(
    `SELECT ${VIEW_COLUMNS} FROM outgoing_webhooks WHERE id = $1 AND seller_id = $2`,
    [id, sellerId],
  );
  return row ?? null;
}

/** One delivery of an event to an endpoint, with every attempt made (the delivery log). */
export interface OutgoingDeliveryRow {
  id: number;
  topic: string;
  event_key: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  payload: unknown;
  attempt_log: {
    at: string;
    statusCode: number | null;
    durationMs: number | null;
    error: string | null;
    response: string | null;
  }[];
}

const DELIVERY_SELECT = `SELECT d.id, d.topic, d.event_key, d.status, d.attempts, d.next_attempt_at,
  d.last_status_code, d.last_error, d.created_at, d.delivered_at, d.payload,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('at', a.attempted_at, 'statusCode', a.status_code,
    'durationMs', a.duration_ms, 'error', a.error, 'response', a.response_excerpt) ORDER BY a.id)
    FROM outgoing_webhook_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS attempt_log
  FROM outgoing_webhook_deliveries d`;

/** The newest delivery of each of the seller's endpoints (with its attempt log), by endpoint id: one query. */
export async function newestDeliveries(
  db: Database,
  sellerId: string,
): Promise<Map<string, OutgoingDeliveryRow>> {
  const rows = await db.query<OutgoingDeliveryRow & { endpoint_id: string }>(
    `SELECT e.id AS endpoint_id, d.* FROM outgoing_webhooks e
     CROSS JOIN LATERAL (${DELIVERY_SELECT} WHERE d.endpoint_id = e.id ORDER BY d.id DESC LIMIT 1) d
     WHERE e.seller_id = $1`,
    [sellerId],
  );
  return new Map(rows.map((r) => [r.endpoint_id, r]));
}

/** An endpoint's deliveries newest first, `before` a delivery id (the previous page's last). */
export async function listDeliveries(
  db: Database,
  endpointId: string,
  before: number | null,
  limit: number,
): Promise<OutgoingDeliveryRow[]> {
  return db.query<OutgoingDeliveryRow>(
    `${DELIVERY_SELECT} WHERE d.endpoint_id = $1 AND ($2::bigint IS NULL OR d.id < $2) ORDER BY d.id DESC LIMIT $3`,
    [endpointId, before, limit],
  );
}

export interface OutgoingEndpointInput {
  sellerId: string;
  kind: "webhook" | "helpdesk";
  name?: string;
  url: string;
  topics?: readonly string[];
  /** A helpdesk config, credentials included (they are sealed). */
  config?: Record<string, unknown>;
  enabled?: boolean;
}

/** Creates an endpoint; a webhook's signing secret is returned this once (a helpdesk endpoint has none). */
export async function createOutgoingEndpoint(
  db: Database,
  input: OutgoingEndpointInput,
): Promise<{ endpoint: OutgoingEndpointRow; secret: string | null }> {
  // The id is chosen here because the sealed values are bound to it.
  const id = randomUUID();
  const secret = input.kind === "webhook" ? generateSigningSecret() : null;
  const sealed = sealEndpointSecrets(secretKeyringOf(db), id, {
    signingSecret: secret,
    config: input.config ?? {},
  });
  const [endpoint] = await db.query<OutgoingEndpointRow>(
    `INSERT INTO outgoing_webhooks (id, seller_id, kind, name, url, topics, enabled, secret, secret_sealed,
       secret_prefix, config, credentials_sealed, credential_names, sealed_with)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14) RETURNING ${VIEW_COLUMNS}`,
    [
      id,
      input.sellerId,
      input.kind,
      input.name ?? "",
      input.url,
      input.topics ?? [],
      input.enabled ?? true,
      ...sealedParams(sealed),
    ],
  );
  return { endpoint: endpoint!, secret };
}

/** The seller's endpoint with its secrets opened, locked for the rest of the transaction; null when not theirs. */
async function lockedSecrets(s: SqlSession, keyring: SecretKeyring, sellerId: string, id: string) {
  const lock = s.engine === "postgres" ? "FOR UPDATE" : "";
  const [row] = await s.query<StoredEndpointSecrets>(
    `SELECT ${STORED_COLUMNS} FROM outgoing_webhooks WHERE id = $1 AND seller_id = $2 ${lock}`,
    [id, sellerId],
  );
  return row ? { kind: row.kind, plain: openEndpointSecrets(keyring, row) } : null;
}

export interface OutgoingEndpointPatch {
  name?: string;
  url?: string;
  topics?: readonly string[];
  /** Replaces the helpdesk config as a whole, credentials included. */
  config?: Record<string, unknown>;
  /** true clears the failure count; false records that the seller disabled it. */
  enabled?: boolean;
}

/** Changes an endpoint; null when it is not the seller's. */
export async function updateOutgoingEndpoint(
  db: Database,
  sellerId: string,
  id: string,
  patch: OutgoingEndpointPatch,
): Promise<OutgoingEndpointRow | null> {
  const keyring = secretKeyringOf(db);
  return db.session(async (s) => {
    let sealed: SealedEndpointColumns | null = null;
    if (patch.config) {
      const stored = await lockedSecrets(s, keyring, sellerId, id);
      if (!stored) return null;
      // The signing secret is sealed again with the new credentials, so both are under the key sealed_with names.
      sealed = sealEndpointSecrets(keyring, id, {
        signingSecret: stored.plain.signingSecret,
        config: patch.config,
      });
    }
    const [row] = await s.query<OutgoingEndpointRow>(
      `UPDATE outgoing_webhooks SET name = COALESCE($3, name), url = COALESCE($4, url), topics = COALESCE($5, topics),
         enabled = COALESCE($6, enabled),
         consecutive_failures = CASE WHEN $6 THEN 0 ELSE consecutive_failures END,
         failing_since = CASE WHEN $6 THEN NULL ELSE failing_since END,
         disabled_at = CASE WHEN $6 THEN NULL WHEN $6 = false THEN now() ELSE disabled_at END,
         disabled_reason = CASE WHEN $6 THEN NULL WHEN $6 = false THEN 'disabled by the seller' ELSE disabled_reason END,
         ${sealed ? `${sealedSet(7)},` : ""} updated_at = now()
       WHERE id = $1 AND seller_id = $2 RETURNING ${VIEW_COLUMNS}`,
      [
        id,
        sellerId,
        patch.name ?? null,
        patch.url ?? null,
        patch.topics ?? null,
        patch.enabled ?? null,
        ...(sealed ? sealedParams(sealed) : []),
      ],
    );
    return row ?? null;
  });
}

/**
 * Gives a webhook endpoint a new signing secret, returned this once; the old one stops at once. Deliveries
 * failing meanwhile are retried (for 24 hours), each attempt signed with the secret of its time, so none is
 * lost while the receiver is switched over. Null when it is not the seller's webhook endpoint.
 */
export async function rotateOutgoingSigningSecret(
  db: Database,
  sellerId: string,
  id: string,
): Promise<{ endpoint: OutgoingEndpointRow; secret: string } | null> {
  const keyring = secretKeyringOf(db);
  return db.session(async (s) => {
    const stored = await lockedSecrets(s, keyring, sellerId, id);
    if (!stored || stored.kind !== "webhook") return null;
    const secret = generateSigningSecret();
    const sealed = sealEndpointSecrets(keyring, id, { signingSecret: secret, config: stored.plain.config });
    const [endpoint] = await s.query<OutgoingEndpointRow>(
      `UPDATE outgoing_webhooks SET ${sealedSet(3)}, updated_at = now() WHERE id = $1 AND seller_id = $2
       RETURNING ${VIEW_COLUMNS}`,
      [id, sellerId, ...sealedParams(sealed)],
    );
    return { endpoint: endpoint!, secret };
  });
}

/**
 * At start: seals the endpoints written in clear before migration 0015 and re-seals those of an earlier key.
 * Each row is updated only while it is still as read, so processes starting together, or a seller changing the
 * endpoint meanwhile, never lose a write. Returns how many rows changed.
 */
export async function resealOutgoingEndpoints(db: Database, keyring: SecretKeyring): Promise<number> {
  const rows = await db.query<StoredEndpointSecrets>(
    `SELECT ${STORED_COLUMNS} FROM outgoing_webhooks WHERE sealed_with IS DISTINCT FROM $1`,
    [keyring.current.id],
  );
  let changed = 0;
  for (const row of rows) {
    const sealed = sealEndpointSecrets(keyring, row.id, openEndpointSecrets(keyring, row));
    const updated = await db.query(
      `UPDATE outgoing_webhooks SET ${sealedSet(5)}
       WHERE id = $1 AND sealed_with IS NOT DISTINCT FROM $2 AND secret_sealed IS NOT DISTINCT FROM $3
         AND credentials_sealed IS NOT DISTINCT FROM $4 RETURNING id`,
      [row.id, row.sealed_with, row.secret_sealed, row.credentials_sealed, ...sealedParams(sealed)],
    );
    changed += updated.length;
  }
  return changed;
}
