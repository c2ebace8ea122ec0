/**
 * Drizzle mirror of migrations 0005_notifications.sql and 0010_notification_jobs.sql, spread into `schema` in src/db/schema.ts so
 * test/db/schema.test.ts checks it with every other table. Queries in this module are mostly raw SQL (they run
 * inside ingest sessions); these definitions give the API routes typed reads.
 */
import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const notifications = pgTable("notifications", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  shipmentId: uuid("shipment_id").notNull(),
  orderId: uuid("order_id"),
  audience: text("audience").notNull().default("shopper"),
  trigger: text("trigger").notNull(),
  milestone: text("milestone").notNull(),
  channel: text("channel").notNull(),
  recipient: text("recipient"),
  locale: text("locale"),
  timeZone: text("time_zone"),
  context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
  status: text("status").notNull().default("queued"),
  reason: text("reason"),
  collapsedInto: bigint("collapsed_into", { mode: "number" }),
  decidedAt: tstz("decided_at").notNull().defaultNow(),
  sendAfter: tstz("send_after").notNull().defaultNow(),
  claimedUntil: tstz("claimed_until"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  transport: text("transport"),
  providerMessageId: text("provider_message_id"),
  subject: text("subject"),
  bodyText: text("body_text"),
  bodyHtml: text("body_html"),
  sentAt: tstz("sent_at"),
  /** Migration 0010: when the sender passed the point of no return (see deliver.ts). */
  handoffAt: tstz("handoff_at"),
});

export const notificationSettings = pgTable("notification_settings", {
  sellerId: uuid("seller_id").primaryKey(),
  policy: jsonb("policy").$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const notificationTemplates = pgTable(
  "notification_templates",
  {
    sellerId: uuid("seller_id").notNull(),
    trigger: text("trigger").notNull(),
    channel: text("channel").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject"),
    bodyText: text("body_text").notNull(),
    bodyHtml: text("body_html"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.trigger, t.channel, t.locale] })],
);

export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    sellerId: uuid("seller_id").notNull(),
    channel: text("channel").notNull(),
    address: text("address").notNull(),
    unsubscribedAt: tstz("unsubscribed_at"),
    mutedTriggers: text("muted_triggers").array().notNull().default([]),
    source: text("source"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.channel, t.address] })],
);

export const alertRules = pgTable(
  "alert_rules",
  {
    sellerId: uuid("seller_id").notNull(),
    kind: text("kind").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb("actions").$type<unknown[]>().notNull().default([]),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.kind] })],
);

export const alerts = pgTable("alerts", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  shipmentId: uuid("shipment_id").notNull(),
  kind: text("kind").notNull(),
  status: text("status").notNull().default("open"),
  severity: text("severity").notNull().default("warning"),
  openedInStatus: text("opened_in_status").notNull(),
  details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  assignee: text("assignee"),
  team: text("team"),
  openedAt: tstz("opened_at").notNull().defaultNow(),
  slaDueAt: tstz("sla_due_at"),
  acknowledgedAt: tstz("acknowledged_at"),
  resolvedAt: tstz("resolved_at"),
  resolvedBy: text("resolved_by"),
  resolution: text("resolution"),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const scanGapStats = pgTable(
  "scan_gap_stats",
  {
    sellerId: uuid("seller_id").notNull(),
    carrier: text("carrier").notNull(),
    lane: text("lane").notNull(),
    status: text("status").notNull(),
    p95Hours: doublePrecision("p95_hours").notNull(),
    samples: integer("samples").notNull(),
    computedAt: tstz("computed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.carrier, t.lane, t.status] })],
);

export const outgoingWebhooks = pgTable("outgoing_webhooks", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  kind: text("kind").notNull().default("webhook"),
  name: text("name").notNull().default(""),
  url: text("url").notNull(),
  /** Emptied once sealed (0015): the signing secret is in secretSealed. */
  secret: text("secret").notNull().default(""),
  topics: text("topics").array().notNull().default([]),
  /** Without its credentials (0015): those are in credentialsSealed. */
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  secretSealed: text("secret_sealed"),
  secretPrefix: text("secret_prefix").notNull().default(""),
  credentialsSealed: text("credentials_sealed"),
  credentialNames: text("credential_names").array().notNull().default([]),
  sealedWith: text("sealed_with"),
  enabled: boolean("enabled").notNull().default(true),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  failingSince: tstz("failing_since"),
  disabledAt: tstz("disabled_at"),
  disabledReason: text("disabled_reason"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const outgoingWebhookDeliveries = pgTable("outgoing_webhook_deliveries", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  endpointId: uuid("endpoint_id").notNull(),
  topic: text("topic").notNull(),
  eventKey: text("event_key").notNull(),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  status: text("status").notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
  claimedUntil: tstz("claimed_until"),
  lastStatusCode: integer("last_status_code"),
  lastError: text("last_error"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  deliveredAt: tstz("delivered_at"),
});

export const outgoingWebhookAttempts = pgTable("outgoing_webhook_attempts", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  deliveryId: bigint("delivery_id", { mode: "number" }).notNull(),
  attemptedAt: tstz("attempted_at").notNull().defaultNow(),
  statusCode: integer("status_code"),
  durationMs: integer("duration_ms").notNull(),
  error: text("error"),
  responseExcerpt: text("response_excerpt"),
});

/** The tables of migration 0005, keyed as in `schema`. */
export const notificationTables = {
  notifications,
  notificationSettings,
  notificationTemplates,
  notificationPreferences,
  alertRules,
  alerts,
  scanGapStats,
  outgoingWebhooks,
  outgoingWebhookDeliveries,
  outgoingWebhookAttempts,
};
