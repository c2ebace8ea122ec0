/** UPS: Track API v1 (JSON, OAuth2 client credentials), and Track Alert pushes (subscriptions and webhook). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createUpsClient, UPS_BASE_URL } from "./client.js";
import { parseUpsTrackResponse } from "./parse.js";
import { upsStatusMap } from "./status-map.js";
import { upsWebhook } from "./webhook.js";

export default defineCarrier({
  id: "ups",
  label: "UPS",
  api: "UPS Tracking API v1",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: UPS_BASE_URL,
  statusMap: upsStatusMap,
  parse: guardParse("ups", parseUpsTrackResponse),
  createClient: createUpsClient,
  webhook: upsWebhook,
  pushApi: "UPS Track Alert",
  trackingUrl: (n) => `https://www.ups.com/track?loc=en_US&tracknum=${encodeURIComponent(n)}`,
});
