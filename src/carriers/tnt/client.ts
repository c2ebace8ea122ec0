/**
 * TNT ExpressConnect Tracking client: `POST /expressconnect/track.do?version=3.1`, form field `xml_in` holding a
 * TrackRequest, HTTP Basic auth (ExpressConnect user id and password), up to 50 consignments per request.
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

export const TNT_BASE_URL = "https://express.tnt.com";
export const TNT_BATCH_SIZE = 50;

const xmlText = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

/** The TrackRequest document for a batch of consignment numbers. */
export function trackRequestXml(numbers: string[], locale: string): string {
  const criteria = numbers.map((n) => `<ConsignmentNumber>${xmlText(n)}</ConsignmentNumber>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?><TrackRequest locale="${xmlText(locale)}" version="3.1">` +
    `<SearchCriteria marketType="INTERNATIONAL">${criteria}</SearchCriteria>` +
    `<LevelOfDetail><Complete originAddress="true" destinationAddress="true" package="true" shipment="true"/></LevelOfDetail>` +
    `</TrackRequest>`
  );
}

/** Credentials: `username`, `password` (ExpressConnect); optional `locale` (en_US default). */
export function createTntClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? TNT_BASE_URL;
  const username = requireCredential(options.credentials, "username", "tnt");
  const password = requireCredential(options.credentials, "password", "tnt");
  const locale = options.credentials.locale ?? "en_US";
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  return {
    batchSize: TNT_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, TNT_BATCH_SIZE)) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, "/expressconnect/track.do?version=3.1"),
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "text/xml" },
          body: new URLSearchParams({ xml_in: trackRequestXml(batch, locale) }).toString(),
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
