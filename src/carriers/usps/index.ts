/** USPS: Tracking API v3 (JSON, OAuth2 client credentials); legacy Web Tools TrackResponse XML is still read. */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createUspsClient, USPS_BASE_URL } from "./client.js";
import { parseUspsTrackResponse } from "./parse.js";
import { uspsStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "usps",
  label: "USPS",
  api: "USPS Tracking API v3",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: USPS_BASE_URL,
  statusMap: uspsStatusMap,
  parse: guardParse("usps", parseUspsTrackResponse),
  createClient: createUspsClient,
  trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
});
