/** DPD: DPD Web Services ParcelLifeCycleService 2.0 (SOAP, LoginService token). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createDpdClient, DPD_BASE_URL } from "./client.js";
import { parseDpdTrackingResponse } from "./parse.js";
import { dpdStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "dpd",
  label: "DPD",
  api: "DPD Web Services ParcelLifeCycleService 2.0 (getTrackingData, SOAP)",
  auth: "user_password",
  defaultBaseUrl: DPD_BASE_URL,
  statusMap: dpdStatusMap,
  parse: guardParse("dpd", parseDpdTrackingResponse),
  createClient: createDpdClient,
  trackingUrl: (n) => `https://tracking.dpd.de/status/en_US/parcel/${encodeURIComponent(n)}`,
});
