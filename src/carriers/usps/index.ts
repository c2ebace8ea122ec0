/**
 * USPS: Tracking API v3 (JSON, OAuth2 client credentials); legacy Web Tools TrackResponse XML is still read.
 * Subscriptions - Tracking pushes (subscriptions by tracking number, signed notifications).
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createUspsClient, USPS_BASE_URL } from "./client.js";
import { parseUspsTrackResponse } from "./parse.js";
import { uspsStatusMap } from "./status-map.js";
import { uspsWebhook } from "./webhook.js";

export default defineCarrier({
  id: "usps",
  label: "USPS",
  api: "USPS Tracking API v3",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: USPS_BASE_URL,
  statusMap: uspsStatusMap,
  parse: guardParse("usps", parseUspsTrackResponse),
  createClient: createUspsClient,
  webhook: uspsWebhook,
  pushApi: "USPS Subscriptions - Tracking",
  trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
});
