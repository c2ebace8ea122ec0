/**
 * Drizzle schema mirroring src/db/migrations (the SQL files are the source of truth for DDL; this file
 * gives queries their types). test/db/schema.test.ts checks the two agree.
 */
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { trackingPageTables } from "./tracking-schema.js";
import { dashboardTables } from "./dashboard-schema.js";
import { etaTables } from "./eta-schema.js";
import { notificationTables } from "../notifications/tables.js";
import { commerceTables } from "../commerce/tables.js";
import { returnsTables } from "../returns/tables.js";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const sellers = pgTable("sellers", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  branding: jsonb("branding").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  scopes: text("scopes").array().notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
  lastUsedAt: tstz("last_used_at"),
  revokedAt: tstz("revoked_at"),
  rotatedFrom: uuid("rotated_from"),
});

export const orders = pgTable("orders", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  orderNumber: text("order_number").notNull(),
  email: text("email"),
  phone: text("phone"),
  postcode: text("postcode"),
  firstName: text("first_name"),
  locale: text("locale"),
  timeZone: text("time_zone"),
  orderedAt: tstz("ordered_at"),
  promisedAt: tstz("promised_at"),
  stage: text("stage").notNull().default("unfulfilled"),
  metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const shipments = pgTable("shipments", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  orderId: uuid("order_id"),
  carrier: text("carrier").notNull(),
  trackingNumber: text("tracking_number").notNull(),
  service: text("service"),
  direction: text("direction").$type<"outbound" | "return">().notNull().default("outbound"),
  originPostal: text("origin_postal"),
  originCity: text("origin_city"),
  originRegion: text("origin_region"),
  originCountry: text("origin_country"),
  destinationPostal: text("destination_postal"),
  destinationCity: text("destination_city"),
  destinationRegion: text("destination_region"),
  destinationCountry: text("destination_country"),
  status: text("status").notNull().default("pending"),
  substatus: text("substatus"),
  statusChangedAt: tstz("status_changed_at"),
  /** UTC day of statusChangedAt, generated (migration 0019): indexed for "moved today" so that scans which
   * only change the sub-status leave every indexed column alone and update in place. */
  statusChangedOn: date("status_changed_on", { mode: "string" }).generatedAlwaysAs(
    sql`(status_changed_at AT TIME ZONE 'UTC')::date`,
  ),
  lastEventAt: tstz("last_event_at"),
  firstScanAt: tstz("first_scan_at"),
  outForDeliveryAt: tstz("out_for_delivery_at"),
  deliveredAt: tstz("delivered_at"),
  attemptCount: integer("attempt_count").notNull().default(0),
  returning: boolean("is_returning").notNull().default(false),
  eventCount: integer("event_count").notNull().default(0),
  carrierEstimatedDelivery: text("carrier_estimated_delivery"),
  signedBy: text("signed_by"),
  foldCursor: text("fold_cursor"),
  stateVersion: integer("state_version").notNull().default(0),
  metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const rawPayloads = pgTable("raw_payloads", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  source: text("source").notNull(),
  contentType: text("content_type").notNull(),
  body: bytea("body").notNull(),
  headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
  contentHash: text("content_hash").notNull(),
  receivedAt: tstz("received_at").notNull().defaultNow(),
  parseStatus: text("parse_status").$type<"pending" | "parsed" | "failed" | "rejected">().notNull(),
  parseError: text("parse_error"),
  eventCount: integer("event_count").notNull().default(0),
  parsedAt: tstz("parsed_at"),
});

export const trackingEvents = pgTable("tracking_events", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  shipmentId: uuid("shipment_id").notNull(),
  fingerprint: text("fingerprint").notNull(),
  occurredAt: tstz("occurred_at").notNull(),
  localTime: text("local_time"),
  utcOffset: text("utc_offset"),
  zoneGuessed: boolean("zone_guessed").notNull().default(false),
  code: text("code"),
  description: text("description").notNull().default(""),
  locationCity: text("location_city"),
  locationRegion: text("location_region"),
  locationPostal: text("location_postal"),
  locationCountry: text("location_country"),
  locationText: text("location_text"),
  status: text("status"),
  substatus: text("substatus"),
  unmapped: boolean("unmapped").notNull().default(false),
  rawPayloadId: bigint("raw_payload_id", { mode: "number" }),
  source: text("source").notNull(),
  receivedAt: tstz("received_at").notNull().defaultNow(),
});

export const outbox = pgTable("outbox", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  topic: text("topic").notNull(),
  aggregateType: text("aggregate_type").notNull(),
  aggregateId: uuid("aggregate_id").notNull(),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  dedupeKey: text("dedupe_key").unique(),
  createdAt: tstz("created_at").notNull().defaultNow(),
  dispatchedAt: tstz("dispatched_at"),
  attempts: integer("attempts").notNull().default(0),
});

export const auditLog = pgTable("audit_log", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id"),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  targetType: text("target_type").notNull(),
  targetId: text("target_id"),
  requestId: text("request_id"),
  ip: text("ip"),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  at: tstz("at").notNull().defaultNow(),
});

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    sellerId: uuid("seller_id").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    responseBody: jsonb("response_body"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.key] })],
);

// 0002_ingestion: inbound webhook endpoints (secret per seller and source) and receipts (idempotency, audit).
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  source: text("source").notNull(),
  secret: text("secret").notNull(),
  secretPrefix: text("secret_prefix").notNull(),
  previousSecret: text("previous_secret"),
  previousSecretExpiresAt: tstz("previous_secret_expires_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  rotatedAt: tstz("rotated_at"),
  /** Id of the instance key that sealed `secret` and `previousSecret` (0009); null: plaintext, sealed at start. */
  sealedWith: text("sealed_with"),
});

export const webhookReceipts = pgTable("webhook_receipts", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  source: text("source").notNull(),
  dedupeKey: text("dedupe_key"),
  rawPayloadId: bigint("raw_payload_id", { mode: "number" }),
  outcome: text("outcome").$type<"accepted" | "rejected">().notNull(),
  reason: text("reason"),
  deliveries: integer("deliveries").notNull().default(1),
  receivedAt: tstz("received_at").notNull().defaultNow(),
  lastDeliveryAt: tstz("last_delivery_at").notNull().defaultNow(),
});

// 0006_polling: carrier accounts, their shared rate-limit buckets, poll state per shipment, observed cadence.
export const carrierAccounts = pgTable("carrier_accounts", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  carrier: text("carrier").notNull(),
  name: text("name").notNull().default("default"),
  credentials: jsonb("credentials").$type<Record<string, string>>().notNull().default({}),
  baseUrl: text("base_url"),
  enabled: boolean("enabled").notNull().default(true),
  polling: boolean("polling").notNull().default(true),
  requestsPerMinute: integer("requests_per_minute").notNull().default(60),
  burst: integer("burst").notNull().default(10),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
  /** The credentials JSON sealed with the instance key (0009); `credentials` stays empty. */
  credentialsSealed: text("credentials_sealed"),
  credentialNames: text("credential_names").array().notNull().default([]),
  sealedWith: text("sealed_with"),
  /** Subscribe its shipments to the carrier's pushes (UPS Track Alert) when a public URL is configured (0017). */
  push: boolean("push").notNull().default(false),
});

/** Leases for work one worker process does at a time (0009). */
export const workerLeases = pgTable("worker_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  acquiredAt: tstz("acquired_at").notNull().defaultNow(),
  expiresAt: tstz("expires_at").notNull(),
});

export const carrierRateBuckets = pgTable("carrier_rate_buckets", {
  accountId: uuid("account_id").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  refilledAt: tstz("refilled_at").notNull(),
  blockedUntil: tstz("blocked_until"),
  /** When the account last sent a push subscription request with room left (0020). */
  pushPartialSentAt: tstz("push_partial_sent_at"),
});

export const shipmentPollState = pgTable("shipment_poll_state", {
  shipmentId: uuid("shipment_id").primaryKey(),
  sellerId: uuid("seller_id").notNull(),
  carrier: text("carrier").notNull(),
  nextPollAt: tstz("next_poll_at"),
  lastPolledAt: tstz("last_polled_at"),
  lastChangeAt: tstz("last_change_at"),
  pollCount: integer("poll_count").notNull().default(0),
  consecutiveErrors: integer("consecutive_errors").notNull().default(0),
  lastError: text("last_error"),
  stoppedReason: text("stopped_reason"),
  refreshRequestedAt: tstz("refresh_requested_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
  /** Until when the carrier pushes this shipment's scans (0017). */
  pushSubscribedUntil: tstz("push_subscribed_until"),
  /** When the carrier refused to push this number (0017): polled normally, not asked again. */
  pushRefusedAt: tstz("push_refused_at"),
  /** The carrier's delivery window from its latest answer, while the parcel is on the vehicle (0018). */
  carrierWindowStart: tstz("carrier_window_start"),
  carrierWindowEnd: tstz("carrier_window_end"),
});

export const carrierCadence = pgTable(
  "carrier_cadence",
  {
    carrier: text("carrier").notNull(),
    status: text("status").notNull(),
    meanDwellHours: doublePrecision("mean_dwell_hours").notNull(),
    samples: integer("samples").notNull().default(0),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.carrier, t.status] })],
);

export const schema = {
  sellers,
  apiKeys,
  orders,
  shipments,
  rawPayloads,
  trackingEvents,
  outbox,
  auditLog,
  idempotencyKeys,
  webhookEndpoints,
  webhookReceipts,
  carrierAccounts,
  carrierRateBuckets,
  shipmentPollState,
  carrierCadence,
  workerLeases,
  ...trackingPageTables,
  ...dashboardTables,
  ...notificationTables,
  ...etaTables,
  ...commerceTables,
  ...returnsTables,
};
export type Schema = typeof schema;
