/**
 * Sendle status map (Sendle API `GET /api/tracking/{ref}`). Keys:
 * - tracking event `event_type` values, as Sendle documents them;
 * - "state:X": the order `state`, used for the result when no event maps.
 * Every row: [key, status, substatus, Sendle's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const sendleStatusMap = statusMapFromRows([
  // Tracking event types
  ["Info", "info_received", null, "Information about the parcel (booking, label, notes)"],
  [
    "Pickup Attempted",
    "info_received",
    "awaiting_pickup",
    "The driver tried to collect the parcel but could not",
  ],
  ["Pickup", "in_transit", "picked_up", "The parcel was collected from the sender"],
  ["Drop Off", "in_transit", "picked_up", "The sender dropped the parcel off at a drop-off location"],
  ["Dropped Off", "in_transit", "picked_up", "The parcel was dropped off at a drop-off location"],
  ["In Transit", "in_transit", null, "The parcel is moving through the network"],
  ["Local Delivery", "in_transit", "arrived_at_facility", "The parcel reached the delivery depot"],
  ["Out for Delivery", "out_for_delivery", null, "The parcel is with the driver for delivery today"],
  ["Delivery Attempted", "attempt_failed", null, "The driver tried to deliver the parcel"],
  ["Card Left", "available_for_pickup", null, "Delivery attempted; card left, parcel held for collection"],
  ["Left with Agent", "available_for_pickup", null, "Parcel left at a collection point / agent"],
  ["Delivered", "delivered", null, "The parcel was delivered"],
  ["Damaged", "exception", "damaged", "The parcel was damaged in transit"],
  ["Unable to Deliver", "exception", null, "The parcel could not be delivered"],
  ["Delivery Failed", "exception", null, "Delivery failed"],
  ["Return to Sender", "return_to_sender", null, "The parcel is being returned to the sender"],
  ["Returned to Sender", "returned", null, "The parcel was returned to the sender"],
  // Order states
  ["state:Booking", "info_received", "label_created", "Order booked"],
  ["state:Pickup", "info_received", "awaiting_pickup", "Waiting for pickup"],
  ["state:Pickup Attempted", "info_received", "awaiting_pickup", "Pickup attempted"],
  ["state:Transit", "in_transit", null, "In transit"],
  ["state:Out for Delivery", "out_for_delivery", null, "Out for delivery"],
  ["state:Delivered", "delivered", null, "Delivered"],
  ["state:Delivery Attempted", "attempt_failed", null, "Delivery attempted"],
  ["state:Card Left", "available_for_pickup", null, "Card left, awaiting collection"],
  ["state:Left with Agent", "available_for_pickup", null, "Left with agent"],
  ["state:Cancelled", "cancelled", null, "Order cancelled"],
  ["state:Unable to Book", "exception", null, "Sendle could not book the order"],
  ["state:Lost", "exception", "lost", "Parcel lost"],
  ["state:Damaged", "exception", "damaged", "Parcel damaged"],
  ["state:Return to Sender", "return_to_sender", null, "Returning to sender"],
  ["state:Returned to Sender", "returned", null, "Returned to sender"],
]);
