/**
 * Landmark Global: Track API v2 (XML, username/password/client id in the request). The result's tracking number
 * is Landmark's LTN… number; the end-delivery carrier and its own number are in `service`.
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createLandmarkClient, LANDMARK_BASE_URL } from "./client.js";
import { parseLandmarkTrackResponse } from "./parse.js";
import { landmarkStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "landmark",
  label: "Landmark Global",
  api: "Landmark Global Track API v2 (XML)",
  auth: "user_password",
  defaultBaseUrl: LANDMARK_BASE_URL,
  statusMap: landmarkStatusMap,
  parse: guardParse("landmark", parseLandmarkTrackResponse),
  createClient: createLandmarkClient,
  trackingUrl: (n) => `https://track.landmarkglobal.com/?search=${encodeURIComponent(n)}`,
});
