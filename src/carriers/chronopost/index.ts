/** Chronopost: TrackingServiceWS trackSkybillV2 (SOAP XML, public operation without account credentials). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { CHRONOPOST_BASE_URL, createChronopostClient } from "./client.js";
import { parseChronopostTrackResponse } from "./parse.js";
import { chronopostStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "chronopost",
  label: "Chronopost",
  api: "Chronopost TrackingServiceWS (trackSkybillV2)",
  auth: "none",
  defaultBaseUrl: CHRONOPOST_BASE_URL,
  statusMap: chronopostStatusMap,
  parse: guardParse("chronopost", parseChronopostTrackResponse),
  createClient: createChronopostClient,
  trackingUrl: (n) =>
    `https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=${encodeURIComponent(n)}`,
});
