/**
 * Amazon Shipping API v2 status map. Keys:
 * - event codes of `eventHistory[].eventCode` as given ("OutForDelivery"): Amazon's EventCode enum, plus the
 *   older/extended codes carriers on Amazon Shipping report (karrio's table lists them);
 * - "status:<Status>": `summary.status` of the getTracking payload;
 * - "detail:<DetailCode>": `summary.trackingDetailCodes.forward/returns[]`, the reason refining the summary.
 * Every row: [key, status, substatus, Amazon's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const amazonShippingStatusMap = statusMapFromRows([
  // eventCode (EventCode enum)
  [
    "ReadyForReceive",
    "info_received",
    "awaiting_pickup",
    "Ready for receive: package ready to be handed over",
  ],
  ["PickupDone", "in_transit", "picked_up", "Pickup done"],
  ["Departed", "in_transit", "departed_facility", "Departed a facility"],
  ["ArrivedAtCarrierFacility", "in_transit", "arrived_at_facility", "Arrived at a carrier facility"],
  ["OutForDelivery", "out_for_delivery", null, "Out for delivery"],
  ["DeliveryAttempted", "attempt_failed", null, "Delivery attempted"],
  ["Delivered", "delivered", null, "Delivered"],
  ["AvailableForPickup", "available_for_pickup", null, "Available for pickup"],
  ["Lost", "exception", "lost", "Lost"],
  ["Rejected", "exception", "refused", "Rejected by the recipient"],
  ["Undeliverable", "exception", null, "Undeliverable"],
  ["PickupCancelled", "cancelled", null, "Pickup cancelled"],
  ["ReturnInitiated", "return_to_sender", null, "Return initiated"],
  // further event codes reported through Amazon Shipping
  ["LabelCreated", "info_received", "label_created", "Label created"],
  ["Manifested", "info_received", "label_created", "Manifested"],
  ["PickedUp", "in_transit", "picked_up", "Picked up"],
  ["InTransit", "in_transit", null, "In transit"],
  ["DepartedCarrierFacility", "in_transit", "departed_facility", "Departed a carrier facility"],
  ["ArrivedAtDeliveryStation", "in_transit", "arrived_at_facility", "Arrived at the delivery station"],
  ["ArrivedAtLocalFacility", "in_transit", "arrived_at_facility", "Arrived at the local facility"],
  ["Delayed", "in_transit", "delayed", "Delayed"],
  ["WeatherDelay", "exception", "weather_delay", "Weather delay"],
  ["OnHold", "exception", null, "On hold"],
  ["PaymentNotReady", "attempt_failed", null, "Payment (cash on delivery) not ready"],
  ["AddressNotFound", "exception", "address_issue", "Address not found"],
  ["BusinessClosed", "attempt_failed", "business_closed", "Business closed"],
  ["CustomerUnavailable", "attempt_failed", "recipient_unavailable", "Customer unavailable"],
  ["UnableToAccess", "attempt_failed", "access_problem", "Unable to access the delivery location"],
  ["UnableToContactRecipient", "attempt_failed", "recipient_unavailable", "Unable to contact the recipient"],
  ["CancelledByRecipient", "exception", "refused", "Cancelled by the recipient"],
  ["Damaged", "exception", "damaged", "Damaged"],
  // events with shipmentType RETURNS (the return leg)
  ["returns:Delivered", "returned", null, "Return leg delivered: back at the sender"],
  ["returns:*", "return_to_sender", null, "Any other event of the return leg"],
  // summary.status (Status enum)
  ["status:PreTransit", "info_received", "label_created", "Pre-transit"],
  ["status:InTransit", "in_transit", null, "In transit"],
  ["status:OutForDelivery", "out_for_delivery", null, "Out for delivery"],
  ["status:DeliveryAttempted", "attempt_failed", null, "Delivery attempted"],
  ["status:AvailableForPickup", "available_for_pickup", null, "Available for pickup"],
  ["status:Delivered", "delivered", null, "Delivered"],
  ["status:Lost", "exception", "lost", "Lost"],
  ["status:Rejected", "exception", "refused", "Rejected"],
  ["status:Undeliverable", "exception", null, "Undeliverable"],
  ["status:PickupCancelled", "cancelled", null, "Pickup cancelled"],
  ["status:ReturnInitiated", "return_to_sender", null, "Return initiated"],
  // summary.trackingDetailCodes (DetailCodes enum)
  ["detail:BusinessClosed", "attempt_failed", "business_closed", "Business closed"],
  ["detail:CustomerUnavailable", "attempt_failed", "recipient_unavailable", "Customer unavailable"],
  ["detail:PaymentNotReady", "attempt_failed", null, "Payment not ready"],
  ["detail:OtpNotAvailable", "attempt_failed", null, "One-time password not available"],
  ["detail:DeliveryAttempted", "attempt_failed", null, "Delivery attempted"],
  ["detail:UnableToAccess", "attempt_failed", "access_problem", "Unable to access"],
  [
    "detail:UnableToContactRecipient",
    "attempt_failed",
    "recipient_unavailable",
    "Unable to contact the recipient",
  ],
  ["detail:DeliveredToBehindWheelieBin", "delivered", "left_at_door", "Delivered behind the wheelie bin"],
  ["detail:DeliveredToDoorStep", "delivered", "left_at_door", "Delivered to the doorstep"],
  ["detail:DeliveredToGarage", "delivered", "left_at_door", "Delivered to the garage"],
  ["detail:DeliveredToGarden", "delivered", "left_at_door", "Delivered to the garden"],
  ["detail:DeliveredToGreenhouse", "delivered", "left_at_door", "Delivered to the greenhouse"],
  ["detail:DeliveredToMailSlot", "delivered", "left_at_door", "Delivered through the mail slot"],
  ["detail:DeliveredToMailRoom", "delivered", null, "Delivered to the mail room"],
  ["detail:DeliveredToNeighbor", "delivered", "to_neighbor", "Delivered to a neighbor"],
  ["detail:DeliveredToRearDoor", "delivered", "left_at_door", "Delivered to the rear door"],
  ["detail:DeliveredToReceptionist", "delivered", "signed", "Delivered to the receptionist"],
  ["detail:DeliveredToShed", "delivered", "left_at_door", "Delivered to the shed"],
  ["detail:Signed", "delivered", "signed", "Signed for"],
  ["detail:Damaged", "exception", "damaged", "Damaged"],
  ["detail:IncorrectItems", "exception", "refused", "Rejected: incorrect items"],
  ["detail:NotRequired", "exception", "refused", "Rejected: not required"],
  ["detail:Rejected", "exception", "refused", "Rejected"],
  [
    "detail:RejectedByRecipientWithVerification",
    "exception",
    "refused",
    "Rejected by the recipient (verified)",
  ],
  ["detail:CancelledByRecipient", "exception", "refused", "Cancelled by the recipient"],
  ["detail:AddressNotFound", "exception", "address_issue", "Address not found"],
  ["detail:HazmatShipment", "exception", null, "Hazmat shipment"],
  ["detail:Undeliverable", "exception", null, "Undeliverable"],
]);
