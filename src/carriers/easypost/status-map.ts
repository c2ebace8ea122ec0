/**
 * EasyPost status map. EasyPost normalizes every carrier it tracks into two fields on the tracker and on each
 * tracking detail:
 * - `status` (10 values): the coarse state; keys are the bare value ("in_transit").
 * - `status_detail` (28 values): the reason within it; keys are "detail:<value>" ("detail:arrived_at_facility").
 * The parser maps `status` and refines it with `status_detail` (see `mapEasyPostStatus` in parse.ts).
 * Every row: [key, status, substatus, EasyPost's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const easypostStatusMap = statusMapFromRows([
  // status
  ["unknown", "pending", null, "Unknown: the carrier has not reported the package yet"],
  [
    "pre_transit",
    "info_received",
    "label_created",
    "Pre-transit: label created, carrier has electronic info",
  ],
  ["in_transit", "in_transit", null, "In transit"],
  ["out_for_delivery", "out_for_delivery", null, "Out for delivery"],
  ["delivered", "delivered", null, "Delivered"],
  ["available_for_pickup", "available_for_pickup", null, "Available for pickup"],
  ["return_to_sender", "return_to_sender", null, "Return to sender"],
  ["failure", "exception", null, "Failure: the carrier could not deliver"],
  ["cancelled", "cancelled", null, "Cancelled"],
  ["error", "exception", null, "Error: the carrier reported an error for this tracker"],
  // status_detail
  ["detail:address_correction", "exception", "address_issue", "Address correction needed or made"],
  [
    "detail:arrived_at_destination",
    "in_transit",
    "arrived_at_facility",
    "Arrived at the destination facility",
  ],
  ["detail:arrived_at_facility", "in_transit", "arrived_at_facility", "Arrived at a carrier facility"],
  ["detail:arrived_at_pickup_location", "available_for_pickup", null, "Arrived at the pickup location"],
  ["detail:awaiting_information", "exception", null, "Carrier awaiting information (shipper or recipient)"],
  ["detail:cancelled", "cancelled", null, "Cancelled"],
  ["detail:damaged", "exception", "damaged", "Damaged"],
  ["detail:delayed", "in_transit", "delayed", "Delayed"],
  ["detail:delivery_exception", "exception", null, "Delivery exception"],
  ["detail:departed_facility", "in_transit", "departed_facility", "Departed a carrier facility"],
  ["detail:departed_origin_facility", "in_transit", "departed_facility", "Departed the origin facility"],
  ["detail:expired", "expired", null, "Tracker expired (no carrier update for too long)"],
  ["detail:failure", "exception", null, "Failure"],
  ["detail:held", "exception", null, "Held by the carrier"],
  ["detail:in_transit", "in_transit", null, "In transit"],
  ["detail:label_created", "info_received", "label_created", "Label created"],
  ["detail:lost", "exception", "lost", "Lost"],
  ["detail:missorted", "exception", "missorted", "Missorted"],
  ["detail:out_for_delivery", "out_for_delivery", null, "Out for delivery"],
  [
    "detail:received_at_destination_facility",
    "in_transit",
    "arrived_at_facility",
    "Received at the destination facility",
  ],
  ["detail:received_at_origin_facility", "in_transit", "picked_up", "Received at the origin facility"],
  ["detail:refused", "exception", "refused", "Refused by the recipient"],
  ["detail:return", "return_to_sender", null, "Being returned"],
  ["detail:status_update", "in_transit", null, "Status update (no more specific reason)"],
  [
    "detail:transferred_to_destination_carrier",
    "in_transit",
    "forwarded",
    "Transferred to the destination carrier",
  ],
  ["detail:transit_exception", "exception", "carrier_delay", "Exception in transit"],
  ["detail:unknown", "pending", null, "Unknown"],
  ["detail:weather_delay", "exception", "weather_delay", "Weather delay"],
]);
