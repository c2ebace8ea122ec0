/**
 * Configuration: read once from the environment at boot, validated with zod, frozen. A bad value stops the
 * process at start with a message naming the variable, not at the first request that needs it.
 */
import { resolve } from "node:path";
import { z } from "zod";

const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default("127.0.0.1"),
  /** The URL shoppers and sellers reach this server at (links in messages); defaults to http://localhost:PORT. */
  publicUrl: z.url().optional(),
  /** PostgreSQL server; when unset, embedded PGlite in dataDir. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "a postgres:// URL")
    .optional(),
  dataDir: z.string().min(1).default("./data"),
  /** PostgreSQL schema of the job queue's tables (pg-boss), beside the ledger's. */
  jobsSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lower-case schema name")
    .default("shipwatch_jobs"),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Becomes the demo seller's API key when set (for scripts); otherwise a random key is printed at start. */
  demoApiKey: z.string().min(20, "at least 20 characters").optional(),
  /** Largest request body accepted, in bytes (a batch of events is the largest thing a client sends). */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  /** smtp://user:pass@host:587 or smtps://…; unset = messages land in the built-in outbox (the demo). */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "an smtp:// or smtps:// URL")
    .optional(),
  /** Sender address of shopper e-mails when a seller's notification policy names none. */
  mailFrom: z.email().default("notifications@shipwatch.localhost"),
  /** Base URL of a Twilio-compatible SMS API; SMS go to the built-in outbox until the credentials are set. */
  smsApiUrl: z.url().default("https://api.twilio.com"),
  smsAccountSid: z.string().min(1).optional(),
  smsAuthToken: z.string().min(1).optional(),
  /** Sender number (E.164) or alphanumeric sender id of SMS. */
  smsFrom: z.string().min(1).optional(),
  /**
   * How long a sender may hold a message it claimed before another worker takes it back (a worker that died
   * mid-send). Longer than the slowest hand-off: SMTP timeouts are 30 s.
   */
  notificationLeaseSeconds: z.coerce.number().int().min(5).max(3_600).default(120),
  /**
   * Let sellers point outgoing webhooks and helpdesk actions at loopback and private-network addresses. Off by
   * default: those URLs would let a seller make this server call its own internal services (SSRF).
   */
  allowPrivateWebhookTargets: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .transform((v) => v === true || v === "true" || v === "1")
    .default(false),
  /**
   * The instance key (32 bytes, base64 or hex) that seals carrier credentials and webhook secrets at rest;
   * unset = `<dataDir>/secret.key` (embedded database), refused with DATABASE_URL in production.
   */
  secretKey: z.string().min(1).optional(),
  /** Earlier instance keys, comma-separated: they still open old values until the next start re-seals them. */
  secretKeyPrevious: z.string().min(1).optional(),
  /**
   * A folder whose sub-folders, named by seller slug, receive event files (CSV, EDI 214) that worker processes
   * import (docs/imports.md). Unset: no drop folder, except `<dataDir>/drop` in the demo.
   */
  dropDir: z.string().min(1).optional(),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

const ENV: Record<keyof z.input<typeof configSchema>, string> = {
  port: "PORT",
  host: "HOST",
  publicUrl: "SHIPWATCH_PUBLIC_URL",
  databaseUrl: "DATABASE_URL",
  dataDir: "SHIPWATCH_DATA_DIR",
  jobsSchema: "SHIPWATCH_JOBS_SCHEMA",
  logLevel: "LOG_LEVEL",
  demoApiKey: "SHIPWATCH_DEMO_API_KEY",
  bodyLimit: "SHIPWATCH_BODY_LIMIT",
  smtpUrl: "SHIPWATCH_SMTP_URL",
  mailFrom: "SHIPWATCH_MAIL_FROM",
  smsApiUrl: "SHIPWATCH_SMS_API_URL",
  smsAccountSid: "SHIPWATCH_SMS_ACCOUNT_SID",
  smsAuthToken: "SHIPWATCH_SMS_AUTH_TOKEN",
  smsFrom: "SHIPWATCH_SMS_FROM",
  notificationLeaseSeconds: "SHIPWATCH_NOTIFICATION_LEASE_SECONDS",
  allowPrivateWebhookTargets: "SHIPWATCH_ALLOW_PRIVATE_WEBHOOK_TARGETS",
  secretKey: "SHIPWATCH_SECRET_KEY",
  secretKeyPrevious: "SHIPWATCH_SECRET_KEY_PREVIOUS",
  dropDir: "SHIPWATCH_DROP_DIR",
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the configuration from environment variables (and explicit overrides, for tests). */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: Partial<z.input<typeof configSchema>> = {},
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = configSchema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof typeof ENV;
      return `${ENV[key] ?? key}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  return Object.freeze({
    ...parsed.data,
    dataDir: resolve(parsed.data.dataDir),
    ...(parsed.data.dropDir ? { dropDir: resolve(parsed.data.dropDir) } : {}),
  });
}

/** The base URL links should use. */
export function publicUrlOf(config: Config): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, "");
}
