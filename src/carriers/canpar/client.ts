/**
 * Canpar web services client: SOAP 1.2 `trackByBarcode` on the Canpar add-ons service, with the Canship user id
 * and password inside the request (no HTTP auth), one barcode per call.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const CANPAR_BASE_URL = "https://canship.canpar.com";

const xmlText = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The SOAP 1.2 envelope of a trackByBarcode request. */
export function trackByBarcodeEnvelope(barcode: string, userId: string, password: string): string {
  return (
    `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:ws="http://ws.canparaddons.canpar.com" ` +
    `xmlns:xsd="http://ws.dto.canshipws.canpar.com/xsd"><soap:Body><ws:trackByBarcode><ws:request>` +
    `<xsd:barcode>${xmlText(barcode)}</xsd:barcode><xsd:filter></xsd:filter><xsd:track_shipment>false</xsd:track_shipment>` +
    `<xsd:password>${xmlText(password)}</xsd:password><xsd:user_id>${xmlText(userId)}</xsd:user_id>` +
    `</ws:request></ws:trackByBarcode></soap:Body></soap:Envelope>`
  );
}

/** Credentials: `userId` (Canship e-mail login) and `password`. */
export function createCanparClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? CANPAR_BASE_URL;
  const userId = requireCredential(options.credentials, "userId", "canpar");
  const password = requireCredential(options.credentials, "password", "canpar");
  return {
    batchSize: 1, // trackByBarcode takes one barcode
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const barcode of trackingNumbers) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, "/canshipws/services/CanparAddonsService"),
          method: "POST",
          headers: { "content-type": 'application/soap+xml; charset=utf-8; action="urn:trackByBarcode"' },
          body: trackByBarcodeEnvelope(barcode, userId, password),
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        payloads.push(toPayload(res, [barcode]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
