/**
 * A failed call to a commerce platform, as data the write-back job decides on: retryable (rate limits, 5xx,
 * network) goes back to the queue with backoff; not retryable (bad credentials, an order that is gone, a rejected
 * input) fails the write-back for good and shows on the connection.
 */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = "PlatformError";
  }
}

/** Seconds of a Retry-After header (seconds or an HTTP date), within [0, cap]; `fallback` when absent. */
export function retryAfterSeconds(
  value: string | null,
  fallback: number,
  cap = 60,
  now = Date.now(),
): number {
  if (!value) return fallback;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(Math.max(seconds, 0), cap);
  const at = Date.parse(value);
  return Number.isNaN(at) ? fallback : Math.min(Math.max((at - now) / 1000, 0), cap);
}

/** Classifies an HTTP status: 408, 429 and 5xx are worth retrying; other failures are not. */
export function errorForStatus(platform: string, status: number, detail: string): PlatformError {
  const retryable = status === 408 || status === 429 || status >= 500;
  const why =
    status === 401 || status === 403 ? "the credentials were refused" : status === 404 ? "not found" : detail;
  return new PlatformError(`${platform} answered ${status}: ${why}`.slice(0, 500), retryable, status);
}
