/**
 * Drizzle mirror of migration 0007_dashboard.sql (the ops dashboard), spread into `schema` in schema.ts so
 * test/db/schema.test.ts checks it with every other table.
 */
import { date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  email: text("email").notNull(),
  name: text("name").notNull().default(""),
  role: text("role").$type<"owner" | "admin" | "support" | "viewer">().notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
  lastSignInAt: tstz("last_sign_in_at"),
});

export const dashboardSessions = pgTable("dashboard_sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  sellerId: uuid("seller_id").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  csrfSecret: text("csrf_secret").notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
  lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
  expiresAt: tstz("expires_at").notNull(),
  ip: text("ip"),
  userAgent: text("user_agent"),
});

export const invitations = pgTable("invitations", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  email: text("email").notNull(),
  role: text("role").$type<"owner" | "admin" | "support" | "viewer">().notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  invitedBy: uuid("invited_by"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  expiresAt: tstz("expires_at").notNull(),
  acceptedAt: tstz("accepted_at"),
  revokedAt: tstz("revoked_at"),
});

type Histogram = Record<string, number>;

export const analyticsDaily = pgTable(
  "analytics_daily",
  {
    sellerId: uuid("seller_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    shipments: integer("shipments").notNull().default(0),
    delivered: integer("delivered").notNull().default(0),
    promised: integer("promised").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    covered: integer("covered").notNull().default(0),
    failedAttempt: integer("failed_attempt").notNull().default(0),
    lost: integer("lost").notNull().default(0),
    exceptions: jsonb("exceptions").$type<Histogram>().notNull().default({}),
    transitHours: jsonb("transit_hours").$type<Histogram>().notNull().default({}),
    orderToShipHours: jsonb("order_to_ship_hours").$type<Histogram>().notNull().default({}),
    freshnessMinutes: jsonb("freshness_minutes").$type<Histogram>().notNull().default({}),
    events: integer("events").notNull().default(0),
    messages: integer("messages").notNull().default(0),
    ratings: integer("ratings").notNull().default(0),
    ratingSum: integer("rating_sum").notNull().default(0),
    pageViews: integer("page_views").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.dimension, t.day, t.value] })],
);

export const analyticsRollupRuns = pgTable("analytics_rollup_runs", {
  sellerId: uuid("seller_id").primaryKey(),
  rolledUpAt: tstz("rolled_up_at").notNull(),
  fromDay: date("from_day", { mode: "string" }).notNull(),
  toDay: date("to_day", { mode: "string" }).notNull(),
  durationMs: integer("duration_ms").notNull(),
});

/** The tables of migration 0007, keyed as in `schema`. */
export const dashboardTables = {
  users,
  dashboardSessions,
  invitations,
  analyticsDaily,
  analyticsRollupRuns,
};
