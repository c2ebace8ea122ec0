/**
 * The fleet bench:polling and bench:poller follow, so that the real poller and the simulation are measured on the
 * same parcels: the flags they share (`--quick`, `--shipments N`, `--days D`, `--seed S`), the start, and labels
 * spread over the first 7 days.
 */
import type { ParseArgsConfig } from "node:util";
import type { SimJourney } from "../src/sim/lane-journeys.js";
import { generateFleet, type FleetOptions } from "../src/sim/world.js";

export const DAY = 86_400_000;
export const START = Date.UTC(2026, 2, 2, 5, 0); // Monday 2 March 2026

/** parseArgs options of the fleet flags, to spread beside a bench's own. */
export const FLEET_OPTIONS = {
  quick: { type: "boolean", default: false },
  shipments: { type: "string" },
  days: { type: "string", default: "10" },
  seed: { type: "string", default: "42" },
} as const satisfies ParseArgsConfig["options"];

/** The fleet flags' values: `--shipments`, else `sizes.quick` with `--quick` and `sizes.full` without. */
export function fleetOfArgs(
  values: { quick?: boolean; shipments?: string; days: string; seed: string },
  sizes: { quick: number; full: number },
): { shipments: number; days: number; seed: number; end: number } {
  const days = Number(values.days);
  return {
    shipments: Number(values.shipments ?? (values.quick ? sizes.quick : sizes.full)),
    days,
    seed: Number(values.seed),
    end: START + days * DAY,
  };
}

/** `count` journeys labelled over the 7 days from START, deterministic for `seed`. */
export function benchFleet(options: Pick<FleetOptions, "count" | "seed" | "world">): SimJourney[] {
  return generateFleet({ ...options, startMs: START, spreadMs: 7 * DAY });
}
