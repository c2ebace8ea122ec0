/** Canpar Express: Canpar web services (SOAP 1.2 `trackByBarcode`, user id and password in the request). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { CANPAR_BASE_URL, createCanparClient } from "./client.js";
import { parseCanparTrackResponse } from "./parse.js";
import { canparStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "canpar",
  label: "Canpar Express",
  api: "Canpar web services (CanparAddonsService trackByBarcode, SOAP 1.2)",
  auth: "user_password",
  defaultBaseUrl: CANPAR_BASE_URL,
  statusMap: canparStatusMap,
  parse: guardParse("canpar", parseCanparTrackResponse),
  createClient: createCanparClient,
  trackingUrl: (n) =>
    `https://www.canpar.com/en/tracking/delivery_options.htm?barcode=${encodeURIComponent(n)}`,
});
