/**
 * Drizzle mirror of migration 0008_eta.sql (delivery-window predictions), spread into `schema` in schema.ts so
 * test/db/schema.test.ts checks it with every other table.
 */
import {
  bigint,
  boolean,
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

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const day = (name: string) => date(name, { mode: "string" });

export const etaModels = pgTable("eta_models", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  version: integer("version").notNull(),
  model: jsonb("model").$type<Record<string, unknown>>().notNull(),
  trainedAt: tstz("trained_at").notNull().defaultNow(),
  training: jsonb("training").$type<Record<string, unknown>>().notNull().default({}),
  active: boolean("active").notNull().default(false),
});

export const etaHistoryRows = pgTable(
  "eta_history_rows",
  {
    sellerId: uuid("seller_id").notNull(),
    orderId: text("order_id").notNull(),
    carrier: text("carrier").notNull().default(""),
    service: text("service").notNull().default(""),
    sellerRef: text("seller_ref").notNull().default(""),
    warehouse: text("warehouse").notNull().default(""),
    originPostal: text("origin_postal").notNull().default(""),
    originRegion: text("origin_region").notNull().default(""),
    originCountry: text("origin_country").notNull().default(""),
    destinationPostal: text("destination_postal").notNull().default(""),
    destinationRegion: text("destination_region").notNull().default(""),
    destinationCountry: text("destination_country").notNull().default(""),
    orderedAt: text("ordered_at").notNull(),
    shippedAt: text("shipped_at"),
    deliveredAt: text("delivered_at").notNull(),
    promisedAt: text("promised_at"),
    source: text("source").notNull(),
    line: integer("line").notNull(),
    importedAt: tstz("imported_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.orderId] })],
);

export const shipmentPredictions = pgTable("shipment_predictions", {
  shipmentId: uuid("shipment_id").primaryKey(),
  sellerId: uuid("seller_id").notNull(),
  mostLikely: day("most_likely").notNull(),
  earliest: day("earliest").notNull(),
  latest: day("latest").notNull(),
  coverage: doublePrecision("coverage").notNull(),
  promise: day("promise").notNull(),
  promiseQuantile: doublePrecision("promise_quantile").notNull(),
  confidence: doublePrecision("confidence").notNull(),
  stage: text("stage").notNull(),
  modelVersion: integer("model_version").notNull(),
  basis: jsonb("basis").$type<Record<string, unknown>>().notNull().default({}),
  predictedAt: tstz("predicted_at").notNull(),
  windowChangedAt: tstz("window_changed_at").notNull(),
});

export const shipmentPredictionHistory = pgTable("shipment_prediction_history", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  shipmentId: uuid("shipment_id").notNull(),
  sellerId: uuid("seller_id").notNull(),
  mostLikely: day("most_likely").notNull(),
  earliest: day("earliest").notNull(),
  latest: day("latest").notNull(),
  coverage: doublePrecision("coverage").notNull(),
  promise: day("promise").notNull(),
  confidence: doublePrecision("confidence").notNull(),
  stage: text("stage").notNull(),
  modelVersion: integer("model_version").notNull(),
  at: tstz("at").notNull(),
});

/** The tables of migration 0008, keyed as in `schema`. */
export const etaTables = { etaModels, etaHistoryRows, shipmentPredictions, shipmentPredictionHistory };
