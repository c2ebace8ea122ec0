/** DHL Parcel Germany: Parcel DE Tracking API (XML `d-get-piece-detail`, API key + DHL business-customer login). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createDhlParcelDeClient, DHL_PARCEL_DE_BASE_URL } from "./client.js";
import { parseDhlParcelDeResponse } from "./parse.js";
import { dhlParcelDeStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "dhl_parcel_de",
  label: "DHL Paket (Germany)",
  api: "DHL Parcel DE Tracking API v0 (XML d-get-piece-detail)",
  auth: "api_key",
  defaultBaseUrl: DHL_PARCEL_DE_BASE_URL,
  statusMap: dhlParcelDeStatusMap,
  parse: guardParse("dhl_parcel_de", parseDhlParcelDeResponse),
  createClient: createDhlParcelDeClient,
  trackingUrl: (n) =>
    `https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${encodeURIComponent(n)}`,
});
