/**
 * The simulated world the emulator answers from: every parcel's journey, looked up by carrier and tracking number,
 * and what the carrier's API shows of it at a given instant (only the scans already visible).
 */
import { normalizeTrackingNumber } from "../core/tracking-number.js";
import { seededRandom } from "./journeys.js";
import { LANES, type Lane, type SimCarrier } from "./lanes.js";
import { planLaneJourney, type JourneyWorld, type SimEvent, type SimJourney } from "./lane-journeys.js";

const key = (carrier: string, trackingNumber: string) =>
  `${carrier}\u0000${normalizeTrackingNumber(trackingNumber)}`;

export class SimWorld {
  private readonly journeys = new Map<string, SimJourney>();

  add(journey: SimJourney): void {
    this.journeys.set(key(journey.carrier, journey.trackingNumber), journey);
  }

  get(carrier: string, trackingNumber: string): SimJourney | undefined {
    return this.journeys.get(key(carrier, trackingNumber));
  }

  /** The scans of a parcel the carrier shows at `now`, oldest first (empty: the carrier does not know it yet). */
  visibleEvents(carrier: string, trackingNumber: string, now: number): SimEvent[] {
    const journey = this.get(carrier, trackingNumber);
    return journey ? journey.events.filter((e) => e.visibleAt <= now) : [];
  }

  all(): IterableIterator<SimJourney> {
    return this.journeys.values();
  }

  get size(): number {
    return this.journeys.size;
  }
}

/** A tracking number in the carrier's usual shape, unique per serial (check digits are not the point here). */
export function simTrackingNumber(carrier: SimCarrier, serial: number): string {
  const n = String(serial);
  switch (carrier) {
    case "ups":
      return `1ZSIM0${n.padStart(12, "0")}`;
    case "fedex":
      return `7${n.padStart(11, "0")}`;
    case "usps":
      return `9400${n.padStart(18, "0")}`;
    case "dhl_express":
      return `3${n.padStart(9, "0")}`;
  }
}

export interface FleetOptions {
  count: number;
  seed: number;
  /** Labels are created uniformly over [start, start + spreadMs). */
  startMs: number;
  spreadMs: number;
  lanes?: readonly Lane[];
  /** Hub closures and the accuracy of delivery windows (lane-journeys.ts). */
  world?: JourneyWorld;
}

/** A fleet of journeys over the lanes, deterministic for a seed. */
export function generateFleet(options: FleetOptions): SimJourney[] {
  const rand = seededRandom(options.seed);
  const lanes = options.lanes ?? LANES;
  const out: SimJourney[] = [];
  for (let i = 0; i < options.count; i++) {
    const lane = lanes[Math.floor(rand() * lanes.length)]!;
    const labelAt = options.startMs + Math.floor(rand() * options.spreadMs);
    out.push(
      planLaneJourney(rand, lane, simTrackingNumber(lane.carrier, i + 1), labelAt, undefined, options.world),
    );
  }
  return out;
}
