/**
 * DHL Parcel DE Tracking API client: `GET /parcel/de/tracking/v0/shipments?xml=<data request="d-get-piece-detail" …/>`
 * with the developer-portal key in `DHL-API-Key` and the business customer's tracking login in the XML.
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

export const DHL_PARCEL_DE_BASE_URL = "https://api-eu.dhl.com";

/** DHL accepts several piece codes separated by ";" in one request (documented limit: 15). */
export const DHL_PARCEL_DE_BATCH_SIZE = 15;

const xmlAttr = (v: string) =>
  v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The `xml` query value of a piece-detail request. */
export function pieceDetailRequestXml(
  numbers: string[],
  appname: string,
  password: string,
  language: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?><data appname="${xmlAttr(appname)}" ` +
    `language-code="${xmlAttr(language)}" password="${xmlAttr(password)}" ` +
    `piece-code="${xmlAttr(numbers.join(";"))}" request="d-get-piece-detail"/>`
  );
}

/** Credentials: `apiKey` (DHL-API-Key), `appname` and `password` (tracking login); optional `language` ("en"/"de"). */
export function createDhlParcelDeClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? DHL_PARCEL_DE_BASE_URL;
  const apiKey = requireCredential(options.credentials, "apiKey", "dhl_parcel_de");
  const appname = requireCredential(options.credentials, "appname", "dhl_parcel_de");
  const password = requireCredential(options.credentials, "password", "dhl_parcel_de");
  const language = options.credentials.language ?? "en";
  return {
    batchSize: DHL_PARCEL_DE_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, DHL_PARCEL_DE_BATCH_SIZE)) {
        const query = new URLSearchParams({ xml: pieceDetailRequestXml(batch, appname, password, language) });
        const res = await carrierRequest({
          url: joinUrl(baseUrl, `/parcel/de/tracking/v0/shipments?${query.toString()}`),
          headers: { "DHL-API-Key": apiKey, accept: "application/xml" },
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
