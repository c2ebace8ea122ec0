/**
 * Runs the roll-up job in-process every few minutes (the single-process deployment). A worker deployment can
 * call `rollUpAllSellers` from its job queue instead; the job is idempotent, so overlapping runs are harmless.
 */
import type { Database } from "../db/client.js";
import { rollUpAllSellers } from "./rollup.js";

/** Starts the periodic roll-up (first run after `firstDelayMs`); returns a stop function. */
export function startAnalyticsRollups(
  db: Database,
  options: { everyMs?: number; firstDelayMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    rollUpAllSellers(db)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, options.firstDelayMs ?? 5_000);
  const timer = setInterval(run, options.everyMs ?? 10 * 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
