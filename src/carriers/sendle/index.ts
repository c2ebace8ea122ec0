/** Sendle: Sendle API tracking endpoint (JSON, HTTP Basic auth with Sendle ID and API key). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createSendleClient, SENDLE_BASE_URL } from "./client.js";
import { parseSendleTrackResponse } from "./parse.js";
import { sendleStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "sendle",
  label: "Sendle",
  api: "Sendle API (GET /api/tracking/{ref})",
  auth: "basic",
  defaultBaseUrl: SENDLE_BASE_URL,
  statusMap: sendleStatusMap,
  parse: guardParse("sendle", parseSendleTrackResponse),
  createClient: createSendleClient,
  trackingUrl: (n) => `https://track.sendle.com/tracking?ref=${encodeURIComponent(n)}`,
});
