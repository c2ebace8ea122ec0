/** FedEx: Track API v1 (JSON, OAuth2 client credentials); legacy TrackReply XML is still read. */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createFedexClient, FEDEX_BASE_URL } from "./client.js";
import { parseFedexTrackResponse } from "./parse.js";
import { fedexStatusMap } from "./status-map.js";
import { fedexWebhook } from "./webhook.js";

export default defineCarrier({
  id: "fedex",
  label: "FedEx",
  api: "FedEx Track API v1",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: FEDEX_BASE_URL,
  statusMap: fedexStatusMap,
  parse: guardParse("fedex", parseFedexTrackResponse),
  createClient: createFedexClient,
  webhook: fedexWebhook,
  trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
});
