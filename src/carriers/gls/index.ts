/** GLS: Track And Trace API v1 (JSON, OAuth2 client credentials via the GLS Authentication API v2). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createGlsClient, GLS_BASE_URL } from "./client.js";
import { parseGlsTrackResponse } from "./parse.js";
import { glsStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "gls",
  label: "GLS",
  api: "GLS Track And Trace API v1",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: GLS_BASE_URL,
  statusMap: glsStatusMap,
  parse: guardParse("gls", parseGlsTrackResponse),
  createClient: createGlsClient,
  trackingUrl: (n) => `https://gls-group.com/track/${encodeURIComponent(n)}`,
});
