/**
 * Aramex Shipment Tracking API status map. Keys:
 * - "SHnnn": `UpdateCode` of a TrackingResult (Aramex's tracking update codes; only the codes whose meaning
 *   Aramex's own UpdateDescription states are listed).
 * - "text:<description>": the lower-cased `UpdateDescription`, Aramex's standard update texts, the fallback for
 *   update codes not listed above (Aramex's code list is not public).
 * Every row: [key, status, substatus, Aramex's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const aramexStatusMap = statusMapFromRows([
  ["SH014", "info_received", "label_created", "Record created"],
  ["SH012", "in_transit", "picked_up", "Picked up from shipper"],
  ["SH047", "in_transit", "arrived_at_facility", "Received at origin facility"],
  ["SH022", "in_transit", "departed_facility", "Departed operations facility"],
  ["SH001", "in_transit", "arrived_at_facility", "Received at operations facility"],
  ["SH003", "out_for_delivery", null, "Out for delivery"],
  ["SH005", "delivered", null, "Delivered"],
  ["SH006", "delivered", "picked_up_by_customer", "Collected by consignee"],
  ["SH069", "return_to_sender", null, "Returned to shipper"],
  // Standard UpdateDescription texts
  ["text:record created", "info_received", "label_created", "Record created"],
  ["text:shipment picked up", "in_transit", "picked_up", "Shipment picked up"],
  ["text:picked up from shipper", "in_transit", "picked_up", "Picked up from shipper"],
  ["text:received at origin facility", "in_transit", "arrived_at_facility", "Received at origin facility"],
  [
    "text:received at operations facility",
    "in_transit",
    "arrived_at_facility",
    "Received at operations facility",
  ],
  ["text:departed origin facility", "in_transit", "departed_facility", "Departed origin facility"],
  ["text:departed operations facility", "in_transit", "departed_facility", "Departed operations facility"],
  ["text:in transit", "in_transit", null, "In transit"],
  [
    "text:arrived at destination facility",
    "in_transit",
    "arrived_at_facility",
    "Arrived at destination facility",
  ],
  ["text:customs clearance in progress", "in_transit", "customs_started", "Customs clearance in progress"],
  ["text:cleared customs", "in_transit", "customs_cleared", "Cleared customs"],
  ["text:held in customs", "exception", "held_customs", "Held in customs"],
  ["text:out for delivery", "out_for_delivery", null, "Out for delivery"],
  ["text:attempted delivery", "attempt_failed", null, "Attempted delivery"],
  ["text:consignee not available", "attempt_failed", "recipient_unavailable", "Consignee not available"],
  ["text:incorrect address", "exception", "address_issue", "Incorrect address"],
  ["text:refused by consignee", "exception", "refused", "Refused by consignee"],
  ["text:shipment on hold", "exception", null, "Shipment on hold"],
  ["text:collected by consignee", "delivered", "picked_up_by_customer", "Collected by consignee"],
  ["text:delivered", "delivered", null, "Delivered"],
  ["text:returned to shipper", "return_to_sender", null, "Returned to shipper"],
]);
