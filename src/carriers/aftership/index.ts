/**
 * AfterShip (aggregator): Tracking API 2024-10 (JSON, `as-api-key`) and tracking_update webhooks.
 * `carrier` in results is "aftership"; the courier's AfterShip slug (plus shipment type when given) is in
 * `service`, e.g. "postnl-3s" or "ups: Ground".
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { AFTERSHIP_BASE_URL, createAfterShipClient } from "./client.js";
import { parseAfterShipResponse } from "./parse.js";
import { aftershipStatusMap } from "./status-map.js";
import { aftershipWebhook } from "./webhook.js";

export default defineCarrier({
  id: "aftership",
  label: "AfterShip",
  api: "AfterShip Tracking API 2024-10",
  auth: "api_key",
  aggregator: true,
  defaultBaseUrl: AFTERSHIP_BASE_URL,
  statusMap: aftershipStatusMap,
  parse: guardParse("aftership", parseAfterShipResponse),
  createClient: createAfterShipClient,
  webhook: aftershipWebhook,
});
