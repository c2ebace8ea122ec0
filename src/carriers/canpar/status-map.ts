/**
 * Canpar status map, keyed by the tracking event `code` of the Canpar web services (`TrackingEvent.code`, the
 * three-to-five letter scan codes behind `code_description_en`). Canpar does not publish the full table; the
 * rows are the codes its responses show (wording quoted from `code_description_en`) and the exception codes
 * public integrations (karrio's Canpar incident table) list. The result-level `delivered` flag backs up unknown codes.
 * Every row: [code, status, substatus, meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const canparStatusMap = statusMapFromRows([
  ["PIC", "in_transit", "picked_up", "PICKUP FROM CUSTOMER/SHIPPER"],
  ["ARR", "in_transit", "arrived_at_facility", "ARRIVAL AT HUB/TERMINAL FROM BULK/CITY TRAILER"],
  ["INO", "in_transit", "forwarded", "INTERLINE OUTBOUND (handed to a partner carrier for the last leg)"],
  ["INA", "in_transit", "arrived_at_facility", "ARRIVAL AT INTERLINE"],
  ["DEL", "delivered", null, "DELIVERED"],
  ["DMG", "exception", "damaged", "Damaged"],
  ["DAMAGE", "exception", "damaged", "Damaged"],
  ["MISROUTE", "exception", "missorted", "Misrouted"],
  ["LOST", "exception", "lost", "Lost"],
  ["DELAY", "in_transit", "delayed", "Delayed (vehicle or linehaul problem)"],
  ["REFUSED", "exception", "refused", "Refused by consignee"],
  ["REF", "exception", "refused", "Refused by consignee"],
  ["CLOSED", "attempt_failed", "business_closed", "Consignee closed"],
  ["NOTHOME", "attempt_failed", "recipient_unavailable", "Consignee not home"],
  ["NH", "attempt_failed", "recipient_unavailable", "Consignee not home"],
  ["BADADDR", "exception", "address_issue", "Bad address"],
  ["INCORRECT", "exception", "address_issue", "Incorrect address"],
  ["NOACCESS", "attempt_failed", "access_problem", "No access to the delivery point"],
  ["CUSTOMS", "exception", "held_customs", "Customs delay"],
  ["CUSTOMSHOLD", "exception", "held_customs", "Held by customs"],
  ["CUSTOMSDOC", "exception", "held_customs", "Customs documentation required"],
  ["WEATHER", "exception", "weather_delay", "Weather delay"],
  ["HOLD", "exception", null, "On hold"],
  ["ONHOLD", "exception", null, "On hold"],
  ["UNDELIVERABLE", "exception", null, "Undeliverable"],
]);
