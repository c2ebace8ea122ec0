/**
 * DPD status map for the DPD Web Services ParcelLifeCycleService 2.0 (`getTrackingData`): keys are the
 * `statusInfo/status` values (and `shipmentInfo/status`). DPD's responses use the parcel life-cycle names below;
 * the upper-case milestone names are the older variant of the same service.
 * Every row: [status value, status, substatus, DPD's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const dpdStatusMap = statusMapFromRows([
  ["SHIPMENT", "info_received", "label_created", "Shipment data received by DPD"],
  ["PickedUp", "in_transit", "picked_up", "DPD has received your parcel"],
  ["BetweenDepots", "in_transit", null, "In transit: the parcel is at the parcel dispatch centre"],
  ["Depot", "in_transit", "arrived_at_facility", "At the parcel delivery centre"],
  [
    "Courier",
    "out_for_delivery",
    null,
    "The parcel has left the parcel delivery centre and is on its way to the consignee",
  ],
  ["DeliveryFailure", "attempt_failed", null, "Unfortunately we have not been able to deliver your parcel"],
  [
    "ReturningFromDelivery",
    "attempt_failed",
    null,
    "After an unsuccessful delivery attempt the parcel is back at the recipient depot",
  ],
  [
    "ParcelShop",
    "available_for_pickup",
    null,
    "Delivered by driver to a Pickup parcelshop, ready for collection",
  ],
  ["Delivered", "delivered", null, "Parcel delivered"],
  ["ACCEPTED", "in_transit", "picked_up", "Parcel handed to DPD"],
  ["AT_SENDING_DEPOT", "in_transit", "arrived_at_facility", "At the sending depot"],
  ["ON_THE_ROAD", "in_transit", null, "On the road between depots"],
  ["AT_DELIVERY_DEPOT", "in_transit", "arrived_at_facility", "At the delivery depot"],
  ["DELIVERED", "delivered", null, "Parcel delivered"],
]);
