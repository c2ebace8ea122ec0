/**
 * A delivery history for the demo seller's own lanes (Louisville to the demo's destinations with UPS, FedEx, USPS
 * and DHL Express), so `npm start` bootstraps a model whose windows fit the demo's simulated journeys. Shaped
 * like `src/eta/synthetic.ts` (same seeded PRNG, same CSV columns) but for these lanes: its Brazilian
 * marketplace would teach the model nothing about parcels from Kentucky.
 */
import { wallClock } from "../eta/live/wall-clock.js";
import { HISTORY_COLUMNS } from "../eta/history.js";
import { seededRandom } from "../eta/synthetic.js";
import type { Place } from "./journeys.js";

export interface DemoLaneCarrier {
  id: string;
  /** Days of normal travel the demo's journeys are planned with. */
  days: number;
}

export interface DemoHistoryOptions {
  /** Orders are placed over the year before this instant. */
  until: Date;
  origin: Place;
  destinations: readonly Place[];
  /** Carriers for domestic and for international parcels. */
  domestic: readonly DemoLaneCarrier[];
  international: readonly DemoLaneCarrier[];
  sellerZone: string;
  orders?: number;
  seed?: number;
}

const HOUR = 3_600_000;
const ZONES: Record<string, string> = {
  US: "America/New_York",
  CA: "America/Toronto",
  DE: "Europe/Berlin",
  FR: "Europe/Paris",
  GB: "Europe/London",
  BR: "America/Sao_Paulo",
};

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Skips Sundays (carriers deliver Monday to Saturday in the demo). */
function nextDeliveryDay(ms: number): number {
  return new Date(ms).getUTCDay() === 0 ? ms + 24 * HOUR : ms;
}

/** The history as CSV text (HISTORY_COLUMNS), deterministic for the same options. */
export function demoHistoryCsv(options: DemoHistoryOptions): string {
  const random = seededRandom(options.seed ?? 6);
  const orders = options.orders ?? 2_500;
  const end = options.until.getTime();
  const start = end - 365 * 24 * HOUR;
  const lines = [HISTORY_COLUMNS.join(",")];
  for (let i = 0; i < orders; i++) {
    const destination = options.destinations[Math.floor(random() * options.destinations.length)]!;
    const international = destination.country !== options.origin.country;
    const carriers = international ? options.international : options.domestic;
    const carrier = carriers[Math.floor(random() * carriers.length)]!;
    const orderedAt = start + ((end - start) * i) / orders + random() * HOUR;
    // As in the demo's journeys: a label within a day and a half, picked up 6 to 26 hours later.
    const shippedAt = orderedAt + (10 + random() * 50) * HOUR;
    const travelDays = carrier.days + (international ? 3 : 0);
    const hours = ((2 / 3) * travelDays * 24 + 22) * Math.exp(0.18 * normal(random));
    const late = random() < 0.06 ? (24 + random() * 72) * HOUR : 0;
    const deliveredAt = nextDeliveryDay(shippedAt + hours * HOUR + late);
    const promisedAt = orderedAt + (travelDays + 4) * 24 * HOUR;
    const destinationZone = ZONES[destination.country] ?? "UTC";
    const record: Record<(typeof HISTORY_COLUMNS)[number], string> = {
      order_id: `H-${String(100_001 + i)}`,
      carrier: carrier.id,
      service: "",
      origin_postal: options.origin.postalCode,
      origin_region: options.origin.region,
      origin_country: options.origin.country,
      destination_postal: destination.postalCode,
      destination_region: destination.region,
      destination_country: destination.country,
      ordered_at: wallClock(new Date(orderedAt), options.sellerZone),
      shipped_at: wallClock(new Date(shippedAt), options.sellerZone),
      delivered_at: wallClock(new Date(deliveredAt), destinationZone),
      promised_at: wallClock(new Date(promisedAt), destinationZone).slice(0, 10),
    };
    lines.push(HISTORY_COLUMNS.map((c) => record[c]).join(","));
  }
  return `${lines.join("\n")}\n`;
}
