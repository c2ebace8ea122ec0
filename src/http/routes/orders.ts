/** /v1/orders: create, read (with shipments), list, look up by order number, update, delete. */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import {
  deleteOrder,
  getOrder,
  getOrderByNumber,
  insertOrder,
  listOrders,
  updateOrder,
} from "../../db/repositories/orders.js";
import { decodeCursor } from "../../db/repositories/pagination.js";
import { shipmentsOfOrders } from "../../db/repositories/shipments.js";
import { ORDER_STAGES } from "../../core/order-stage.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { customerSchema, idParams, isoDateTime, listLimit, metadataSchema } from "../schemas.js";
import { orderView } from "../views.js";

const orderBody = z
  .object({
    orderNumber: z.string().trim().min(1).max(64),
    customer: customerSchema.optional(),
    orderedAt: isoDateTime.nullish(),
    promisedAt: isoDateTime.nullish(),
    metadata: metadataSchema.optional(),
  })
  .strict();

const orderPatch = orderBody.omit({ orderNumber: true }).partial().strict();

export function orderRoutes(db: Database) {
  const withShipments = async (order: NonNullable<Awaited<ReturnType<typeof getOrder>>>) =>
    orderView(order, await shipmentsOfOrders(db.orm, [order.id]));

  return [
    defineRoute({
      method: "POST",
      url: "/v1/orders",
      tag: "orders",
      summary: "Create an order",
      scope: "write",
      idempotent: true,
      body: orderBody,
      response: { status: 201, description: "The order" },
      async handler({ body, sellerId, request }) {
        const order = await insertOrder(db.orm, sellerId, body);
        if (!order)
          fail("SW_ERR_CONFLICT", `order ${body.orderNumber} already exists`, {
            orderNumber: body.orderNumber,
          });
        request.audit = { action: "order.create", targetType: "order", targetId: order.id };
        return orderView(order, []);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/orders",
      tag: "orders",
      summary: "List orders, newest first, with cursor pagination",
      scope: "read",
      query: z.object({
        stage: z.enum(ORDER_STAGES).optional(),
        email: z.string().max(254).optional(),
        createdFrom: isoDateTime.optional(),
        createdTo: isoDateTime.optional(),
        cursor: z.string().max(200).optional(),
        limit: listLimit,
      }),
      async handler({ query, sellerId }) {
        const result = await listOrders(db.orm, sellerId, {
          ...query,
          cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
        });
        const shipments = await shipmentsOfOrders(
          db.orm,
          result.items.map((o) => o.id),
        );
        return {
          items: result.items.map((o) =>
            orderView(
              o,
              shipments.filter((s) => s.orderId === o.id),
            ),
          ),
          nextCursor: result.nextCursor,
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/orders/lookup",
      tag: "orders",
      summary: "Find an order by the seller's order number",
      scope: "read",
      query: z.object({ orderNumber: z.string().trim().min(1).max(64) }),
      async handler({ query, sellerId }) {
        const order = await getOrderByNumber(db.orm, sellerId, query.orderNumber);
        if (!order) notFound("order");
        return withShipments(order);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/orders/:id",
      tag: "orders",
      summary: "Get an order with its shipments",
      scope: "read",
      params: idParams,
      async handler({ params, sellerId }) {
        const order = await getOrder(db.orm, sellerId, params.id);
        if (!order) notFound("order");
        return withShipments(order);
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/v1/orders/:id",
      tag: "orders",
      summary: "Update an order's customer contact, dates or metadata",
      scope: "write",
      params: idParams,
      body: orderPatch,
      async handler({ params, body, sellerId, request }) {
        const order = await updateOrder(db.orm, sellerId, params.id, body);
        if (!order) notFound("order");
        request.audit = {
          action: "order.update",
          targetType: "order",
          targetId: order.id,
          data: { fields: Object.keys(body) },
        };
        return withShipments(order);
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/orders/:id",
      tag: "orders",
      summary: "Delete an order and its customer data (its shipments are kept, unlinked)",
      scope: "write",
      params: idParams,
      response: { status: 204 },
      async handler({ params, sellerId, request }) {
        if (!(await deleteOrder(db.orm, sellerId, params.id))) notFound("order");
        request.audit = { action: "order.delete", targetType: "order", targetId: params.id };
        return null;
      },
    }),
  ];
}
