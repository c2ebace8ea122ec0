/**
 * Event ingestion through the API: the body is stored raw before anything reads it, then normalized,
 * deduplicated and folded (src/ingest). A body that cannot be understood is kept, marked failed, and
 * answered with a problem naming the stored payload.
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { getShipment } from "../../db/repositories/shipments.js";
import { ingest, type IngestResult } from "../../ingest/ingest.js";
import { eventBatchSchema, eventInputSchema, parseNormalizedJson } from "../../ingest/normalized-json.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams } from "../schemas.js";
import type { FastifyRequest } from "fastify";

function rawInput(request: FastifyRequest) {
  return {
    source: "api",
    contentType: String(request.headers["content-type"] ?? "application/json"),
    body: request.rawBody ?? Buffer.alloc(0),
    headers: { "x-request-id": request.id },
  };
}

/** Turns a failed parse into the right problem, naming the stored payload so nothing is lost. */
function failUnparsed(result: IngestResult, body: Buffer): never {
  let isJson = true;
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    isJson = false;
  }
  const detail = result.errors.map((e) => e.message).join("; ");
  fail(isJson ? "SW_ERR_VALIDATION" : "SW_ERR_MALFORMED_JSON", detail, {
    rawPayloadId: result.rawPayloadIds[0],
    errors: result.errors,
  });
}

function summary(result: IngestResult) {
  return {
    rawPayloadId: result.rawPayloadIds[0],
    eventsReceived: result.eventsReceived,
    eventsAdded: result.eventsAdded,
    duplicateEvents: result.duplicateEvents,
    errors: result.errors,
    shipments: result.shipments,
  };
}

export function eventRoutes(db: Database) {
  return [
    defineRoute({
      method: "POST",
      url: "/v1/shipments/:id/events",
      tag: "events",
      summary:
        "Add tracking events to a shipment (Shipwatch's normalized event JSON: one event or {events:[...]})",
      scope: "write",
      idempotent: true,
      rawIngest: true,
      params: idParams,
      body: z.union([eventInputSchema, eventBatchSchema]),
      async handler({ params, sellerId, request, reply }) {
        const shipment = await getShipment(db.orm, sellerId, params.id);
        if (!shipment) notFound("shipment");
        const defaults = { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber };
        const input = rawInput(request);
        const result = await ingest(db, sellerId, input, {
          shipmentId: shipment.id,
          normalize: (raw) => parseNormalizedJson(raw.body.toString("utf8"), defaults),
        });
        if (result.parseStatus === "failed") failUnparsed(result, input.body);
        request.audit = {
          action: "shipment.events.add",
          targetType: "shipment",
          targetId: shipment.id,
          data: { eventsAdded: result.eventsAdded },
        };
        reply.code(result.eventsAdded > 0 ? 201 : 200);
        return summary(result);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/events/batch",
      tag: "events",
      summary:
        "Ingest a batch of events for many shipments ({events:[{carrier, trackingNumber, ...}]}); unknown numbers become shipments",
      scope: "write",
      idempotent: true,
      rawIngest: true,
      body: eventBatchSchema,
      async handler({ sellerId, request }) {
        const input = rawInput(request);
        const result = await ingest(db, sellerId, input, { createMissingShipments: true });
        if (result.parseStatus === "failed") failUnparsed(result, input.body);
        request.audit = {
          action: "events.batch",
          targetType: "raw_payload",
          targetId: String(result.rawPayloadIds[0]),
          data: { eventsAdded: result.eventsAdded },
        };
        return summary(result);
      },
    }),
  ];
}
