/** Canada Post: Tracking web service (REST, XML `track-v2`, HTTP Basic auth with the API key pair). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { CANADA_POST_BASE_URL, createCanadaPostClient } from "./client.js";
import { parseCanadaPostResponse } from "./parse.js";
import { canadaPostStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "canadapost",
  label: "Canada Post",
  api: "Canada Post Tracking web service (track-v2 XML)",
  auth: "basic",
  defaultBaseUrl: CANADA_POST_BASE_URL,
  statusMap: canadaPostStatusMap,
  parse: guardParse("canadapost", parseCanadaPostResponse),
  createClient: createCanadaPostClient,
  trackingUrl: (n) =>
    `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${encodeURIComponent(n)}`,
});
