/**
 * USPS international (Priority Mail Express International, First-Class Package International…): the same
 * USPS Tracking API v3 and parser as usps, reported under its own id so sellers can tell the services apart.
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createUspsClient, USPS_BASE_URL } from "../usps/client.js";
import { createUspsParser } from "../usps/parse.js";
import { uspsStatusMap } from "../usps/status-map.js";

export default defineCarrier({
  id: "usps_international",
  label: "USPS International",
  api: "USPS Tracking API v3",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: USPS_BASE_URL,
  statusMap: uspsStatusMap,
  parse: guardParse("usps_international", createUspsParser("usps_international")),
  createClient: createUspsClient,
  trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
});
