/** Amazon Shipping: Amazon Shipping API v2 getTracking (Selling Partner API, JSON, LWA token). */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { AMAZON_SHIPPING_BASE_URL, createAmazonShippingClient } from "./client.js";
import { parseAmazonShippingTracking } from "./parse.js";
import { amazonShippingStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "amazon_shipping",
  label: "Amazon Shipping",
  api: "Amazon Shipping API v2 (getTracking)",
  auth: "oauth2_client_credentials",
  defaultBaseUrl: AMAZON_SHIPPING_BASE_URL,
  statusMap: amazonShippingStatusMap,
  parse: guardParse("amazon_shipping", parseAmazonShippingTracking),
  createClient: createAmazonShippingClient,
  trackingUrl: (n) => `https://track.amazon.com/tracking/${encodeURIComponent(n)}`,
});
