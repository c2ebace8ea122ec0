/** Aramex: Shipment Tracking API (TrackShipments, JSON; the SOAP XML answer is read too), ClientInfo credentials. */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { ARAMEX_BASE_URL, createAramexClient } from "./client.js";
import { parseAramexTrackResponse } from "./parse.js";
import { aramexStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "aramex",
  label: "Aramex",
  api: "Aramex Shipment Tracking API v1 (TrackShipments)",
  auth: "user_password",
  defaultBaseUrl: ARAMEX_BASE_URL,
  statusMap: aramexStatusMap,
  parse: guardParse("aramex", parseAramexTrackResponse),
  createClient: createAramexClient,
  trackingUrl: (n) => `https://www.aramex.com/track/results?ShipmentNumber=${encodeURIComponent(n)}`,
});
