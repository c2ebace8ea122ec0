/**
 * Hermes Germany: the Hermes Shipping Interface (HSI) Shipment Info API (`GET /services/hsi/shipmentinfo`,
 * JSON, OAuth 2.0 password grant). Chosen over Evri (Hermes UK) because it is the one with a published,
 * current specification (HSI OpenAPI "Shipment Info API", version 2025-12-08) and event-code list; Evri's
 * client tracking API is only documented behind its developer portal login.
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createHermesClient, HERMES_BASE_URL } from "./client.js";
import { parseHermesShipmentInfo } from "./parse.js";
import { hermesStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "hermes",
  label: "Hermes Germany",
  api: "Hermes HSI Shipment Info API (GET /services/hsi/shipmentinfo)",
  auth: "oauth2_password",
  defaultBaseUrl: HERMES_BASE_URL,
  statusMap: hermesStatusMap,
  parse: guardParse("hermes", parseHermesShipmentInfo),
  createClient: createHermesClient,
  trackingUrl: (n) =>
    `https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#${encodeURIComponent(n)}`,
});
