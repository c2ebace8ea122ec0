/**
 * Landmark Global status map: the numeric `EventCode` of the Track API's `Event` elements (Landmark's tracking
 * event code list). Every row: [code, status, substatus, Landmark's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const landmarkStatusMap = statusMapFromRows([
  ["50", "info_received", "label_created", "Shipment Data Uploaded"],
  [
    "60",
    "info_received",
    "awaiting_pickup",
    "Shipment inventory allocated (at the Landmark facility, cancellable)",
  ],
  ["75", "info_received", "awaiting_pickup", "Shipment Processed (at the Landmark facility, cancellable)"],
  ["80", "info_received", "awaiting_pickup", "Shipment Fulfilled (at the Landmark facility, cancellable)"],
  ["90", "exception", "held_payment", "Shipment held for payment"],
  ["100", "info_received", "label_created", "Shipment information transmitted to carrier"],
  ["125", "in_transit", "customs_cleared", "Customs Cleared"],
  ["135", "exception", "held_customs", "Customs Issue"],
  ["150", "in_transit", "departed_facility", "Crossing Border"],
  ["155", "in_transit", "arrived_at_facility", "Crossing Received"],
  ["200", "in_transit", "arrived_at_facility", "Item scanned at postal facility"],
  ["225", "in_transit", null, "Item grouped at Landmark or partner facility"],
  ["250", "in_transit", "customs_started", "Item scanned for crossing (customs clearance in progress)"],
  ["275", "in_transit", null, "Item in transit with carrier"],
  ["300", "out_for_delivery", null, "Item out for delivery"],
  ["400", "attempt_failed", null, "Attempted delivery"],
  ["410", "available_for_pickup", null, "Item available for pickup"],
  ["450", "in_transit", "forwarded", "Item re-directed to new address"],
  ["500", "delivered", null, "Item successfully delivered"],
  ["510", "delivered", "signed", "Proof of Delivery"],
  ["900", "exception", null, "Delivery failed"],
]);
