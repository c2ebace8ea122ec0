/**
 * TNT Express (ExpressConnect Tracking v3.1) status map. Keys:
 * - "summary:X": the consignment `SummaryCode` (DEL, EXC, INT, CNF), the result-level status;
 * - StatusData `StatusCode`s whose meaning TNT's StatusDescription states (TNT's full code list is only in
 *   its customer integration pack), looked up first for events;
 * - "text:<description>": lower-cased standard StatusDescription texts, the fallback for other codes.
 * Every row: [key, status, substatus, TNT's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const tntStatusMap = statusMapFromRows([
  ["summary:DEL", "delivered", null, "Delivered"],
  ["summary:INT", "in_transit", null, "In transit"],
  ["summary:EXC", "exception", null, "Exception"],
  ["summary:CNF", "pending", null, "Consignment not found"],
  ["OK", "delivered", null, "Shipment delivered in good condition"],
  ["OD", "out_for_delivery", null, "Out for delivery"],
  ["text:shipment delivered in good condition", "delivered", null, "Shipment delivered in good condition"],
  ["text:shipment received at origin depot", "in_transit", "picked_up", "Shipment received at origin depot"],
  ["text:shipment collected from customer", "in_transit", "picked_up", "Shipment collected from customer"],
  ["text:shipment in transit", "in_transit", null, "Shipment in transit"],
  [
    "text:shipment received at transit point",
    "in_transit",
    "arrived_at_facility",
    "Shipment received at transit point",
  ],
  [
    "text:shipment arrived at tnt location",
    "in_transit",
    "arrived_at_facility",
    "Shipment arrived at TNT location",
  ],
  [
    "text:shipment departed from tnt location",
    "in_transit",
    "departed_facility",
    "Shipment departed from TNT location",
  ],
  ["text:shipment in customs clearance", "in_transit", "customs_started", "Shipment in customs clearance"],
  ["text:shipment released from customs", "in_transit", "customs_cleared", "Shipment released from customs"],
  ["text:held in customs", "exception", "held_customs", "Held in customs"],
  ["text:out for delivery", "out_for_delivery", null, "Out for delivery"],
  ["text:shipment out for delivery", "out_for_delivery", null, "Shipment out for delivery"],
  [
    "text:delivery attempted - receiver closed",
    "attempt_failed",
    "business_closed",
    "Delivery attempted: receiver closed",
  ],
  [
    "text:delivery attempted - receiver not available",
    "attempt_failed",
    "recipient_unavailable",
    "Delivery attempted: receiver not available",
  ],
  ["text:incorrect delivery address", "exception", "address_issue", "Incorrect delivery address"],
  ["text:delivery refused", "exception", "refused", "Delivery refused"],
  ["text:shipment damaged", "exception", "damaged", "Shipment damaged"],
  [
    "text:awaiting collection by receiver",
    "available_for_pickup",
    null,
    "Awaiting collection by receiver at depot",
  ],
  ["text:returned to sender", "returned", null, "Returned to sender"],
]);
