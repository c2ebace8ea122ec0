/**
 * Aramex Shipment Tracking API client: JSON `POST …/Tracking/Service_1_0.svc/json/TrackShipments` with the
 * account's ClientInfo (user name, password, account number/PIN/entity/country) in the body.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  batches,
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  requireCredential,
  toPayload,
} from "../shared/index.js";

export const ARAMEX_BASE_URL = "https://ws.aramex.net";
const TRACK_PATH = "/ShippingAPI.V2/Tracking/Service_1_0.svc/json/TrackShipments";
/** Shipments is a list; Aramex publishes no hard cap, so batches stay modest. */
export const ARAMEX_BATCH_SIZE = 50;

/** Credentials: `username`, `password`, `accountNumber`, `accountPin`, `accountEntity`, `accountCountryCode`. */
export function createAramexClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? ARAMEX_BASE_URL;
  const c = options.credentials;
  const clientInfo = {
    UserName: requireCredential(c, "username", "aramex"),
    Password: requireCredential(c, "password", "aramex"),
    Version: "v1.0",
    AccountNumber: requireCredential(c, "accountNumber", "aramex"),
    AccountPin: requireCredential(c, "accountPin", "aramex"),
    AccountEntity: requireCredential(c, "accountEntity", "aramex"),
    AccountCountryCode: requireCredential(c, "accountCountryCode", "aramex"),
    Source: 24,
  };
  return {
    batchSize: ARAMEX_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, ARAMEX_BATCH_SIZE)) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, TRACK_PATH),
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            ClientInfo: clientInfo,
            GetLastTrackingUpdateOnly: false,
            Shipments: batch,
            Transaction: {
              Reference1: "shipwatch",
              Reference2: "",
              Reference3: "",
              Reference4: "",
              Reference5: "",
            },
          }),
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, batch));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
