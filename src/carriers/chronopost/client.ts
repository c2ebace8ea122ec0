/**
 * Chronopost TrackingServiceWS client: SOAP 1.1 `trackSkybillV2(language, skybillNumber)`, one skybill per call.
 * The operation is public (no account credentials), so only the language is configurable.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, toPayload } from "../shared/index.js";

export const CHRONOPOST_BASE_URL = "https://ws.chronopost.fr";
const SERVICE_PATH = "/tracking-cxf/TrackingServiceWS";

const xmlText = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

/** The SOAP envelope for one skybill number. */
export function trackSkybillEnvelope(skybillNumber: string, language: string): string {
  return (
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:cxf="http://cxf.tracking.soap.chronopost.fr/"><soapenv:Header/><soapenv:Body><cxf:trackSkybillV2>' +
    `<language>${xmlText(language)}</language><skybillNumber>${xmlText(skybillNumber)}</skybillNumber>` +
    "</cxf:trackSkybillV2></soapenv:Body></soapenv:Envelope>"
  );
}

/** Credentials: none required; optional `language` (en_GB default, fr_FR…). */
export function createChronopostClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? CHRONOPOST_BASE_URL;
  const language = options.credentials.language ?? "en_GB";
  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, SERVICE_PATH),
          method: "POST",
          headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""', accept: "text/xml" },
          body: trackSkybillEnvelope(number, language),
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, [number]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
