/**
 * GLS status map (Track And Trace API v1, api.gls-group.net). Keys:
 * - "status:X": the parcel's current `status` enum, as the OpenAPI ParcelDTO documents it (12 values).
 * - "CATEGORY.REASON": event `code`s ("DELIVD.PARCELSHOP"); the full code is looked up first.
 * - "category:X": the part before the dot, the fallback for reasons not listed here.
 * Every row: [key, status, substatus, GLS's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const glsStatusMap = statusMapFromRows([
  // Parcel status (ParcelDTO.status)
  ["status:PLANNEDPICKUP", "info_received", "awaiting_pickup", "Parcel is planned to be picked up"],
  ["status:INPICKUP", "info_received", "awaiting_pickup", "Parcel will be picked up by a driver"],
  ["status:NOTPICKEDUP", "exception", "carrier_delay", "Parcel was not picked up"],
  [
    "status:PREADVICE",
    "info_received",
    "label_created",
    "GLS has received the parcel data but not the physical parcel",
  ],
  ["status:INTRANSIT", "in_transit", null, "Parcel is on its way to the final depot"],
  ["status:INWAREHOUSE", "in_transit", "arrived_at_facility", "Parcel is in warehouse"],
  ["status:INDELIVERY", "out_for_delivery", null, "Parcel is in delivery by a driver"],
  [
    "status:DELIVEREDPS",
    "available_for_pickup",
    null,
    "Parcel delivered to a parcel shop (waiting for the consignee)",
  ],
  ["status:DELIVERED", "delivered", null, "Parcel was delivered"],
  ["status:NOTDELIVERED", "attempt_failed", null, "Parcel was not delivered"],
  ["status:CANCELED", "cancelled", null, "Parcel was cancelled"],
  // FINAL closes the history whatever happened last; the parser prefers the newest event's status.
  ["status:FINAL", "expired", null, "Parcel history closed"],
  // Event codes (EventDTO.code)
  [
    "INTIAL.PREADVICE",
    "info_received",
    "label_created",
    "The parcel data was entered into the GLS IT system; the parcel was not yet handed over to GLS",
  ],
  [
    "INTIAL.E48_DATA",
    "info_received",
    "awaiting_pickup",
    "The parcel was provided by the sender for collection by GLS",
  ],
  ["INTIAL.NORMAL", "in_transit", "picked_up", "The parcel was handed over to GLS"],
  ["INBOUD.NORMAL", "in_transit", "arrived_at_facility", "The parcel has reached the parcel center"],
  ["OUTBOD.NORMAL", "in_transit", "departed_facility", "The parcel has left the parcel center"],
  ["OUTDEL.NORMAL", "out_for_delivery", null, "The parcel is expected to be delivered during the day"],
  ["DELIVD.NORMAL", "delivered", null, "The parcel has been delivered"],
  ["DELIVD.PARCELSHOP", "available_for_pickup", null, "The parcel has been delivered at the ParcelShop"],
  [
    "DELIVD.DEL_BY_PSAPP",
    "delivered",
    "picked_up_by_customer",
    "The parcel has been handed out at the ParcelShop",
  ],
  // Event categories (the part before the dot)
  ["category:INTIAL", "info_received", null, "Initial data / handover"],
  ["category:INBOUD", "in_transit", "arrived_at_facility", "Inbound scan at a GLS depot"],
  ["category:OUTBOD", "in_transit", "departed_facility", "Outbound scan at a GLS depot"],
  ["category:OUTDEL", "out_for_delivery", null, "Out for delivery"],
  ["category:DELIVD", "delivered", null, "Delivered"],
]);
