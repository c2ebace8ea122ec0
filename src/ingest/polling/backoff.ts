/**
 * Exponential backoff with full jitter for failed polls (429, 5xx, timeouts): the wait doubles per consecutive
 * error up to a cap, and is drawn uniformly below it so workers that failed together do not retry together.
 * A carrier's Retry-After is a floor, never shortened.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  baseMs: 60_000,
  capMs: 6 * 3_600_000,
});

/** Milliseconds to wait after the `consecutiveErrors`-th error in a row (1 = the first). */
export function backoffDelayMs(
  consecutiveErrors: number,
  rand: () => number,
  retryAfterMs: number | null = null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(consecutiveErrors - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  // Full jitter, but never less than half the base: a failing carrier must not see a tight loop.
  const drawn = Math.max(policy.baseMs / 2, rand() * ceiling);
  return Math.max(drawn, retryAfterMs ?? 0);
}
