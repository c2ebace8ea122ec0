/** A return as the API (and webhooks) show it. */
import type { ReturnRow } from "./repository.js";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function returnView(r: ReturnRow) {
  return {
    id: r.id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    status: r.status,
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    items: r.items,
    source: r.source,
    locale: r.locale,
    decisionNote: r.decision_note,
    returnShipment: r.return_shipment_id
      ? {
          id: r.return_shipment_id,
          carrier: r.carrier,
          trackingNumber: r.tracking_number,
          status: r.shipment_status,
        }
      : null,
    requestedAt: iso(r.requested_at),
    approvedAt: iso(r.approved_at),
    inTransitAt: iso(r.in_transit_at),
    receivedAt: iso(r.received_at),
    refundedAt: iso(r.refunded_at),
    closedAt: iso(r.closed_at),
    rejectedAt: iso(r.rejected_at),
    updatedAt: iso(r.updated_at),
  };
}

export type ReturnView = ReturnType<typeof returnView>;
