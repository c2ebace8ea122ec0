/** DHL Express: MyDHL API tracking (JSON, Basic auth); legacy XML-PI TrackingResponse is still read. */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createDhlExpressClient, DHL_EXPRESS_BASE_URL } from "./client.js";
import { parseDhlExpressTrackingResponse } from "./parse.js";
import { dhlExpressStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "dhl_express",
  label: "DHL Express",
  api: "MyDHL API (tracking)",
  auth: "basic",
  defaultBaseUrl: DHL_EXPRESS_BASE_URL,
  statusMap: dhlExpressStatusMap,
  parse: guardParse("dhl_express", parseDhlExpressTrackingResponse),
  createClient: createDhlExpressClient,
  trackingUrl: (n) =>
    `https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=${encodeURIComponent(n)}`,
});
