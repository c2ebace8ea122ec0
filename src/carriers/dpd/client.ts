/**
 * DPD Web Services client (SOAP 1.1): LoginService 2.0 `getAuth` (delisId + password → authToken, valid for a
 * day, cached) and ParcelLifeCycleService 2.0 `getTrackingData`, one parcel per call, the token in the
 * `authentication` SOAP header. An authentication fault refreshes the token once.
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import {
  carrierRequest,
  joinUrl,
  mergeRateLimits,
  parseXmlSafe,
  requireCredential,
  str,
  toPayload,
} from "../shared/index.js";

export const DPD_BASE_URL = "https://public-ws.dpd.com";

/** DPD tokens live about 24 h; refresh a little earlier. */
const TOKEN_LIFETIME_MS = 23 * 3_600_000;

const xmlText = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The getAuth request envelope. */
export function loginEnvelope(delisId: string, password: string, language: string): string {
  return (
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
    `xmlns:ns="http://dpd.com/common/service/types/LoginService/2.0"><soapenv:Header/><soapenv:Body><ns:getAuth>` +
    `<delisId>${xmlText(delisId)}</delisId><password>${xmlText(password)}</password>` +
    `<messageLanguage>${xmlText(language)}</messageLanguage></ns:getAuth></soapenv:Body></soapenv:Envelope>`
  );
}

/** The getTrackingData request envelope. */
export function trackingEnvelope(parcel: string, delisId: string, token: string, language: string): string {
  return (
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
    `xmlns:ns="http://dpd.com/common/service/types/Authentication/2.0" ` +
    `xmlns:ns1="http://dpd.com/common/service/types/ParcelLifeCycleService/2.0"><soapenv:Header><ns:authentication>` +
    `<delisId>${xmlText(delisId)}</delisId><authToken>${xmlText(token)}</authToken>` +
    `<messageLanguage>${xmlText(language)}</messageLanguage></ns:authentication></soapenv:Header>` +
    `<soapenv:Body><ns1:getTrackingData><parcelLabelNumber>${xmlText(parcel)}</parcelLabelNumber>` +
    `</ns1:getTrackingData></soapenv:Body></soapenv:Envelope>`
  );
}

/** Credentials: `delisId`, `password` (DPD Web Services login); optional `language` (e.g. "en_EN", "de_DE"). */
export function createDpdClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? DPD_BASE_URL;
  const delisId = requireCredential(options.credentials, "delisId", "dpd");
  const password = requireCredential(options.credentials, "password", "dpd");
  const language = options.credentials.language ?? "en_EN";
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | null = null;

  const soap = (path: string, body: string, signal?: AbortSignal) =>
    carrierRequest({
      url: joinUrl(baseUrl, path),
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""' },
      body,
      signal,
      fetch: options.fetch,
      now: options.now,
      timeoutMs: options.timeoutMs,
    });

  async function token(signal?: AbortSignal): Promise<string> {
    if (cached && now() < cached.expiresAt) return cached.token;
    const res = await soap(
      "/services/LoginService/V2_0/",
      loginEnvelope(delisId, password, language),
      signal,
    );
    const xml = parseXmlSafe(res.body);
    const value = xml.ok
      ? str(xml.value, "Envelope", "Body", "getAuthResponse", "return", "authToken")
      : undefined;
    if (!value) throw new Error(`dpd: login failed (HTTP ${res.status}): ${res.body.slice(0, 300)}`);
    cached = { token: value, expiresAt: now() + TOKEN_LIFETIME_MS };
    return value;
  }

  return {
    batchSize: 1, // getTrackingData takes one parcelLabelNumber
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const parcel of trackingNumbers) {
        const call = async () =>
          soap(
            "/services/ParcelLifeCycleService/V2_0/",
            trackingEnvelope(parcel, delisId, await token(signal), language),
            signal,
          );
        let res = await call();
        if (res.status >= 400 && /authenticationFault|LOGIN_/i.test(res.body)) {
          cached = null; // token expired or revoked: log in again once
          res = await call();
        }
        // The body never names the parcel: its number travels as the payload's trackingNumbers (parse context).
        payloads.push(toPayload(res, [parcel]));
        limits.push(res.rateLimit);
      }
      return { payloads, rateLimit: mergeRateLimits(limits) };
    },
  };
}
