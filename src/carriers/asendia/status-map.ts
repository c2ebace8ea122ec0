/**
 * Asendia status map, for Asendia's two tracking APIs:
 * - Asendia Sync (Europe, asendia-sync.com): `trackingEvents[].code`, short codes and upper-case names
 *   ("PU", "IT", "DL", "DELIVERED", "CUSTOMS"...);
 * - Asendia US (AsendiaOne A1 API): `trackingMilestoneEvents[].eventCode`, milestones "s1"…"s10" (with lettered
 *   sub-steps "s2a"…"s2d");
 * - "text:<keyword>": the fallback for a code neither list holds, read from the event description.
 * Every row: [key, status, substatus, meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const asendiaStatusMap = statusMapFromRows([
  // Asendia Sync event codes
  ["PENDING", "pending", null, "Pending"],
  ["CREATED", "info_received", "label_created", "Parcel created"],
  ["LABEL_PRINTED", "info_received", "label_created", "Label printed"],
  ["ACCEPTED", "in_transit", "picked_up", "Accepted by Asendia"],
  ["PICKED_UP", "in_transit", "picked_up", "Picked up"],
  ["PU", "in_transit", "picked_up", "Picked up"],
  ["COLLECTED", "in_transit", "picked_up", "Collected"],
  ["COLLECTION", "in_transit", "picked_up", "Collection"],
  ["IN_TRANSIT", "in_transit", null, "In transit"],
  ["IT", "in_transit", null, "In transit"],
  ["TRANSIT", "in_transit", null, "In transit"],
  ["PROCESSED", "in_transit", "arrived_at_facility", "Processed at an Asendia facility"],
  ["ARRIVED", "in_transit", "arrived_at_facility", "Arrived at a facility"],
  ["DEPARTED", "in_transit", "departed_facility", "Departed a facility"],
  ["CUSTOMS", "in_transit", "customs_started", "In customs"],
  ["CLEARED", "in_transit", "customs_cleared", "Customs cleared"],
  ["OUT_FOR_DELIVERY", "out_for_delivery", null, "Out for delivery"],
  ["OFD", "out_for_delivery", null, "Out for delivery"],
  ["WITH_COURIER", "out_for_delivery", null, "With the delivery courier"],
  ["DELIVERED", "delivered", null, "Delivered"],
  ["DL", "delivered", null, "Delivered"],
  ["DELIVERY_CONFIRMED", "delivered", null, "Delivery confirmed"],
  ["READY_FOR_PICKUP", "available_for_pickup", null, "Ready for pickup"],
  ["PICKUP", "available_for_pickup", null, "At a pickup location"],
  ["AT_LOCATION", "available_for_pickup", null, "At the pickup location"],
  ["ON_HOLD", "exception", null, "On hold"],
  ["HELD", "exception", null, "Held"],
  ["AWAITING", "exception", null, "Awaiting information or payment"],
  ["DELAYED", "in_transit", "delayed", "Delayed"],
  ["DELAY", "in_transit", "delayed", "Delayed"],
  ["RESCHEDULED", "in_transit", "delayed", "Delivery rescheduled"],
  ["DELIVERY_FAILED", "attempt_failed", null, "Delivery failed"],
  ["FAILED", "attempt_failed", null, "Delivery failed"],
  ["UNDELIVERABLE", "exception", null, "Undeliverable"],
  ["RETURNED", "returned", null, "Returned to the sender"],
  ["RTS", "return_to_sender", null, "Return to sender"],
  ["DAMAGED", "exception", "damaged", "Damaged"],
  ["DMG", "exception", "damaged", "Damaged"],
  ["LOST", "exception", "lost", "Lost"],
  ["LP", "exception", "lost", "Lost parcel"],
  ["MISROUTED", "exception", "missorted", "Misrouted"],
  ["MSR", "exception", "missorted", "Misrouted"],
  ["ADDRESS_NOT_FOUND", "exception", "address_issue", "Address not found"],
  ["ANF", "exception", "address_issue", "Address not found"],
  ["WRONG_ADDRESS", "exception", "address_issue", "Wrong address"],
  ["IA", "exception", "address_issue", "Incorrect address"],
  ["REFUSED", "exception", "refused", "Refused by the recipient"],
  ["RJ", "exception", "refused", "Rejected by the recipient"],
  ["BUSINESS_CLOSED", "attempt_failed", "business_closed", "Business closed"],
  ["BC", "attempt_failed", "business_closed", "Business closed"],
  ["NOT_AVAILABLE", "attempt_failed", "recipient_unavailable", "Recipient not available"],
  ["NA", "attempt_failed", "recipient_unavailable", "Recipient not available"],
  ["NOT_HOME", "attempt_failed", "recipient_unavailable", "Recipient not at home"],
  ["NH", "attempt_failed", "recipient_unavailable", "Recipient not at home"],
  ["ACCESS_RESTRICTED", "attempt_failed", "access_problem", "Access restricted"],
  ["AR", "attempt_failed", "access_problem", "Access restricted"],
  ["CUSTOMS_DELAY", "exception", "held_customs", "Customs delay"],
  ["CD", "exception", "held_customs", "Customs delay"],
  ["CUSTOMS_DOCS", "exception", "held_customs", "Customs documents missing"],
  ["CM", "exception", "held_customs", "Customs documents missing"],
  ["DUTIES_UNPAID", "exception", "held_payment", "Duties unpaid"],
  ["DU", "exception", "held_payment", "Duties unpaid"],
  ["WEATHER", "exception", "weather_delay", "Weather delay"],
  ["WE", "exception", "weather_delay", "Weather delay"],
  ["NATURAL_DISASTER", "exception", "weather_delay", "Natural disaster"],
  ["ND", "exception", "weather_delay", "Natural disaster"],
  ["LATE", "in_transit", "delayed", "Late: carrier ran out of time"],
  ["NO_TIME", "in_transit", "delayed", "Carrier ran out of time"],
  ["VEHICLE_BREAKDOWN", "exception", "carrier_delay", "Vehicle breakdown"],
  ["VB", "exception", "carrier_delay", "Vehicle breakdown"],
  // Asendia US milestones
  ["s1", "info_received", "label_created", "Shipment Information Received"],
  ["s2", "in_transit", "picked_up", "Processed by Asendia"],
  ["s2a", "in_transit", "picked_up", "Processed by Asendia"],
  ["s2b", "in_transit", "arrived_at_facility", "Sorted by Asendia"],
  ["s2c", "in_transit", null, "Service dispatched by Asendia"],
  ["s2d", "in_transit", "departed_facility", "Shipment dispatched by Asendia"],
  [
    "s3",
    "in_transit",
    null,
    "In transit to the departure airport (milestone between dispatch and departure)",
  ],
  ["s4", "in_transit", "departed_facility", "Departed from USA"],
  ["s5", "in_transit", "arrived_destination_country", "Arrived in Destination Country"],
  ["s6", "in_transit", "customs_started", "In customs (milestone between arrival and customs release)"],
  ["s7", "in_transit", "customs_cleared", "Out of Customs"],
  ["s8", "in_transit", "arrived_at_facility", "Arrived at Destination Delivery Office"],
  ["s9", "out_for_delivery", null, "Out for delivery (milestone between delivery office and delivery)"],
  ["s10", "delivered", null, "Delivered"],
  // description keywords, for codes neither list holds
  ["text:returned", "return_to_sender", null, "Description mentions a return"],
  ["text:delivered", "delivered", null, "Description says delivered"],
  ["text:out for delivery", "out_for_delivery", null, "Description says out for delivery"],
  ["text:attempt", "attempt_failed", null, "Description mentions a delivery attempt"],
  ["text:hold", "exception", null, "Description mentions a hold"],
  ["text:customs", "in_transit", "customs_started", "Description mentions customs"],
  ["text:transit", "in_transit", null, "Description mentions transit"],
]);

/** The "text:" key for a description, in the order above (returns before delivered: "returned, delivered to sender"). */
export function asendiaTextKey(description: string | undefined): string | undefined {
  const d = description?.toLowerCase() ?? "";
  for (const word of ["returned", "delivered", "out for delivery", "attempt", "hold", "customs", "transit"]) {
    if (d.includes(word)) return `text:${word}`;
  }
  return undefined;
}
