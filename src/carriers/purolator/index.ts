/** Purolator: Tracking web service (SOAP 1.1 over HTTPS, HTTP Basic auth). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createPurolatorClient, PUROLATOR_BASE_URL } from "./client.js";
import { parsePurolatorTrackResponse } from "./parse.js";
import { purolatorStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "purolator",
  label: "Purolator",
  api: "Purolator Tracking web service v1 (SOAP)",
  auth: "basic",
  defaultBaseUrl: PUROLATOR_BASE_URL,
  statusMap: purolatorStatusMap,
  parse: guardParse("purolator", parsePurolatorTrackResponse),
  createClient: createPurolatorClient,
  trackingUrl: (n) => `https://www.purolator.com/en/shipping/tracker?pin=${encodeURIComponent(n)}`,
});
