/**
 * EasyPost (aggregator): Tracker API v2 (JSON, Basic auth with the API key) and tracker.* webhooks.
 * `carrier` in results is "easypost"; the underlying carrier (and its service level) is in `service`,
 * e.g. "USPS: First-Class Package Service".
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createEasyPostClient, EASYPOST_BASE_URL } from "./client.js";
import { parseEasyPostResponse } from "./parse.js";
import { easypostStatusMap } from "./status-map.js";
import { easypostWebhook } from "./webhook.js";

export default defineCarrier({
  id: "easypost",
  label: "EasyPost",
  api: "EasyPost Tracker API v2",
  auth: "basic",
  aggregator: true,
  defaultBaseUrl: EASYPOST_BASE_URL,
  statusMap: easypostStatusMap,
  parse: guardParse("easypost", parseEasyPostResponse),
  createClient: createEasyPostClient,
  webhook: easypostWebhook,
});
