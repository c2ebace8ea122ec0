/**
 * Shippo (aggregator): Tracking API (JSON, `ShippoToken` auth) and track_updated webhooks.
 * `carrier` in results is "shippo"; the underlying carrier token and service level are in `service`,
 * e.g. "usps: Priority Mail".
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createShippoClient, SHIPPO_BASE_URL } from "./client.js";
import { parseShippoResponse } from "./parse.js";
import { shippoStatusMap } from "./status-map.js";
import { shippoWebhook } from "./webhook.js";

export default defineCarrier({
  id: "shippo",
  label: "Shippo",
  api: "Shippo Tracking API",
  auth: "api_key",
  aggregator: true,
  defaultBaseUrl: SHIPPO_BASE_URL,
  statusMap: shippoStatusMap,
  parse: guardParse("shippo", parseShippoResponse),
  createClient: createShippoClient,
  webhook: shippoWebhook,
});
