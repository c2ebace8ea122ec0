/**
 * Royal Mail Tracking API v2 status map. Keys:
 * - the `eventCode` of an event (EV…): the codes Royal Mail's responses and public integrations document;
 * - "category:X": the summary `statusCategory`, used for the current status and for event codes not listed here.
 * Every row: [key, status, substatus, Royal Mail's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const royalMailStatusMap = statusMapFromRows([
  ["EVAIP", "info_received", "label_created", "Sender despatching item"],
  ["EVODO", "in_transit", "departed_facility", "Item despatched to delivery office"],
  ["EVNMI", "in_transit", "forwarded", "Forwarded - Mis-sort"],
  ["EVGPD", "out_for_delivery", null, "Due to be delivered today"],
  ["EVKNA", "attempt_failed", "recipient_unavailable", "Delivery attempted - no answer"],
  ["EVNSR", "attempt_failed", null, "Item prepared for redelivery"],
  ["EVNDA", "available_for_pickup", null, "Available for redelivery or collection"],
  ["EVKSP", "delivered", "signed", "Delivered and signed for"],
  ["EVKSF", "delivered", "left_at_door", "Delivered to safeplace"],
  [
    "category:PRE-ADVICE",
    "info_received",
    "label_created",
    "Royal Mail has the sender's electronic information",
  ],
  ["category:IN TRANSIT", "in_transit", null, "The item is in transit"],
  ["category:OUT FOR DELIVERY", "out_for_delivery", null, "The item is out for delivery"],
  ["category:ATTEMPTED DELIVERY", "attempt_failed", null, "Delivery was attempted"],
  [
    "category:AWAITING COLLECTION",
    "available_for_pickup",
    null,
    "Waiting at a delivery office or Post Office for collection",
  ],
  ["category:DELIVERED", "delivered", null, "The item has been delivered"],
  ["category:RETURNED", "returned", null, "The item has been returned to the sender"],
  ["category:EXCEPTION", "exception", null, "There is a problem with the item"],
]);
