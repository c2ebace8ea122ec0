/**
 * USPS status map. Keys are the 2-character event codes USPS returns as `eventCode` (Tracking API v3) and
 * `EventCode` (legacy Web Tools TrackResponse): the "Extract event codes" of USPS Track & Confirm, plus the
 * newer codes the v3 API sends (A1, T1, TL, GX, OA…). "category:<statusCategory>" keys are the v3 API's summary
 * categories, the fallback for an event code not listed here.
 * Every row: [code, status, substatus, USPS's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const uspsStatusMap = statusMapFromRows([
  // Pre-shipment and acceptance
  ["MA", "info_received", "label_created", "Manifest acknowledgement (pre-shipment info sent to USPS)"],
  ["GX", "info_received", "label_created", "Shipping label created, USPS awaiting item"],
  ["03", "in_transit", "picked_up", "Accept or pickup (by carrier): USPS in possession of item"],
  ["OA", "in_transit", "picked_up", "Accepted at USPS origin facility"],
  ["TM", "in_transit", "picked_up", "Truck manifest, shown as shipment acceptance"],
  ["PA", "in_transit", "picked_up", "Passive acceptance, shown as shipment acceptance"],
  ["80", "in_transit", "picked_up", "Picked up by shipping partner"],
  // Moving
  ["10", "in_transit", "arrived_at_facility", "Processed through / arrived at USPS facility"],
  ["07", "in_transit", "arrived_at_facility", "Arrival at unit (arrived at Post Office)"],
  ["A1", "in_transit", "arrived_at_facility", "Arrived at USPS regional facility"],
  ["T1", "in_transit", "departed_facility", "Departed USPS regional facility"],
  ["TL", "in_transit", null, "In transit to next facility"],
  ["EF", "in_transit", "departed_facility", "Departed USPS (sort) facility"],
  ["SF", "in_transit", "departed_facility", "Departed Post Office"],
  ["PC", "in_transit", null, "Sorting / processing complete"],
  ["19", "in_transit", "arrived_at_facility", "DC eVS arrive"],
  ["41", "in_transit", "arrived_at_facility", "Received at opening unit (open and distribute)"],
  ["42", "in_transit", "forwarded", "USPS handoff to shipping partner"],
  ["81", "in_transit", "arrived_at_facility", "Arrived at shipping partner facility"],
  ["82", "in_transit", "departed_facility", "Departed shipping partner facility"],
  ["06", "in_transit", "forwarded", "Forwarded"],
  ["71", "in_transit", "delayed", "Rescheduled to next delivery day"],
  ["DX", "in_transit", "delayed", "Delivery status not updated"],
  ["14", "in_transit", "arrived_at_facility", "Arrival at pickup point"],
  // Delivery
  ["OF", "out_for_delivery", null, "Out for delivery"],
  ["01", "delivered", null, "Delivered"],
  ["17", "delivered", "picked_up_by_customer", "Picked up by agent"],
  ["43", "delivered", "picked_up_by_customer", "Picked up (at the Post Office)"],
  ["16", "available_for_pickup", null, "Available for pickup"],
  // Attempts
  ["02", "attempt_failed", "recipient_unavailable", "Attempted / notice left"],
  ["52", "attempt_failed", "recipient_unavailable", "Notice left"],
  ["53", "attempt_failed", "access_problem", "Receptacle blocked"],
  ["54", "attempt_failed", null, "Receptacle full / item oversized"],
  ["55", "attempt_failed", "access_problem", "No secure location available"],
  ["56", "attempt_failed", "recipient_unavailable", "No authorized recipient available"],
  ["51", "attempt_failed", "business_closed", "Business closed"],
  ["30", "attempt_failed", "access_problem", "Delivery attempted - no access to delivery location"],
  // Problems
  ["04", "exception", "refused", "Refused"],
  ["05", "exception", "address_issue", "Undeliverable as addressed"],
  ["08", "exception", "missorted", "Missent"],
  ["15", "exception", "missorted", "Mis-shipped"],
  ["11", "exception", "lost", "Dead letter"],
  // Return to sender (reason in the description)
  ["09", "return_to_sender", null, "Return to sender"],
  ["21", "return_to_sender", null, "Return to sender: no such number"],
  ["22", "return_to_sender", null, "Return to sender: insufficient address"],
  ["23", "return_to_sender", null, "Return to sender: moved, left no address"],
  ["24", "return_to_sender", null, "Return to sender: forward expired"],
  ["25", "return_to_sender", null, "Return to sender: addressee unknown"],
  ["26", "return_to_sender", null, "Return to sender: vacant"],
  ["27", "return_to_sender", null, "Return to sender: unclaimed"],
  ["28", "return_to_sender", null, "Return to sender: deceased"],
  ["29", "return_to_sender", null, "Return to sender: other"],
  ["31", "return_to_sender", null, "Return to sender: not picked up"],
  ["44", "return_to_sender", null, "Customer recall (shipper recalled the item)"],
  // Tracking API v3 statusCategory values
  ["category:Pre-Shipment", "info_received", "label_created", "Pre-shipment"],
  ["category:Accepted", "in_transit", "picked_up", "Accepted"],
  ["category:In Transit", "in_transit", null, "In transit"],
  ["category:Out for Delivery", "out_for_delivery", null, "Out for delivery"],
  ["category:Delivered", "delivered", null, "Delivered"],
  ["category:Available for Pickup", "available_for_pickup", null, "Available for pickup"],
  ["category:Delivery Attempt", "attempt_failed", null, "Delivery attempt"],
  ["category:Alert", "exception", null, "Alert"],
  ["category:Return to Sender", "return_to_sender", null, "Return to sender"],
]);
