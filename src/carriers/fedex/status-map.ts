/**
 * FedEx status map: the 2-letter scan event / status codes of the FedEx Track API ("Tracking status codes"
 * in the FedEx developer API reference). The same codes appear as `eventType`/`derivedStatusCode` in the REST
 * Track API v1 and as `EventType`/`StatusDetail.Code` in the legacy Web Services TrackReply.
 * Every row: [code, status, substatus, FedEx's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const fedexStatusMap = statusMapFromRows([
  // Pre-shipment
  ["OC", "info_received", "label_created", "Shipment information sent to FedEx (order created)"],
  ["MD", "info_received", "label_created", "Manifest data received"],
  ["EP", "info_received", "awaiting_pickup", "Enroute to pickup"],
  ["OX", "in_transit", "forwarded", "Shipment information sent to USPS"],
  ["CA", "cancelled", null, "Shipment cancelled"],
  // Picked up / moving
  ["PU", "in_transit", "picked_up", "Picked up"],
  ["PX", "in_transit", "picked_up", "Picked up (see details)"],
  ["AP", "in_transit", "picked_up", "At pickup"],
  ["OF", "in_transit", "arrived_at_facility", "At FedEx origin facility"],
  ["AA", "in_transit", "arrived_at_facility", "At airport"],
  ["AC", "in_transit", "forwarded", "At Canada Post facility"],
  ["AF", "in_transit", "arrived_at_facility", "At local FedEx facility"],
  ["AR", "in_transit", "arrived_at_facility", "Arrived at FedEx location"],
  ["AX", "in_transit", "forwarded", "At USPS facility"],
  ["DP", "in_transit", "departed_facility", "Departed FedEx location"],
  ["EA", "in_transit", null, "Enroute to airport (also: export approved)"],
  ["EO", "in_transit", null, "Enroute to origin airport"],
  ["FD", "in_transit", "arrived_at_facility", "At FedEx destination facility"],
  ["IT", "in_transit", null, "In transit"],
  ["IX", "in_transit", null, "In transit (see details)"],
  ["LO", "in_transit", "departed_facility", "Left origin"],
  ["OW", "in_transit", null, "On the way"],
  ["PF", "in_transit", null, "Plane in flight"],
  ["PL", "in_transit", null, "Plane landed"],
  ["PM", "in_transit", null, "In progress"],
  ["SF", "in_transit", "arrived_at_facility", "At sort facility"],
  ["TR", "in_transit", null, "Transfer"],
  ["CH", "in_transit", "forwarded", "Location changed"],
  ["SP", "in_transit", null, "Split status (multiple pieces with different statuses)"],
  ["DS", "in_transit", null, "Vehicle dispatched"],
  ["DR", "in_transit", null, "Vehicle furnished but not used"],
  ["CP", "in_transit", "customs_started", "Clearance in progress"],
  ["CC", "in_transit", "customs_cleared", "Cleared customs"],
  ["RR", "in_transit", null, "Delivery option requested (CDO requested)"],
  ["RM", "in_transit", null, "Delivery option modified (CDO modified)"],
  ["RC", "in_transit", null, "Delivery option cancelled (CDO cancelled)"],
  // Delivery
  ["OD", "out_for_delivery", null, "On FedEx vehicle for delivery"],
  ["ED", "out_for_delivery", null, "Enroute to delivery"],
  ["AD", "out_for_delivery", null, "At delivery"],
  ["DL", "delivered", null, "Delivered"],
  ["HL", "available_for_pickup", null, "Hold at location"],
  ["HP", "available_for_pickup", null, "Ready for recipient pickup"],
  // Problems
  ["DE", "attempt_failed", null, "Delivery exception"],
  ["SE", "exception", null, "Shipment exception"],
  ["CD", "exception", "held_customs", "Clearance delay"],
  ["DY", "in_transit", "delayed", "Delay"],
  ["DD", "in_transit", "delayed", "Delivery delay"],
  ["PD", "info_received", "awaiting_pickup", "Pickup delay"],
  ["PY", "in_transit", "delayed", "Payment/processing delay"],
  ["HA", "exception", null, "Hold at location requested"],
  // Returns
  ["RS", "return_to_sender", null, "Return to shipper"],
  ["RT", "return_to_sender", null, "Returned (return tracking)"],
  ["RP", "info_received", "label_created", "Return label link emailed to return sender"],
  ["LP", "cancelled", null, "Return label link cancelled by shipment originator"],
  ["RG", "info_received", "label_created", "Return label link expiring soon"],
  ["RD", "cancelled", null, "Return label link expired"],
]);
