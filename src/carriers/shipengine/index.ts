/**
 * ShipEngine (aggregator): tracking API v1 (JSON, `API-Key`) and API_TRACK webhooks (RSA-SHA256, JWKS).
 * `carrier` in results is "shipengine"; the underlying ShipEngine carrier code is in `service`, e.g. "ups".
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createShipEngineClient, SHIPENGINE_BASE_URL } from "./client.js";
import { parseShipEngineResponse } from "./parse.js";
import { shipengineStatusMap } from "./status-map.js";
import { shipengineWebhook } from "./webhook.js";

export default defineCarrier({
  id: "shipengine",
  label: "ShipEngine",
  api: "ShipEngine Tracking API v1",
  auth: "api_key",
  aggregator: true,
  defaultBaseUrl: SHIPENGINE_BASE_URL,
  statusMap: shipengineStatusMap,
  parse: guardParse("shipengine", parseShipEngineResponse),
  createClient: createShipEngineClient,
  webhook: shipengineWebhook,
});
