/**
 * Drizzle mirror of migration 0013_returns_helpdesk.sql (returns and helpdesk tickets), spread into `schema` in
 * src/db/schema.ts so test/db/schema.test.ts checks it with every other table. Queries are mostly raw SQL.
 */
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const returnRequests = pgTable("return_requests", {
  id: uuid("id").primaryKey().defaultRandom(),
  sellerId: uuid("seller_id").notNull(),
  orderId: uuid("order_id").notNull(),
  status: text("status").notNull().default("requested"),
  reasonCode: text("reason_code").notNull(),
  reasonText: text("reason_text"),
  source: text("source").notNull(),
  returnShipmentId: uuid("return_shipment_id"),
  locale: text("locale"),
  decisionNote: text("decision_note"),
  requestedAt: tstz("requested_at").notNull().defaultNow(),
  approvedAt: tstz("approved_at"),
  inTransitAt: tstz("in_transit_at"),
  receivedAt: tstz("received_at"),
  refundedAt: tstz("refunded_at"),
  closedAt: tstz("closed_at"),
  rejectedAt: tstz("rejected_at"),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const returnItems = pgTable(
  "return_items",
  {
    returnId: uuid("return_id").notNull(),
    line: integer("line").notNull(),
    sku: text("sku"),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.line] })],
);

export const helpdeskTickets = pgTable("helpdesk_tickets", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  sellerId: uuid("seller_id").notNull(),
  alertId: uuid("alert_id").notNull(),
  endpointId: uuid("endpoint_id").notNull(),
  shipmentId: uuid("shipment_id").notNull(),
  provider: text("provider").notNull(),
  status: text("status").notNull().default("pending"),
  externalId: text("external_id").notNull(),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
  ticketId: text("ticket_id"),
  ticketUrl: text("ticket_url"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  queuedAt: tstz("queued_at"),
  openedAt: tstz("opened_at"),
});

export const returnsTables = { returnRequests, returnItems, helpdeskTickets };
