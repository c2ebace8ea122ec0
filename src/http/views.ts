/** How records look in API responses: camelCase, grouped, no internal columns (hashes, fold cursors). */
import { STATUS_TABLE, isStatus } from "../core/status.js";
import type { OrderRecord } from "../db/repositories/orders.js";
import type { EventRecord, ShipmentRecord } from "../db/repositories/shipments.js";
import type { PredictionHistoryRecord, PredictionRecord } from "../db/repositories/shipment-predictions.js";
import { deliveryWindow } from "../notifications/window.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function shipmentView(s: ShipmentRecord) {
  return {
    id: s.id,
    orderId: s.orderId,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    service: s.service,
    direction: s.direction,
    origin: {
      postalCode: s.originPostal,
      city: s.originCity,
      region: s.originRegion,
      country: s.originCountry,
    },
    destination: {
      postalCode: s.destinationPostal,
      city: s.destinationCity,
      region: s.destinationRegion,
      country: s.destinationCountry,
    },
    status: s.status,
    substatus: s.substatus,
    statusLabel: isStatus(s.status) ? STATUS_TABLE[s.status].shopperLabel : s.status,
    aftershipTag: isStatus(s.status) ? STATUS_TABLE[s.status].aftershipTag : null,
    easypostStatus: isStatus(s.status) ? STATUS_TABLE[s.status].easypostStatus : null,
    statusChangedAt: iso(s.statusChangedAt),
    lastEventAt: iso(s.lastEventAt),
    shippedAt: iso(s.firstScanAt),
    outForDeliveryAt: iso(s.outForDeliveryAt),
    deliveredAt: iso(s.deliveredAt),
    attemptCount: s.attemptCount,
    eventCount: s.eventCount,
    carrierEstimatedDelivery: s.carrierEstimatedDelivery,
    signedBy: s.signedBy,
    stateVersion: s.stateVersion,
    metadata: s.metadata,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function eventView(e: EventRecord) {
  return {
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    localTime: e.localTime,
    utcOffset: e.utcOffset,
    zoneGuessed: e.zoneGuessed,
    code: e.code,
    description: e.description,
    location: {
      city: e.locationCity,
      region: e.locationRegion,
      postalCode: e.locationPostal,
      country: e.locationCountry,
      text: e.locationText,
    },
    status: e.status,
    substatus: e.substatus,
    unmapped: e.unmapped,
    source: e.source,
    rawPayloadId: e.rawPayloadId,
    receivedAt: e.receivedAt.toISOString(),
  };
}

export function orderView(o: OrderRecord, shipments?: readonly ShipmentRecord[]) {
  return {
    id: o.id,
    orderNumber: o.orderNumber,
    customer: {
      email: o.email,
      phone: o.phone,
      postcode: o.postcode,
      firstName: o.firstName,
      locale: o.locale,
      timeZone: o.timeZone,
    },
    orderedAt: iso(o.orderedAt),
    promisedAt: iso(o.promisedAt),
    stage: o.stage,
    metadata: o.metadata,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    ...(shipments ? { shipments: shipments.map(shipmentView) } : {}),
  };
}

/**
 * The delivery window of a shipment: the ETA model's prediction (with its coverage, promise, confidence and how it
 * moved) when the seller has a model, else the carrier's estimate or the order's promised date (coverage and
 * confidence unknown), else null.
 */
export function deliveryWindowView(
  s: ShipmentRecord,
  prediction: PredictionRecord | undefined,
  history: readonly PredictionHistoryRecord[],
  promisedAt: Date | null,
) {
  if (prediction) {
    return {
      source: "prediction" as const,
      mostLikely: prediction.mostLikely,
      earliest: prediction.earliest,
      latest: prediction.latest,
      coverage: prediction.coverage,
      promise: prediction.promise,
      promiseQuantile: prediction.promiseQuantile,
      confidence: prediction.confidence,
      stage: prediction.stage,
      modelVersion: prediction.modelVersion,
      predictedAt: prediction.predictedAt.toISOString(),
      windowChangedAt: prediction.windowChangedAt.toISOString(),
      history: history.map((h) => ({
        at: h.at.toISOString(),
        mostLikely: h.mostLikely,
        earliest: h.earliest,
        latest: h.latest,
        coverage: h.coverage,
        promise: h.promise,
        confidence: h.confidence,
        stage: h.stage,
        modelVersion: h.modelVersion,
      })),
    };
  }
  const fallback = deliveryWindow({ carrierEstimate: s.carrierEstimatedDelivery, promisedAt });
  if (!fallback) return null;
  return {
    source: fallback.source,
    mostLikely: fallback.latest,
    earliest: fallback.earliest,
    latest: fallback.latest,
    coverage: null,
    promise: null,
    promiseQuantile: null,
    confidence: null,
    stage: null,
    modelVersion: null,
    predictedAt: null,
    windowChangedAt: null,
    history: [],
  };
}
