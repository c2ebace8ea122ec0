/**
 * Chronopost tracking event codes (`events/code` of TrackingServiceWS trackSkybillV2). Chronopost does not
 * publish its full code list openly; these are the codes whose meaning Chronopost states in its own event
 * labels (English labels with language=en_GB). Unlisted codes stay unmapped and are counted.
 * Every row: [code, status, substatus, Chronopost's label].
 */
import { statusMapFromRows } from "../shared/index.js";

export const chronopostStatusMap = statusMapFromRows([
  ["DC", "info_received", "label_created", "Shipment in preparation to be shipped"],
  ["DB", "in_transit", "picked_up", "Shipment handed over by shipper"],
  ["DY", "in_transit", "picked_up", "Parcel registered by the post office"],
  ["PC", "in_transit", "picked_up", "Shipment picked up by Chronopost"],
  ["SC", "in_transit", "departed_facility", "Sorted at departure location"],
  ["TS", "in_transit", null, "Shipment in transit"],
  ["SD", "in_transit", "arrived_at_facility", "Sorted at delivery location"],
  ["TA", "out_for_delivery", null, "Shipment in delivery to the consignee"],
  ["D", "delivered", null, "Delivered"],
]);
