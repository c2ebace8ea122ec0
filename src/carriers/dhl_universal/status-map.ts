/**
 * DHL Shipment Tracking – Unified API status map. Keys are the `statusCode` enum DHL publishes for a shipment
 * status and for each event (OpenAPI `supermodelIoLogisticsTrackingShipmentEvent.statusCode`): the API reduces
 * every business unit's scans to these five values and carries the unit's own wording in `status`/`description`.
 * (`statusDetailed` exists in newer responses, but DHL publishes no fixed vocabulary for it, so it is not mapped.)
 * Every row: [key, status, substatus, DHL's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const dhlUniversalStatusMap = statusMapFromRows([
  [
    "pre-transit",
    "info_received",
    "label_created",
    "Shipment data received; DHL does not have the shipment yet",
  ],
  ["transit", "in_transit", null, "Shipment is in transit"],
  ["delivered", "delivered", null, "Shipment delivered"],
  ["failure", "exception", null, "Delivery failed, or a problem stopped the shipment"],
  ["unknown", "pending", null, "Status unknown: the business unit gave nothing usable"],
]);
