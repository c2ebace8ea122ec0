/**
 * Drizzle mirror of migration 0003_tracking_page.sql (the shopper's tracking page), spread into `schema` in
 * schema.ts so test/db/schema.test.ts checks it with every other table.
 */
import {
  bigint,
  date,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

export const trackingRatings = pgTable("tracking_ratings", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  orderId: uuid("order_id").notNull().unique(),
  rating: smallint("rating").notNull(),
  comment: text("comment"),
  locale: text("locale"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const relatedProducts = pgTable("related_products", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  position: integer("position").notNull().default(0),
  title: text("title").notNull(),
  url: text("url").notNull(),
  imageUrl: text("image_url"),
  price: text("price"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

export const trackingPageViews = pgTable(
  "tracking_page_views",
  {
    sellerId: uuid("seller_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    page: text("page").notNull(),
    views: integer("views").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.day, t.page] })],
);

export const trackingLookupBuckets = pgTable("tracking_lookup_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  refilledAt: tstz("refilled_at").notNull().defaultNow(),
});

export const shipmentEstimateChanges = pgTable("shipment_estimate_changes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  shipmentId: uuid("shipment_id").notNull(),
  estimate: text("estimate"),
  changedAt: tstz("changed_at").notNull().defaultNow(),
});

/** The tables of migration 0003, keyed as in `schema`. */
export const trackingPageTables = {
  instanceSecrets,
  trackingRatings,
  relatedProducts,
  trackingPageViews,
  trackingLookupBuckets,
  shipmentEstimateChanges,
};
