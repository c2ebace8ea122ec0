/** Australia Post: Shipping & Tracking API (JSON, HTTP Basic auth with API key/password + account number). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { AUSTRALIA_POST_BASE_URL, createAustraliaPostClient } from "./client.js";
import { parseAustraliaPostTrackResponse } from "./parse.js";
import { australiaPostStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "australiapost",
  label: "Australia Post",
  api: "Australia Post Shipping and Tracking API v1 (track)",
  auth: "basic",
  defaultBaseUrl: AUSTRALIA_POST_BASE_URL,
  statusMap: australiaPostStatusMap,
  parse: guardParse("australiapost", parseAustraliaPostTrackResponse),
  createClient: createAustraliaPostClient,
  trackingUrl: (n) => `https://auspost.com.au/mypost/track/details/${encodeURIComponent(n)}`,
});
