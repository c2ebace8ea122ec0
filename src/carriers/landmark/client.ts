/**
 * Landmark Global Track API client: `POST /v2/Track.php` with an XML `TrackRequest` carrying the login
 * (username, password, client id) and one tracking number (Landmark's LTN… number or the end carrier's).
 */
import type { CarrierClient, CarrierClientOptions, FetchedPayload, RateLimitInfo } from "../types.js";
import { carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const LANDMARK_BASE_URL = "https://api.landmarkglobal.com";

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

/** The TrackRequest XML for one number. */
export function landmarkTrackRequest(
  login: { username: string; password: string; clientId: string },
  trackingNumber: string,
  test = false,
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<TrackRequest>",
    `<Login><Username>${escapeXml(login.username)}</Username><Password>${escapeXml(login.password)}</Password></Login>`,
    `<Test>${test ? "true" : "false"}</Test>`,
    `<ClientID>${escapeXml(login.clientId)}</ClientID>`,
    `<TrackingNumber>${escapeXml(trackingNumber)}</TrackingNumber>`,
    "<RetrievalType>Historical</RetrievalType>",
    "</TrackRequest>",
  ].join("");
}

/** Credentials: `username`, `password`, `clientId`; optional `test` ("true" for Landmark's test mode). */
export function createLandmarkClient(options: CarrierClientOptions): CarrierClient {
  const baseUrl = options.baseUrl ?? LANDMARK_BASE_URL;
  const login = {
    username: requireCredential(options.credentials, "username", "landmark"),
    password: requireCredential(options.credentials, "password", "landmark"),
    clientId: requireCredential(options.credentials, "clientId", "landmark"),
  };
  const test = options.credentials.test === "true";
  return {
    batchSize: 1,
    async track(trackingNumbers, signal) {
      const payloads: FetchedPayload[] = [];
      const limits: (RateLimitInfo | null)[] = [];
      for (const number of trackingNumbers) {
        const res = await carrierRequest({
          url: joinUrl(baseUrl, "/v2/Track.php"),
          method: "POST",
          headers: { "content-type": "text/xml; charset=utf-8", accept: "text/xml" },
          body: landmarkTrackRequest(login, number, test),
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
