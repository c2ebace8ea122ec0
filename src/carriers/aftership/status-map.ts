/**
 * AfterShip status map. AfterShip tags every checkpoint and tracking with a `tag` (9 delivery statuses) and a
 * `subtag` ("InTransit_004": the reason within the tag). Keys:
 * - "<Tag>_<NNN>": the subtag, looked up first;
 * - "tag:<Tag>": the tag, the fallback for a subtag AfterShip adds later.
 * Every row: [key, status, substatus, AfterShip's subtag message / meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const aftershipStatusMap = statusMapFromRows([
  // tags
  ["tag:Pending", "pending", null, "Pending: new tracking, no information from the carrier yet"],
  [
    "tag:InfoReceived",
    "info_received",
    "label_created",
    "Info Received: carrier has the shipper's request, about to pick up",
  ],
  ["tag:InTransit", "in_transit", null, "In Transit: carrier has accepted or picked up the shipment"],
  ["tag:OutForDelivery", "out_for_delivery", null, "Out for Delivery"],
  [
    "tag:AttemptFail",
    "attempt_failed",
    null,
    "Failed Attempt: carrier attempted delivery and will usually retry",
  ],
  ["tag:Delivered", "delivered", null, "Delivered"],
  ["tag:AvailableForPickup", "available_for_pickup", null, "Available for Pickup at a pickup point"],
  [
    "tag:Exception",
    "exception",
    null,
    "Exception: customs hold, undelivered, returned or another shipping exception",
  ],
  ["tag:Expired", "expired", null, "Expired: no tracking information for 30 days since added"],
  // Pending: AfterShip's reason codes for "nothing from the carrier yet" (all mean pending)
  ["Pending_001", "pending", null, "Pending: no information yet on the shipment"],
  ["Pending_002", "pending", null, "Pending (AfterShip reason 002): carrier has no information yet"],
  ["Pending_003", "pending", null, "Pending (AfterShip reason 003): carrier has no information yet"],
  ["Pending_004", "pending", null, "Pending (AfterShip reason 004): carrier has no information yet"],
  ["Pending_005", "pending", null, "Pending (AfterShip reason 005): carrier has no information yet"],
  ["Pending_006", "pending", null, "Pending (AfterShip reason 006): carrier has no information yet"],
  ["InfoReceived_001", "info_received", "label_created", "Info Received"],
  ["InTransit_001", "in_transit", null, "In Transit: shipment on the way"],
  ["InTransit_002", "in_transit", "picked_up", "Acceptance scan: shipment accepted by the carrier"],
  ["InTransit_003", "in_transit", "arrived_at_facility", "Arrival scan: arrived at a hub or sorting center"],
  ["InTransit_004", "in_transit", "arrived_destination_country", "Arrived at destination country/region"],
  ["InTransit_005", "in_transit", "customs_cleared", "Customs clearance completed"],
  ["InTransit_006", "in_transit", "customs_started", "Customs clearance started"],
  ["InTransit_007", "in_transit", "departed_facility", "Departure scan: departed the facility"],
  ["InTransit_008", "in_transit", null, "Problem resolved: shipment in transit again"],
  ["InTransit_009", "in_transit", "forwarded", "Forwarded to a different delivery address"],
  ["OutForDelivery_001", "out_for_delivery", null, "Out for Delivery"],
  ["OutForDelivery_003", "out_for_delivery", null, "Customer contacted before the final delivery"],
  ["OutForDelivery_004", "out_for_delivery", null, "Delivery appointment scheduled"],
  ["AttemptFail_001", "attempt_failed", null, "Failed Attempt: notice left, carrier will retry"],
  ["AttemptFail_002", "attempt_failed", "recipient_unavailable", "Addressee not available"],
  ["AttemptFail_003", "attempt_failed", "business_closed", "Business closed at the time of delivery"],
  ["Delivered_001", "delivered", null, "Delivered: shipment delivered successfully"],
  ["Delivered_002", "delivered", "picked_up_by_customer", "Picked up by the customer"],
  ["Delivered_003", "delivered", "signed", "Signed by customer"],
  ["Delivered_004", "delivered", null, "Delivered and cash collected on delivery"],
  ["Delivered_005", "delivered", "to_neighbor", "Delivered to a neighbor"],
  ["AvailableForPickup_001", "available_for_pickup", null, "Available for pickup at a pickup point"],
  ["Exception_001", "exception", null, "Exception: delivery failed due to a shipping exception"],
  ["Exception_002", "exception", "address_issue", "Customer moved"],
  ["Exception_003", "exception", "refused", "Customer refused delivery"],
  ["Exception_004", "exception", "held_customs", "Delayed (customs clearance)"],
  ["Exception_005", "exception", "carrier_delay", "Delayed (external factors)"],
  ["Exception_006", "exception", "held_payment", "Held for payment"],
  ["Exception_007", "exception", "address_issue", "Incorrect address"],
  ["Exception_008", "exception", null, "Pick up missed: not collected from the pickup point"],
  ["Exception_009", "exception", null, "Rejected by carrier"],
  ["Exception_010", "return_to_sender", null, "Returning to sender"],
  ["Exception_011", "returned", null, "Returned to sender"],
  ["Exception_012", "exception", "damaged", "Shipment damaged"],
  ["Exception_013", "exception", "lost", "Shipment lost"],
  [
    "Exception_016",
    "exception",
    "carrier_delay",
    "Delayed (processing issue: vehicle, sorting error, misroute)",
  ],
  ["Exception_017", "exception", "weather_delay", "Delayed (extreme weather)"],
  ["Exception_018", "exception", "held_customs", "Incorrect / missing documents for regulatory agencies"],
  ["Expired_001", "expired", null, "Expired: no tracking information for 30 days"],
]);
