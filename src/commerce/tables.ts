/**
 * Drizzle mirror of migration 0012_commerce.sql, spread into `schema` in src/db/schema.ts so
 * test/db/schema.test.ts checks it with every other table.
 */
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const commerceConnections = pgTable("commerce_connections", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  platform: text("platform").$type<"shopify" | "woocommerce">().notNull(),
  shop: text("shop").notNull(),
  credentialsSealed: text("credentials_sealed").notNull(),
  credentialNames: text("credential_names").array().notNull().default([]),
  webhookSecretSealed: text("webhook_secret_sealed").notNull(),
  sealedWith: text("sealed_with").notNull(),
  webhookSecretPrefix: text("webhook_secret_prefix").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  writeback: boolean("writeback").notNull().default(true),
  lastSyncAt: tstz("last_sync_at"),
  lastWritebackAt: tstz("last_writeback_at"),
  lastError: text("last_error"),
  lastErrorAt: tstz("last_error_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const commerceOrders = pgTable(
  "commerce_orders",
  {
    connectionId: uuid("connection_id").notNull(),
    externalId: text("external_id").notNull(),
    sellerId: uuid("seller_id").notNull(),
    orderId: uuid("order_id").notNull(),
    externalUpdatedAt: tstz("external_updated_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.externalId] })],
);

export const commerceShipments = pgTable(
  "commerce_shipments",
  {
    connectionId: uuid("connection_id").notNull(),
    externalId: text("external_id").notNull(),
    shipmentId: uuid("shipment_id").notNull(),
    sellerId: uuid("seller_id").notNull(),
    externalOrderId: text("external_order_id").notNull(),
    externalUpdatedAt: tstz("external_updated_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.externalId, t.shipmentId] })],
);

export const commerceWritebacks = pgTable("commerce_writebacks", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  connectionId: uuid("connection_id").notNull(),
  shipmentId: uuid("shipment_id").notNull(),
  outboxId: bigint("outbox_id", { mode: "number" }).notNull(),
  status: text("status").notNull(),
  happenedAt: tstz("happened_at"),
  state: text("state").$type<"pending" | "sent" | "skipped" | "failed">().notNull().default("pending"),
  reason: text("reason"),
  attempts: integer("attempts").notNull().default(0),
  requestSummary: jsonb("request_summary").$type<Record<string, unknown>>().notNull().default({}),
  remoteId: text("remote_id"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  finishedAt: tstz("finished_at"),
});

export const commerceTables = { commerceConnections, commerceOrders, commerceShipments, commerceWritebacks };
