/**
 * FedEx: Track API v1 (JSON, OAuth2 client credentials); legacy TrackReply XML is still read. Pushes: Advanced
 * Integrated Visibility, tracking numbers added to a webhook project (aiv-subscription.ts, webhook.ts).
 */
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
  pushApi: "FedEx Advanced Integrated Visibility",
  pushSetup:
    "FedEx pushes to the URL and signs with the security token set on the webhook project in the FedEx Developer " +
    "Portal: create a tracking-number subscription project whose destination URL is this instance's inbound " +
    "FedEx webhook and whose security token is that endpoint's secret, and give its id as webhookProjectId.",
  trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
});
