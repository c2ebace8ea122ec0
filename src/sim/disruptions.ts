/**
 * Facility-wide disruptions for the simulator: a storm (or an outage) closes a hub for some hours, and every parcel
 * in the building or arriving while it is closed gets the same weather-delay scan and leaves only after it reopens —
 * as carriers post them (a hub's weather exception lands on all its packages within the hour). Without them the
 * simulator's weather delays are independent per parcel, which real hub closures are not.
 */
import { seededRandom } from "./journeys.js";

export interface HubDisruption {
  city: string;
  start: number;
  end: number;
}

export interface DisruptionPlanOptions {
  seed: number;
  startMs: number;
  endMs: number;
  /** Hub cities that can close. */
  cities: readonly string[];
  /** Mean days between two closures of one hub (exponential gaps). */
  meanGapDays: number;
  /** Closure length, uniform between these hours. */
  durationHours: readonly [number, number];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Closures per hub over [startMs, endMs), deterministic for a seed. */
export function planHubDisruptions(options: DisruptionPlanOptions): HubDisruption[] {
  const rand = seededRandom(options.seed);
  const out: HubDisruption[] = [];
  const [minH, maxH] = options.durationHours;
  for (const city of options.cities) {
    let t = options.startMs;
    for (;;) {
      t += -Math.log(1 - rand()) * options.meanGapDays * DAY;
      if (t >= options.endMs) break;
      const end = t + (minH + rand() * (maxH - minH)) * HOUR;
      out.push({ city, start: t, end });
      t = end;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The closure of `city` that overlaps [from, to), if any (the earliest). */
export function disruptionDuring(
  disruptions: readonly HubDisruption[],
  city: string,
  from: number,
  to: number,
): HubDisruption | undefined {
  return disruptions.find((d) => d.city === city && d.start < to && d.end > from);
}
