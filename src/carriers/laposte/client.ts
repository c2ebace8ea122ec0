/**
 * La Poste Suivi API v2 client: `GET /suivi/v2/idships/{ids}?lang=…` with the `X-Okapi-Key` header, up to 10
 * numbers per call (comma-separated; the answer is then an array). Shared by the laposte and colissimo adapters.
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

export const LAPOSTE_BASE_URL = "https://api.laposte.fr";
export const SUIVI_BATCH_SIZE = 10;

/** Credentials: `apiKey` (X-Okapi-Key from developer.laposte.fr); optional `lang` (fr_FR default, en_GB…). */
export function createSuiviClient(carrier: string) {
  return function createClient(options: CarrierClientOptions): CarrierClient {
    const baseUrl = options.baseUrl ?? LAPOSTE_BASE_URL;
    const apiKey = requireCredential(options.credentials, "apiKey", carrier);
    const lang = options.credentials.lang ?? "fr_FR";
    return {
      batchSize: SUIVI_BATCH_SIZE,
      async track(trackingNumbers, signal) {
        const payloads: FetchedPayload[] = [];
        const limits: (RateLimitInfo | null)[] = [];
        for (const batch of batches(trackingNumbers, SUIVI_BATCH_SIZE)) {
          const ids = batch.map(encodeURIComponent).join(",");
          const res = await carrierRequest({
            url: joinUrl(baseUrl, `/suivi/v2/idships/${ids}?lang=${encodeURIComponent(lang)}`),
            headers: { "x-okapi-key": apiKey, accept: "application/json" },
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
  };
}
