/** bpost (Belgium): track & trace item API `trackedmail/item/{itemCode}/trackingInfo` (XML, HTTP Basic). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { BPOST_BASE_URL, createBpostClient } from "./client.js";
import { parseBpostTrackingInfo } from "./parse.js";
import { bpostStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "bpost",
  label: "bpost",
  api: "bpost track & trace (GET /services/trackedmail/item/{itemCode}/trackingInfo, XML)",
  auth: "basic",
  defaultBaseUrl: BPOST_BASE_URL,
  statusMap: bpostStatusMap,
  parse: guardParse("bpost", parseBpostTrackingInfo),
  createClient: createBpostClient,
  trackingUrl: (n) => `https://track.bpost.cloud/btr/web/#/search?itemCode=${encodeURIComponent(n)}&lang=en`,
});
