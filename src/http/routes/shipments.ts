/** /v1/shipments: create (carrier auto-detected when omitted), read with timeline, list, update, delete. */
import { z } from "zod";
import { likelyMeantCarrier } from "../../carriers/carrier-id-check.js";
import { detectTrackingNumber } from "../../carriers/detect/index.js";
import type { Database } from "../../db/client.js";
import { getOrder, getOrderByNumber } from "../../db/repositories/orders.js";
import { decodeCursor } from "../../db/repositories/pagination.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import {
  deleteShipment,
  eventsOfShipment,
  getShipment,
  insertShipment,
  listShipments,
  updateShipment,
} from "../../db/repositories/shipments.js";
import { predictionHistoriesOf, predictionsOf } from "../../db/repositories/shipment-predictions.js";
import type { ShipmentRecord } from "../../db/repositories/shipments.js";
import { predictShipments } from "../../eta/live/refresh.js";
import { refreshOrderStages } from "../../ingest/order-stages.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import {
  carrierId,
  idParams,
  isoDateTime,
  listLimit,
  metadataSchema,
  placeSchema,
  statusFilter,
  trackingNumber,
} from "../schemas.js";
import { deliveryWindowView, eventView, shipmentView } from "../views.js";

const shipmentBody = z
  .object({
    trackingNumber,
    carrier: carrierId.optional(),
    /** Track under a carrier id Shipwatch has no adapter for even when it is close to one it has ("fedx"). */
    customCarrier: z
      .boolean()
      .optional()
      .describe(
        "true: keep `carrier` as given although Shipwatch has no adapter for it and it is close to one it has " +
          "(without it such an id, e.g. fedx, is refused with a suggestion)",
      ),
    service: z.string().max(100).nullish(),
    direction: z.enum(["outbound", "return"]).default("outbound"),
    orderId: z.uuid().optional(),
    orderNumber: z.string().trim().min(1).max(64).optional(),
    origin: placeSchema.nullish(),
    destination: placeSchema.nullish(),
    metadata: metadataSchema.optional(),
  })
  .strict();

const shipmentPatch = shipmentBody
  .pick({ service: true, direction: true, origin: true, destination: true, metadata: true })
  .extend({ orderId: z.uuid().nullable() })
  .partial()
  .strict();

/** The seller's enabled carriers (settings.carriers), ranked first when a number fits several. */
async function enabledCarriers(db: Database, sellerId: string): Promise<string[]> {
  const seller = await findSellerById(db.orm, sellerId);
  const list = seller?.settings.carriers;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === "string") : [];
}

export function shipmentRoutes(db: Database) {
  async function resolveOrderId(sellerId: string, body: { orderId?: string | null; orderNumber?: string }) {
    if (body.orderId) {
      if (!(await getOrder(db.orm, sellerId, body.orderId))) notFound("order");
      return body.orderId;
    }
    if (body.orderNumber) {
      const order = await getOrderByNumber(db.orm, sellerId, body.orderNumber);
      if (!order) notFound("order");
      return order.id;
    }
    return body.orderId ?? null;
  }

  async function relinkStages(sellerId: string, orderIds: (string | null | undefined)[]) {
    const ids = orderIds.filter((x): x is string => !!x);
    if (ids.length) await db.session((s) => refreshOrderStages(s, sellerId, ids));
  }

  /** The shipment's delivery window (prediction, else carrier estimate or promise) for the API. */
  async function windowOf(sellerId: string, shipment: ShipmentRecord) {
    const [predictions, histories] = [
      await predictionsOf(db, [shipment.id]),
      await predictionHistoriesOf(db, [shipment.id]),
    ];
    const prediction = predictions.get(shipment.id);
    const order =
      !prediction && shipment.orderId ? await getOrder(db.orm, sellerId, shipment.orderId) : undefined;
    return deliveryWindowView(
      shipment,
      prediction,
      histories.get(shipment.id) ?? [],
      order?.promisedAt ?? null,
    );
  }

  return [
    defineRoute({
      method: "POST",
      url: "/v1/shipments",
      tag: "shipments",
      summary: "Track a shipment (the carrier is detected from the number when omitted)",
      scope: "write",
      idempotent: true,
      body: shipmentBody,
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        let carrier = body.carrier;
        const meant = carrier && !body.customCarrier ? likelyMeantCarrier(carrier) : null;
        if (meant)
          fail(
            "SW_ERR_VALIDATION",
            `body.carrier: Shipwatch has no carrier “${carrier}”; did you mean “${meant}”? To track a courier ` +
              'Shipwatch has no adapter for under this id, send "customCarrier": true.',
            { suggestion: meant },
          );
        if (!carrier) {
          const detection = detectTrackingNumber(body.trackingNumber, {
            preferredCarriers: await enabledCarriers(db, sellerId),
          });
          if (!detection.carrier) {
            fail(
              "SW_ERR_VALIDATION",
              detection.candidates.length
                ? "The tracking number fits several carriers; say which with `carrier`."
                : "No known carrier uses this tracking number format; say which with `carrier`.",
              { ambiguous: detection.ambiguous, candidates: detection.candidates },
            );
          }
          carrier = detection.carrier;
        }
        const orderId = await resolveOrderId(sellerId, body);
        const shipment = await insertShipment(db.orm, sellerId, { ...body, carrier, orderId });
        if (!shipment) fail("SW_ERR_CONFLICT", `${carrier} ${body.trackingNumber} is already tracked`);
        await relinkStages(sellerId, [orderId]);
        // Its order-time window, when the seller has a model.
        await predictShipments(db, sellerId, [shipment.id]);
        request.audit = { action: "shipment.create", targetType: "shipment", targetId: shipment.id };
        return {
          ...shipmentView(shipment),
          deliveryWindow: await windowOf(sellerId, shipment),
          events: [],
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/shipments",
      tag: "shipments",
      summary: "List shipments, newest first, with filters and cursor pagination",
      scope: "read",
      query: z.object({
        status: statusFilter.optional(),
        carrier: carrierId.optional(),
        orderId: z.uuid().optional(),
        trackingNumber: z.string().max(64).optional(),
        direction: z.enum(["outbound", "return"]).optional(),
        updatedSince: isoDateTime.optional(),
        cursor: z.string().max(200).optional(),
        limit: listLimit,
      }),
      async handler({ query, sellerId }) {
        const result = await listShipments(db.orm, sellerId, {
          ...query,
          cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
        });
        return { items: result.items.map(shipmentView), nextCursor: result.nextCursor };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/shipments/:id",
      tag: "shipments",
      summary: "Get a shipment with its timeline (newest event first)",
      scope: "read",
      params: idParams,
      async handler({ params, sellerId }) {
        const shipment = await getShipment(db.orm, sellerId, params.id);
        if (!shipment) notFound("shipment");
        return {
          ...shipmentView(shipment),
          deliveryWindow: await windowOf(sellerId, shipment),
          events: (await eventsOfShipment(db.orm, shipment.id)).map(eventView),
        };
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/v1/shipments/:id",
      tag: "shipments",
      summary: "Update a shipment's service, places, order link or metadata",
      scope: "write",
      params: idParams,
      body: shipmentPatch,
      async handler({ params, body, sellerId, request }) {
        const before = await getShipment(db.orm, sellerId, params.id);
        if (!before) notFound("shipment");
        if (body.orderId) await resolveOrderId(sellerId, { orderId: body.orderId });
        const shipment = await updateShipment(db.orm, sellerId, params.id, body);
        if (!shipment) notFound("shipment");
        await relinkStages(sellerId, [before.orderId, shipment.orderId]);
        // A new order link or new places change the lane or the order time the window is predicted from.
        if (body.orderId !== undefined || body.origin !== undefined || body.destination !== undefined)
          await predictShipments(db, sellerId, [shipment.id]);
        request.audit = {
          action: "shipment.update",
          targetType: "shipment",
          targetId: shipment.id,
          data: { fields: Object.keys(body) },
        };
        return {
          ...shipmentView(shipment),
          deliveryWindow: await windowOf(sellerId, shipment),
          events: (await eventsOfShipment(db.orm, shipment.id)).map(eventView),
        };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/shipments/:id",
      tag: "shipments",
      summary: "Stop tracking a shipment and delete its events (raw payloads are kept as evidence)",
      scope: "write",
      params: idParams,
      response: { status: 204 },
      async handler({ params, sellerId, request }) {
        const deleted = await deleteShipment(db.orm, sellerId, params.id);
        if (!deleted) notFound("shipment");
        await relinkStages(sellerId, [deleted.orderId]);
        request.audit = { action: "shipment.delete", targetType: "shipment", targetId: params.id };
        return null;
      },
    }),
  ];
}
