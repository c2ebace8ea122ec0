/** Asendia: Asendia Sync tracking (Europe) and the Asendia US AsendiaOne milestone API (JSON). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { ASENDIA_SYNC_BASE_URL, createAsendiaClient } from "./client.js";
import { parseAsendiaTracking } from "./parse.js";
import { asendiaStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "asendia",
  label: "Asendia",
  api: "Asendia Sync tracking API / Asendia US A1 Tracking Milestone API",
  auth: "user_password",
  defaultBaseUrl: ASENDIA_SYNC_BASE_URL,
  statusMap: asendiaStatusMap,
  parse: guardParse("asendia", parseAsendiaTracking),
  createClient: createAsendiaClient,
  trackingUrl: (n) => `https://tracking.asendia.com/tracking/${encodeURIComponent(n)}`,
});
