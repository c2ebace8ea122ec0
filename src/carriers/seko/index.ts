/** SEKO Logistics: OmniParcel tracking API (`labels/statusv2`, JSON, `access_key` header). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createSekoClient, SEKO_BASE_URL } from "./client.js";
import { parseSekoTracking } from "./parse.js";
import { sekoStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "seko",
  label: "SEKO Logistics",
  api: "SEKO OmniParcel Tracking API (labels/statusv2)",
  auth: "api_key",
  defaultBaseUrl: SEKO_BASE_URL,
  statusMap: sekoStatusMap,
  parse: guardParse("seko", parseSekoTracking),
  createClient: createSekoClient,
  trackingUrl: (n) => `https://track.omniparcel.com/${encodeURIComponent(n)}`,
});
