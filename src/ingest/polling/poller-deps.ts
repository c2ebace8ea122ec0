/** What polling needs from the outside world: a clock, the network, randomness, and the tuning. */
import type { CarrierClient } from "../../carriers/types.js";
import { systemClock, type Clock } from "../../sim/clock.js";
import type { BackoffPolicy } from "./backoff.js";
import type { PollPolicy } from "./next-poll.js";

export interface PollerDeps {
  clock: Clock;
  /** Clients per carrier account version, kept between rounds so OAuth tokens are reused. */
  clients: Map<string, CarrierClient>;
  fetch?: typeof fetch;
  rand?: () => number;
  policy?: PollPolicy;
  backoff?: BackoffPolicy;
  /** Per carrier request; default 15 s. */
  timeoutMs?: number;
  /** How long a claimed shipment stays invisible to other workers; default 5 minutes. */
  leaseMs?: number;
  /** Shipments claimed per `pollDue` call; default 500. */
  batchLimit?: number;
  /** Carrier requests in flight per account; default 8. */
  concurrency?: number;
  /** Base URL per carrier when the account has none (the emulator in the demo and tests). */
  baseUrlFor?: (carrier: string) => string | undefined;
  /**
   * The instance's public URL (SHIPWATCH_PUBLIC_URL), where carriers can reach /hooks. Only when it is set do
   * accounts with push on subscribe their shipments (a localhost fallback would subscribe UPS to nowhere).
   */
  publicUrl?: string;
  /** Renew a push subscription when less than this is left; default 2 days. */
  pushRenewBeforeMs?: number;
  /**
   * A push subscription request with room left (fewer numbers than the carrier takes at once) goes at most once
   * per this wait per account, filled with every shipment waiting by then; default 1 hour, 0 sends at once.
   */
  pushBatchWaitMs?: number;
}

/** Deps for a worker: the system clock and a fresh client cache, with overrides. */
export function createPollerDeps(overrides: Partial<PollerDeps> = {}): PollerDeps {
  return { clock: systemClock, clients: new Map(), ...overrides };
}
