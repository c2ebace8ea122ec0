/** Royal Mail: Tracking API v2 (JSON, X-IBM-Client-Id / X-IBM-Client-Secret). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createRoyalMailClient, ROYAL_MAIL_BASE_URL } from "./client.js";
import { parseRoyalMailResponse } from "./parse.js";
import { royalMailStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "royalmail",
  label: "Royal Mail",
  api: "Royal Mail Tracking API v2",
  auth: "api_key",
  defaultBaseUrl: ROYAL_MAIL_BASE_URL,
  statusMap: royalMailStatusMap,
  parse: guardParse("royalmail", parseRoyalMailResponse),
  createClient: createRoyalMailClient,
  trackingUrl: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(n)}`,
});
