/** TNT Express: ExpressConnect Tracking v3.1 (XML over form POST, HTTP Basic auth). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createTntClient, TNT_BASE_URL } from "./client.js";
import { parseTntTrackResponse } from "./parse.js";
import { tntStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "tnt",
  label: "TNT Express",
  api: "TNT ExpressConnect Tracking v3.1",
  auth: "basic",
  defaultBaseUrl: TNT_BASE_URL,
  statusMap: tntStatusMap,
  parse: guardParse("tnt", parseTntTrackResponse),
  createClient: createTntClient,
  trackingUrl: (n) =>
    `https://www.tnt.com/express/en_gb/site/shipping-tools/tracking.html?searchType=con&cons=${encodeURIComponent(n)}`,
});
