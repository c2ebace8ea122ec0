/**
 * Purolator status map, keyed by the `ScanType` enumeration of the Tracking web service (TrackingService v1,
 * `Scan/ScanType`). Purolator reduces every scan to these types; the wording is in `Description`.
 * Every row: [ScanType, status, substatus, Purolator's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const purolatorStatusMap = statusMapFromRows([
  ["Undefined", "pending", null, "Scan without a type"],
  ["Other", "in_transit", null, "Any other scan (sorting, transfer, new tracking number assigned, …)"],
  ["ProofOfPickUp", "in_transit", "picked_up", "Proof of pickup: Purolator has the shipment"],
  ["OnDelivery", "out_for_delivery", null, "On vehicle for delivery"],
  ["Delivery", "delivered", null, "Delivered (DeliveryScan: signature and receiver)"],
  ["Undeliverable", "attempt_failed", null, "Delivery attempted; shipment undeliverable for now"],
]);
