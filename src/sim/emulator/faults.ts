/** Faults the carrier emulator injects, as real carrier APIs have them: throttling, server errors, hangs, latency. */

export interface EmulatorFaults {
  /** Share of tracking requests answered 429 with Retry-After (on top of the per-account budget). */
  rateLimitRate?: number;
  /** Share of tracking requests answered 5xx (half as the carrier's JSON, half as a gateway's HTML page). */
  serverErrorRate?: number;
  /** Share of tracking requests never answered: the client's timeout has to fire. */
  timeoutRate?: number;
  /** Real added latency per request, in ms (uniform between min and max). Keep 0 under a fake clock. */
  latencyMs?: { min: number; max: number };
  /** Retry-After sent with 429s, in seconds. */
  retryAfterSeconds?: number;
}

export type FaultDecision = "none" | "rate_limited" | "server_error" | "gateway_html" | "timeout";

/** Decides the fault for one request from a random draw. */
export function decideFault(faults: EmulatorFaults, rand: () => number): FaultDecision {
  const r = rand();
  let edge = faults.rateLimitRate ?? 0;
  if (r < edge) return "rate_limited";
  edge += faults.serverErrorRate ?? 0;
  if (r < edge) return rand() < 0.5 ? "server_error" : "gateway_html";
  edge += faults.timeoutRate ?? 0;
  if (r < edge) return "timeout";
  return "none";
}

export const GATEWAY_HTML =
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
