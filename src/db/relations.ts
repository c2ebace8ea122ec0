/**
 * Drizzle relations for the reads that want an order with its shipments and their scans in one query (the
 * tracking page's cold render: one round trip instead of five). Only declared where such a read exists.
 */
import { relations } from "drizzle-orm";
import { orders, shipments, trackingEvents } from "./schema.js";
import { shipmentEstimateChanges, trackingRatings } from "./tracking-schema.js";

export const ordersRelations = relations(orders, ({ many, one }) => ({
  shipments: many(shipments),
  rating: one(trackingRatings, { fields: [orders.id], references: [trackingRatings.orderId] }),
}));

export const shipmentsRelations = relations(shipments, ({ many, one }) => ({
  order: one(orders, { fields: [shipments.orderId], references: [orders.id] }),
  events: many(trackingEvents),
  estimateChanges: many(shipmentEstimateChanges),
}));

export const trackingEventsRelations = relations(trackingEvents, ({ one }) => ({
  shipment: one(shipments, { fields: [trackingEvents.shipmentId], references: [shipments.id] }),
}));

export const shipmentEstimateChangesRelations = relations(shipmentEstimateChanges, ({ one }) => ({
  shipment: one(shipments, { fields: [shipmentEstimateChanges.shipmentId], references: [shipments.id] }),
}));

export const schemaRelations = {
  ordersRelations,
  shipmentsRelations,
  trackingEventsRelations,
  shipmentEstimateChangesRelations,
};
