/**
 * X12 214 (Transportation Carrier Shipment Status Message) codes → Shipwatch statuses, as data.
 * AT701 is the Shipment Status Code (X12 element 1650); AT702 the Shipment Status or Appointment Reason Code
 * (element 1651). The status code says what happened; a reason other than NS (normal) says why it went wrong
 * and, for problems, decides the sub-status (a delivered status is never overridden by a reason).
 */
import type { Status } from "../../core/status.js";

type Row = readonly [status: Status, substatus: string | null, meaning: string];

/** AT701 Shipment Status Code. */
export const AT7_STATUS_CODES: Readonly<Record<string, Row>> = {
  XB: ["info_received", "label_created", "Shipment acknowledged"],
  X3: ["info_received", "awaiting_pickup", "Arrived at pick-up location"],
  AA: ["info_received", "awaiting_pickup", "Pick-up appointment date and/or time"],
  AF: ["in_transit", "picked_up", "Carrier departed pick-up location with shipment"],
  CP: ["in_transit", "picked_up", "Completed loading at pick-up location"],
  L1: ["in_transit", "picked_up", "Loading"],
  I1: ["in_transit", "arrived_at_facility", "In-gate"],
  X4: ["in_transit", "arrived_at_facility", "Arrived at terminal location"],
  P1: ["in_transit", "departed_facility", "Departed terminal location"],
  OA: ["in_transit", "departed_facility", "Out-gate"],
  X6: ["in_transit", null, "En route to delivery location"],
  AR: ["in_transit", "arrived_at_facility", "Rail arrival at destination intermodal ramp"],
  J1: ["in_transit", "forwarded", "Delivered to connecting line"],
  AN: ["in_transit", "forwarded", "Diverted to air carrier"],
  K1: ["in_transit", "customs_started", "Arrived at customs"],
  CA: ["cancelled", null, "Shipment cancelled"],
  SD: ["in_transit", "delayed", "Shipment delayed"],
  AG: ["in_transit", null, "Estimated delivery"],
  X2: ["in_transit", null, "Estimated date and/or time of arrival at consignee's location"],
  X9: ["in_transit", null, "Delivery appointment secured"],
  AM: ["out_for_delivery", null, "Loaded on truck"],
  OO: ["out_for_delivery", null, "Out for delivery"],
  X1: ["out_for_delivery", null, "Arrived at delivery location"],
  X5: ["out_for_delivery", null, "Arrived at delivery location loading dock"],
  AV: ["available_for_pickup", null, "Available for delivery (held for collection)"],
  AP: ["attempt_failed", null, "Delivery not completed"],
  D1: ["delivered", null, "Completed unloading at delivery location"],
  CD: ["delivered", null, "Carrier departed delivery location"],
  A7: ["exception", "refused", "Refused by consignee"],
  A9: ["exception", "damaged", "Shipment damaged"],
  S1: ["exception", null, "Trailer/shipment held (see reason)"],
  A3: ["returned", null, "Shipment returned to shipper"],
  RS: ["return_to_sender", null, "Return to shipper initiated"],
};

/** AT702 reasons that turn a status into a problem (status, sub-status); NS and unknown reasons change nothing. */
export const AT7_REASON_CODES: Readonly<Record<string, Row>> = {
  A1: ["attempt_failed", "recipient_unavailable", "Missed delivery"],
  A2: ["exception", "address_issue", "Incorrect address"],
  A5: ["exception", "lost", "Unable to locate"],
  A6: ["attempt_failed", "access_problem", "Address corrected - delivery attempted"],
  AA: ["exception", "missorted", "Mis-sort"],
  AG: ["attempt_failed", "recipient_unavailable", "Consignee related"],
  AK: ["exception", "damaged", "Damaged, rewrapped in hub"],
  AO: ["exception", "weather_delay", "Weather or natural disaster related"],
  AQ: ["attempt_failed", "recipient_unavailable", "Recipient unavailable - delivery delayed"],
  AR: ["exception", "held_customs", "Improper international paperwork"],
  AS: ["exception", "held_customs", "Hold due to customs documentation problems"],
  AF: ["exception", "carrier_delay", "Accident"],
  AH: ["exception", "carrier_delay", "Driver related"],
  AI: ["exception", "carrier_delay", "Mechanical breakdown"],
  AJ: ["exception", "carrier_delay", "Other carrier related"],
  B1: ["attempt_failed", "business_closed", "Consignee closed"],
  AN: ["attempt_failed", "business_closed", "Holiday - closed"],
  BS: ["exception", "refused", "Refused by customer"],
  BT: ["return_to_sender", null, "Returned to shipper"],
  C1: ["available_for_pickup", null, "Waiting for customer pick-up"],
  CA: ["exception", "held_customs", "Customs (import or export)"],
  B4: ["exception", "held_payment", "Held for payment"],
  C8: ["exception", "held_payment", "Collect on delivery required"],
};

/** SCAC (B10-03 / MS201) → Shipwatch carrier id, for the carriers whose 214s we map. */
export const SCAC_TO_CARRIER: Readonly<Record<string, string>> = {
  UPSN: "ups",
  UPGF: "ups",
  FDEG: "fedex",
  FDE: "fedex",
  FDEN: "fedex",
  FXFE: "fedex",
  USPS: "usps",
  DHLC: "dhl_express",
  DHLE: "dhl_express",
  ONTR: "ontrac",
  LSHP: "lasership",
  PRLA: "purolator",
  CNPR: "canpar",
};

/** AT707 time codes with a fixed offset; LT (local) and the zone names without S/D resolve from the location. */
export const AT7_TIME_CODE_OFFSETS: Readonly<Record<string, string>> = {
  UT: "+00:00",
  GM: "+00:00",
  ES: "-05:00",
  ED: "-04:00",
  CS: "-06:00",
  CD: "-05:00",
  MS: "-07:00",
  MD: "-06:00",
  PS: "-08:00",
  PD: "-07:00",
  AS: "-09:00",
  AD: "-08:00",
  HS: "-10:00",
  NS: "-03:30",
  ND: "-02:30",
};

/** The status an AT7 pair means, or null when the status code is unknown. */
export function mapAt7(
  statusCode: string,
  reasonCode: string | undefined,
): { status: Status; substatus: string | null } | null {
  const base = AT7_STATUS_CODES[statusCode];
  if (!base) return null;
  const reason = reasonCode && reasonCode !== "NS" ? AT7_REASON_CODES[reasonCode] : undefined;
  if (reason && base[0] !== "delivered" && base[0] !== "cancelled" && base[0] !== "returned")
    return { status: reason[0], substatus: reason[1] };
  return { status: base[0], substatus: base[1] };
}
