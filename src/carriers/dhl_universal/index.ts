/** DHL Shipment Tracking – Unified API (all DHL business units behind one JSON API, API-key auth). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createDhlUniversalClient, DHL_UNIVERSAL_BASE_URL } from "./client.js";
import { parseDhlUniversalResponse } from "./parse.js";
import { dhlUniversalStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "dhl_universal",
  label: "DHL (Unified Tracking)",
  api: "DHL Shipment Tracking - Unified API v1",
  auth: "api_key",
  defaultBaseUrl: DHL_UNIVERSAL_BASE_URL,
  statusMap: dhlUniversalStatusMap,
  parse: guardParse("dhl_universal", parseDhlUniversalResponse),
  createClient: createDhlUniversalClient,
  trackingUrl: (n) =>
    `https://www.dhl.com/global-en/home/tracking.html?tracking-id=${encodeURIComponent(n)}&submit=1`,
});
