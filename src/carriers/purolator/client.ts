/**
 * Purolator Tracking web service client (SOAP 1.1, TrackingService v1): HTTP Basic auth with the web-services key
 * and password, `RequestContext` SOAP header, several PINs per `TrackPackagesByPin` call.
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

export const PUROLATOR_BASE_URL = "https://webservices.purolator.com";

/** PINs per request: Purolator documents a list, not its maximum; 10 keeps a response small and well inside it. */
export const PUROLATOR_BATCH_SIZE = 10;

const xmlText = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The SOAP envelope of a TrackPackagesByPin request. */
export function trackByPinEnvelope(pins: string[], userToken = "", language = "en"): string {
  const pinList = pins.map((p) => `<v1:PIN><v1:Value>${xmlText(p)}</v1:Value></v1:PIN>`).join("");
  return (
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v1="http://purolator.com/pws/datatypes/v1">` +
    `<soapenv:Header><v1:RequestContext><v1:Version>1.2</v1:Version><v1:Language>${xmlText(language)}</v1:Language>` +
    `<v1:GroupID></v1:GroupID><v1:RequestReference>shipwatch</v1:RequestReference>` +
    `<v1:UserToken>${xmlText(userToken)}</v1:UserToken></v1:RequestContext></soapenv:Header>` +
    `<soapenv:Body><v1:TrackPackagesByPinRequest><v1:PINs>${pinList}</v1:PINs></v1:TrackPackagesByPinRequest></soapenv:Body>` +
    `</soapenv:Envelope>`
  );
}

/** Credentials: `key`, `password` (Purolator E-Ship web-services credentials); optional `userToken`, `language`. */
export function createPurolatorClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? PUROLATOR_BASE_URL;
  const key = requireCredential(options.credentials, "key", "purolator");
  const password = requireCredential(options.credentials, "password", "purolator");
  const authorization = `Basic ${Buffer.from(`${key}:${password}`).toString("base64")}`;
  return {
    batchSize: PUROLATOR_BATCH_SIZE,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const batch of batches(trackingNumbers, PUROLATOR_BATCH_SIZE)) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, "/PWS/V1/Tracking/TrackingService.asmx"),
          method: "POST",
          headers: {
            authorization,
            "content-type": "text/xml; charset=utf-8",
            soapaction: "http://purolator.com/pws/service/v1/TrackPackagesByPin",
          },
          body: trackByPinEnvelope(batch, options.credentials.userToken, options.credentials.language),
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
