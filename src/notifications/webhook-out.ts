/**
 * Outgoing webhooks to the seller (and helpdesk requests). Each delivery is signed
 * `Shipwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, retried with exponential
 * backoff for up to 24 hours, logged attempt by attempt; an endpoint whose delivery exhausts those 24 hours
 * without any success in between is disabled. Webhooks are at-least-once: a receiver dedupes on the event `id` (the same on every retry).
 * Every request goes through the SSRF guard (outbound-http.ts): no private targets unless allowed, no redirects.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { counter } from "../core/metrics.js";
import type { Database, SqlSession } from "../db/client.js";
import { helpdeskBody, helpdeskConfigSchema } from "../exceptions/helpdesk-presets.js";
import { secretKeyringOf } from "../db/secrets/keyring-registry.js";
import type { SecretKeyring } from "../db/secrets/sealed-box.js";
import { openHelpdeskConfig, openSigningSecret } from "./endpoint-secrets.js";
import { postToTarget } from "./outbound-http.js";

export const SIGNATURE_HEADER = "Shipwatch-Signature";
const RETRY_FOR_MS = 24 * 3_600_000;
/** An endpoint is disabled when a delivery dies after this many failures in a row (no success in between). */
const DISABLE_AFTER_FAILURES = 10;

export const webhookAttempts = counter(
  "shipwatch_webhook_attempts_total",
  "Outgoing webhook and helpdesk requests, by kind and outcome (succeeded, retry, dead).",
);

/** The signature header value for a body at a time. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** Verifies a signature header (for receivers, and our tests): right key, untampered body, recent enough. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds)
    return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Wait before the next attempt after `attempts` failures: 30 s, 1 min, 2 min … at most an hour, ±10 % jitter. */
export function webhookBackoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}

interface DueDelivery {
  id: number;
  endpoint_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
  kind: "webhook" | "helpdesk";
  url: string;
  /** Sealed (endpoint-secrets.ts): opened only to build the request. */
  secret_sealed: string | null;
  config: Record<string, unknown>;
  credentials_sealed: string | null;
}

export interface WebhookReport {
  /** Deliveries this run attempted (a full batch means there may be more). */
  claimed: number;
  succeeded: number;
  retrying: number;
  dead: number;
  disabledEndpoints: number;
}

/** Sends due deliveries; safe from many workers at once. */
export async function deliverDueWebhooks(
  db: Database,
  now: Date = new Date(),
  options: {
    batchSize?: number;
    timeoutMs?: number;
    leaseSeconds?: number;
    /** Let requests reach loopback and private networks (tests, the demo; never a shared production host). */
    allowPrivateTargets?: boolean;
  } = {},
): Promise<WebhookReport> {
  const report: WebhookReport = { claimed: 0, succeeded: 0, retrying: 0, dead: 0, disabledEndpoints: 0 };
  // A worker that died mid-request: the delivery goes back to the queue (receivers dedupe on the event id).
  await db.query(
    "UPDATE outgoing_webhook_deliveries SET status = 'pending', claimed_until = NULL WHERE status = 'delivering' AND claimed_until < $1",
    [now.toISOString()],
  );
  const due = await db.session((s) => claim(s, options.batchSize ?? 50, options.leaseSeconds ?? 60, now));
  report.claimed = due.length;
  const request = {
    timeoutMs: options.timeoutMs ?? 10_000,
    allowPrivate: options.allowPrivateTargets ?? false,
    keyring: secretKeyringOf(db),
  };
  await Promise.all(due.map((d) => attempt(db, d, now, request, report)));
  return report;
}

async function claim(s: SqlSession, limit: number, leaseSeconds: number, now: Date): Promise<DueDelivery[]> {
  const lock = s.engine === "postgres" ? "FOR UPDATE OF d SKIP LOCKED" : "";
  const rows = await s.query<DueDelivery>(
    `SELECT d.id, d.endpoint_id, d.payload, d.attempts, d.created_at, e.kind, e.url, e.secret_sealed, e.config,
       e.credentials_sealed
     FROM outgoing_webhook_deliveries d JOIN outgoing_webhooks e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND e.enabled
     ORDER BY d.next_attempt_at, d.id LIMIT $2 ${lock}`,
    [now.toISOString(), limit],
  );
  if (rows.length > 0)
    await s.query(
      `UPDATE outgoing_webhook_deliveries SET status = 'delivering', claimed_until = $2::timestamptz + make_interval(secs => $3)
       WHERE id = ANY($1::bigint[])`,
      [rows.map((r) => r.id), now.toISOString(), leaseSeconds],
    );
  return rows;
}

/** The request of a delivery; throws SecretKeyError when this process's key does not open the endpoint's secrets. */
function requestFor(
  d: DueDelivery,
  keyring: SecretKeyring,
  now: Date,
): { body: string; headers: Record<string, string> } {
  if (d.kind === "helpdesk") {
    const config = helpdeskConfigSchema.parse(
      openHelpdeskConfig(keyring, d.endpoint_id, d.config, d.credentials_sealed),
    );
    const body = JSON.stringify(helpdeskBody(config, (d.payload.data ?? {}) as Record<string, unknown>));
    return { body, headers: { ...config.headers, "content-type": "application/json" } };
  }
  const body = JSON.stringify(d.payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "Shipwatch-Webhooks/1",
      "shipwatch-event-id": String(d.payload.id ?? d.id),
      [SIGNATURE_HEADER]: signWebhook(openSigningSecret(keyring, d.endpoint_id, d.secret_sealed), body, now),
    },
  };
}

async function attempt(
  db: Database,
  d: DueDelivery,
  now: Date,
  request: { timeoutMs: number; allowPrivate: boolean; keyring: SecretKeyring },
  report: WebhookReport,
) {
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  let excerpt: string | null = null;
  try {
    const { body, headers } = requestFor(d, request.keyring, now);
    const response = await postToTarget(d.url, {
      headers,
      body,
      timeoutMs: request.timeoutMs,
      allowPrivate: request.allowPrivate,
    });
    status = response.status;
    excerpt = response.excerpt;
    if (status >= 300 && status < 400)
      error = `HTTP ${status} to ${response.location ?? "(no Location)"}: redirects are not followed`;
    else if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    const code = (e as { code?: string }).code;
    error = `${code ?? (e as Error).name}: ${(e as Error).message}`.slice(0, 500);
  }
  const ms = Math.round(performance.now() - started);
  const ok = error === null;
  const attempts = d.attempts + 1;
  const wait = webhookBackoffMs(attempts);
  const expired = now.getTime() - new Date(d.created_at).getTime() + wait > RETRY_FOR_MS;
  const next = ok ? "succeeded" : expired ? "dead" : "pending";
  await db.session(async (s) => {
    await s.query(
      `INSERT INTO outgoing_webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error, response_excerpt)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [d.id, now.toISOString(), status, ms, error, excerpt],
    );
    await s.query(
      `UPDATE outgoing_webhook_deliveries SET status = $2, attempts = $3, last_status_code = $4, last_error = $5,
         claimed_until = NULL, delivered_at = CASE WHEN $2 = 'succeeded' THEN $6::timestamptz ELSE delivered_at END,
         next_attempt_at = CASE WHEN $2 = 'pending' THEN $6::timestamptz + make_interval(secs => $7) ELSE next_attempt_at END
       WHERE id = $1`,
      [d.id, next, attempts, status, error, now.toISOString(), wait / 1000],
    );
    if (ok) {
      await s.query(
        "UPDATE outgoing_webhooks SET consecutive_failures = 0, failing_since = NULL WHERE id = $1",
        [d.endpoint_id],
      );
      return;
    }
    // Sustained failure: a delivery has used up its 24 hours of retries and nothing succeeded in between.
    const disable = next === "dead";
    const [endpoint] = await s.query<{ disabled: boolean }>(
      `UPDATE outgoing_webhooks SET consecutive_failures = consecutive_failures + 1,
         failing_since = COALESCE(failing_since, $2::timestamptz),
         enabled = NOT ($3 AND consecutive_failures + 1 >= $4),
         disabled_at = CASE WHEN $3 AND consecutive_failures + 1 >= $4 THEN $2::timestamptz ELSE disabled_at END,
         disabled_reason = CASE WHEN $3 AND consecutive_failures + 1 >= $4 THEN 'failing for 24 hours' ELSE disabled_reason END
       WHERE id = $1 AND enabled RETURNING NOT enabled AS disabled`,
      [d.endpoint_id, now.toISOString(), disable, DISABLE_AFTER_FAILURES],
    );
    if (endpoint?.disabled) report.disabledEndpoints += 1;
  });
  if (ok) report.succeeded += 1;
  else if (next === "dead") report.dead += 1;
  else report.retrying += 1;
  webhookAttempts.inc({ kind: d.kind, outcome: next === "pending" ? "retry" : next });
}

/** Queues a delivery again now (manual redeliver from the delivery log); false when it is not the seller's. */
export async function redeliver(
  db: Database,
  sellerId: string,
  deliveryId: number,
  now: Date = new Date(),
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outgoing_webhook_deliveries SET status = 'pending', next_attempt_at = $3, claimed_until = NULL
     WHERE id = $1 AND seller_id = $2 AND status <> 'delivering' RETURNING id`,
    [deliveryId, sellerId, now.toISOString()],
  );
  // An update wakes no trigger: tell the senders (jobs.ts) there is work now.
  if (rows.length > 0) await db.query("SELECT pg_notify('shipwatch_outbox', 'webhooks')");
  return rows.length > 0;
}
