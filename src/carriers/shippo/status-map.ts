/**
 * Shippo status map. Shippo normalizes each carrier into `tracking_status.status` (6 values, keys as given:
 * "TRANSIT") and `tracking_status.substatus.code` (the reason, keys "sub:<code>"). The parser maps the status and
 * refines it with the substatus (see `mapShippoStatus`). Every row: [key, status, substatus, Shippo's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const shippoStatusMap = statusMapFromRows([
  ["UNKNOWN", "pending", null, "Unknown: the carrier has no information for this number yet"],
  [
    "PRE_TRANSIT",
    "info_received",
    "label_created",
    "Pre-transit: label created, not yet handed to the carrier",
  ],
  ["TRANSIT", "in_transit", null, "In transit"],
  ["DELIVERED", "delivered", null, "Delivered"],
  ["RETURNED", "return_to_sender", null, "Returned: being returned (or returned) to the sender"],
  ["FAILURE", "exception", null, "Failure: delivery failed or the package is stuck"],
  // substatus.code
  ["sub:information_received", "info_received", "label_created", "Information received: label created"],
  [
    "sub:address_issue",
    "exception",
    "address_issue",
    "Address information is incorrect; contact the carrier",
  ],
  ["sub:contact_carrier", "exception", null, "Contact the carrier for more information"],
  ["sub:delayed", "in_transit", "delayed", "Delivery delayed"],
  ["sub:delivery_attempted", "attempt_failed", null, "Delivery attempted"],
  ["sub:delivery_rescheduled", "in_transit", "delayed", "Delivery rescheduled"],
  ["sub:delivery_scheduled", "in_transit", null, "Delivery scheduled"],
  [
    "sub:location_inaccessible",
    "attempt_failed",
    "access_problem",
    "Delivery location inaccessible to the carrier",
  ],
  ["sub:notice_left", "attempt_failed", "recipient_unavailable", "Notice left during an attempted delivery"],
  ["sub:out_for_delivery", "out_for_delivery", null, "Out for delivery"],
  ["sub:package_accepted", "in_transit", "picked_up", "Accepted into the carrier network"],
  ["sub:package_arrived", "in_transit", "arrived_at_facility", "Arrived at an intermediate location"],
  ["sub:package_damaged", "exception", "damaged", "Package damaged"],
  ["sub:package_departed", "in_transit", "departed_facility", "Departed an intermediate location"],
  ["sub:package_forwarded", "in_transit", "forwarded", "Forwarded"],
  ["sub:package_held", "exception", null, "Held by the carrier"],
  ["sub:package_in_local_area", "in_transit", "arrived_at_facility", "At a location near the destination"],
  ["sub:package_processed", "in_transit", null, "Processed at an intermediate location"],
  ["sub:package_processing", "in_transit", null, "Processing at an intermediate location"],
  ["sub:package_unclaimed", "exception", null, "Unclaimed at the pickup location"],
  ["sub:package_undeliverable", "exception", null, "Undeliverable"],
  ["sub:package_disposed", "exception", "lost", "Disposed of by the carrier"],
  ["sub:package_lost", "exception", "lost", "Lost"],
  ["sub:pickup_available", "available_for_pickup", null, "Available for pickup at a carrier location"],
  ["sub:reschedule_delivery", "exception", null, "Recipient must reschedule delivery"],
  ["sub:return_to_sender", "return_to_sender", null, "Being returned to the sender"],
  ["sub:returned_to_sender", "return_to_sender", null, "Returned to sender"],
  ["sub:delivered", "delivered", null, "Delivered"],
  ["sub:other", "in_transit", null, "Other carrier update"],
]);
