/** Orders: the seller's order number, minimal customer contact, and the stage folded from its shipments. */
import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import { normalizeEmail, normalizePhone, normalizePostcode } from "../../core/contact.js";
import type { Orm } from "../client.js";
import { orders } from "../schema.js";
import { afterCursor, page, type Cursor } from "./pagination.js";

export type OrderRecord = typeof orders.$inferSelect;

export interface CustomerInput {
  email?: string | null;
  phone?: string | null;
  postcode?: string | null;
  firstName?: string | null;
  locale?: string | null;
  timeZone?: string | null;
}

export interface OrderInput {
  orderNumber: string;
  customer?: CustomerInput;
  orderedAt?: Date | null;
  promisedAt?: Date | null;
  metadata?: Record<string, unknown>;
}

const opt = <T>(v: T | null | undefined, f: (x: T) => T) =>
  v === undefined ? undefined : v === null ? null : f(v);

function customerColumns(c: CustomerInput | undefined) {
  if (!c) return {};
  return {
    email: opt(c.email, normalizeEmail),
    phone: opt(c.phone, normalizePhone),
    postcode: opt(c.postcode, normalizePostcode),
    firstName: opt(c.firstName, (x) => x.trim()),
    locale: c.locale,
    timeZone: c.timeZone,
  };
}

/** Creates an order; returns undefined when the seller already has that order number. */
export async function insertOrder(
  orm: Orm,
  sellerId: string,
  input: OrderInput,
): Promise<OrderRecord | undefined> {
  const [row] = await orm
    .insert(orders)
    .values({
      sellerId,
      orderNumber: input.orderNumber.trim(),
      ...customerColumns(input.customer),
      orderedAt: input.orderedAt ?? null,
      promisedAt: input.promisedAt ?? null,
      metadata: input.metadata ?? {},
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function getOrder(orm: Orm, sellerId: string, id: string): Promise<OrderRecord | undefined> {
  const [row] = await orm
    .select()
    .from(orders)
    .where(and(eq(orders.sellerId, sellerId), eq(orders.id, id)));
  return row;
}

export async function getOrderByNumber(orm: Orm, sellerId: string, orderNumber: string) {
  const [row] = await orm
    .select()
    .from(orders)
    .where(and(eq(orders.sellerId, sellerId), eq(orders.orderNumber, orderNumber.trim())));
  return row;
}

export async function updateOrder(
  orm: Orm,
  sellerId: string,
  id: string,
  patch: Partial<Omit<OrderInput, "orderNumber">>,
): Promise<OrderRecord | undefined> {
  const [row] = await orm
    .update(orders)
    .set({
      ...customerColumns(patch.customer),
      ...(patch.orderedAt !== undefined ? { orderedAt: patch.orderedAt } : {}),
      ...(patch.promisedAt !== undefined ? { promisedAt: patch.promisedAt } : {}),
      ...(patch.metadata !== undefined ? { metadata: patch.metadata } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(orders.sellerId, sellerId), eq(orders.id, id)))
    .returning();
  return row;
}

export async function deleteOrder(orm: Orm, sellerId: string, id: string): Promise<boolean> {
  const rows = await orm
    .delete(orders)
    .where(and(eq(orders.sellerId, sellerId), eq(orders.id, id)))
    .returning({ id: orders.id });
  return rows.length > 0;
}

export interface OrderFilters {
  stage?: string;
  email?: string;
  createdFrom?: Date;
  createdTo?: Date;
  cursor?: Cursor;
  limit: number;
}

export async function listOrders(orm: Orm, sellerId: string, f: OrderFilters) {
  const where: (SQL | undefined)[] = [
    eq(orders.sellerId, sellerId),
    f.stage ? eq(orders.stage, f.stage) : undefined,
    f.email ? eq(orders.email, normalizeEmail(f.email)) : undefined,
    f.createdFrom ? gte(orders.createdAt, f.createdFrom) : undefined,
    f.createdTo ? lte(orders.createdAt, f.createdTo) : undefined,
    afterCursor(orders.createdAt, orders.id, f.cursor),
  ];
  const rows = await orm
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(f.limit + 1);
  return page(rows, f.limit);
}
