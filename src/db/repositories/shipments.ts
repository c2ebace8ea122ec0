/** Shipments and their timelines. Folded state columns are written only by the ingest path. */
import { and, asc, desc, eq, gte, inArray, type SQL } from "drizzle-orm";
import { normalizeTrackingNumber } from "../../core/tracking-number.js";
import type { Orm } from "../client.js";
import { shipments, trackingEvents } from "../schema.js";
import { afterCursor, page, type Cursor } from "./pagination.js";

export type ShipmentRecord = typeof shipments.$inferSelect;
export type EventRecord = typeof trackingEvents.$inferSelect;

export interface Place {
  postalCode?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
}

export interface ShipmentInput {
  carrier: string;
  trackingNumber: string;
  service?: string | null;
  direction?: "outbound" | "return";
  orderId?: string | null;
  origin?: Place | null;
  destination?: Place | null;
  metadata?: Record<string, unknown>;
}

function placeColumns(prefix: "origin" | "destination", p: Place | null | undefined) {
  if (p === undefined) return {};
  return {
    [`${prefix}Postal`]: p?.postalCode ?? null,
    [`${prefix}City`]: p?.city ?? null,
    [`${prefix}Region`]: p?.region ?? null,
    [`${prefix}Country`]: p?.country?.toUpperCase() ?? null,
  } as Partial<ShipmentRecord>;
}

/** Creates a shipment; undefined when the seller already tracks that number with that carrier. */
export async function insertShipment(orm: Orm, sellerId: string, input: ShipmentInput) {
  const [row] = await orm
    .insert(shipments)
    .values({
      sellerId,
      carrier: input.carrier,
      trackingNumber: normalizeTrackingNumber(input.trackingNumber),
      service: input.service ?? null,
      direction: input.direction ?? "outbound",
      orderId: input.orderId ?? null,
      ...placeColumns("origin", input.origin),
      ...placeColumns("destination", input.destination),
      metadata: input.metadata ?? {},
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function getShipment(orm: Orm, sellerId: string, id: string) {
  const [row] = await orm
    .select()
    .from(shipments)
    .where(and(eq(shipments.sellerId, sellerId), eq(shipments.id, id)));
  return row;
}

export async function findShipmentByNumber(
  orm: Orm,
  sellerId: string,
  carrier: string,
  trackingNumber: string,
) {
  const [row] = await orm
    .select()
    .from(shipments)
    .where(
      and(
        eq(shipments.sellerId, sellerId),
        eq(shipments.carrier, carrier),
        eq(shipments.trackingNumber, normalizeTrackingNumber(trackingNumber)),
      ),
    );
  return row;
}

export async function updateShipment(
  orm: Orm,
  sellerId: string,
  id: string,
  patch: Partial<
    Pick<ShipmentInput, "service" | "direction" | "orderId" | "origin" | "destination" | "metadata">
  >,
) {
  const [row] = await orm
    .update(shipments)
    .set({
      ...(patch.service !== undefined ? { service: patch.service } : {}),
      ...(patch.direction !== undefined ? { direction: patch.direction } : {}),
      ...(patch.orderId !== undefined ? { orderId: patch.orderId } : {}),
      ...(patch.metadata !== undefined ? { metadata: patch.metadata } : {}),
      ...placeColumns("origin", patch.origin),
      ...placeColumns("destination", patch.destination),
      updatedAt: new Date(),
    })
    .where(and(eq(shipments.sellerId, sellerId), eq(shipments.id, id)))
    .returning();
  return row;
}

export async function deleteShipment(
  orm: Orm,
  sellerId: string,
  id: string,
): Promise<ShipmentRecord | undefined> {
  const [row] = await orm
    .delete(shipments)
    .where(and(eq(shipments.sellerId, sellerId), eq(shipments.id, id)))
    .returning();
  return row;
}

export async function shipmentsOfOrders(orm: Orm, orderIds: readonly string[]): Promise<ShipmentRecord[]> {
  if (orderIds.length === 0) return [];
  return orm
    .select()
    .from(shipments)
    .where(inArray(shipments.orderId, [...orderIds]))
    .orderBy(asc(shipments.createdAt));
}

/** The shipment's events, newest first (the carrier-time order the fold uses, reversed). */
export async function eventsOfShipment(orm: Orm, shipmentId: string): Promise<EventRecord[]> {
  return orm
    .select()
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipmentId))
    .orderBy(desc(trackingEvents.occurredAt), desc(trackingEvents.id));
}

export interface ShipmentFilters {
  status?: string;
  carrier?: string;
  orderId?: string;
  trackingNumber?: string;
  direction?: "outbound" | "return";
  updatedSince?: Date;
  cursor?: Cursor;
  limit: number;
}

export async function listShipments(orm: Orm, sellerId: string, f: ShipmentFilters) {
  const where: (SQL | undefined)[] = [
    eq(shipments.sellerId, sellerId),
    f.status ? eq(shipments.status, f.status) : undefined,
    f.carrier ? eq(shipments.carrier, f.carrier) : undefined,
    f.orderId ? eq(shipments.orderId, f.orderId) : undefined,
    f.trackingNumber ? eq(shipments.trackingNumber, normalizeTrackingNumber(f.trackingNumber)) : undefined,
    f.direction ? eq(shipments.direction, f.direction) : undefined,
    f.updatedSince ? gte(shipments.updatedAt, f.updatedSince) : undefined,
    afterCursor(shipments.createdAt, shipments.id, f.cursor),
  ];
  const rows = await orm
    .select()
    .from(shipments)
    .where(and(...where))
    .orderBy(desc(shipments.createdAt), desc(shipments.id))
    .limit(f.limit + 1);
  return page(rows, f.limit);
}
