/**
 * A seeded synthetic delivery history shaped like a Brazilian marketplace's (Olist-like): sellers concentrated
 * in São Paulo shipping to 27 states, lanes from 1 to 30+ days, working days with national and state
 * holidays, a carrier that delivers on Saturdays, seller cut-offs, volume growth, a slow drift, Black Friday
 * and a strike, a long tail, a conservative marketplace promise, and dirty rows. For tests and benchmarks.
 */
import { DEFAULT_HOLIDAY_TYPES, MONDAY_TO_FRIDAY, getCalendar } from "./calendar.js";
import { dayFromYmd, formatDay, parseDayOrThrow, weekdayOf } from "./dates.js";
import type { HistoryReport, HistoryRow } from "./history.js";
import { HISTORY_COLUMNS, emptyHistoryReport, readHistory } from "./history.js";

export interface SyntheticOptions {
  seed?: number;
  orders?: number;
  from?: string;
  to?: string;
  /** Add missing, inconsistent and unparseable rows (default true). */
  dirty?: boolean;
  /** Transit speeds up over the period (default true). */
  drift?: boolean;
  /** Black Friday and a strike slow deliveries down (default true). */
  surges?: boolean;
  /** Leave shipped_at / promised_at empty in every row (default false). */
  withoutShipped?: boolean;
  withoutPromised?: boolean;
}

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// code, customer share, seller share, latitude, longitude of the capital, remote (Amazon/North)
const STATES: [string, number, number, number, number, boolean][] = [
  ["SP", 42, 60, -23.5, -46.6, false],
  ["RJ", 13, 5, -22.9, -43.2, false],
  ["MG", 12, 8, -19.9, -43.9, false],
  ["RS", 5.5, 3, -30.0, -51.2, false],
  ["PR", 5, 8, -25.4, -49.3, false],
  ["SC", 3.6, 4, -27.6, -48.5, false],
  ["BA", 3.4, 1, -12.9, -38.5, false],
  ["DF", 2.1, 1, -15.8, -47.9, false],
  ["ES", 2, 1, -20.3, -40.3, false],
  ["GO", 2, 1.5, -16.7, -49.3, false],
  ["PE", 1.7, 1, -8.05, -34.9, false],
  ["CE", 1.3, 0.5, -3.7, -38.5, false],
  ["PA", 1, 0.2, -1.45, -48.5, true],
  ["MT", 0.9, 0.3, -15.6, -56.1, false],
  ["MA", 0.7, 0.1, -2.5, -44.3, true],
  ["MS", 0.7, 0.3, -20.4, -54.6, false],
  ["PB", 0.5, 0.2, -7.1, -34.9, false],
  ["PI", 0.5, 0.1, -5.1, -42.8, false],
  ["RN", 0.5, 0.2, -5.8, -35.2, false],
  ["AL", 0.4, 0.1, -9.7, -35.7, true],
  ["SE", 0.35, 0.1, -10.9, -37.1, false],
  ["TO", 0.3, 0.05, -10.2, -48.3, true],
  ["RO", 0.25, 0.1, -8.8, -63.9, true],
  ["AM", 0.15, 0.05, -3.1, -60.0, true],
  ["AC", 0.08, 0.02, -9.97, -67.8, true],
  ["AP", 0.07, 0.02, 0.03, -51.1, true],
  ["RR", 0.05, 0.02, 2.8, -60.7, true],
];

const CARRIERS = [
  { carrier: "correios", service: "pac", share: 0.55, speed: 1, saturday: false },
  { carrier: "correios", service: "sedex", share: 0.25, speed: 0.55, saturday: false },
  { carrier: "jadlog", service: "", share: 0.2, speed: 0.85, saturday: true },
];

function pick<T>(random: () => number, items: readonly T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let x = random() * total;
  for (const item of items) {
    x -= weight(item);
    if (x <= 0) return item;
  }
  return items[items.length - 1]!;
}

function distanceKm(a: (typeof STATES)[number], b: (typeof STATES)[number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[3] - a[3]) * rad;
  const dLon = (b[4] - a[4]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[3] * rad) * Math.cos(b[3] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function timestamp(random: () => number, day: number, minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  const ss = String(Math.floor(random() * 60)).padStart(2, "0");
  return random() < 0.8 ? `${formatDay(day)} ${hh}:${mm}:${ss}` : `${formatDay(day)}T${hh}:${mm}:${ss}-03:00`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Lane speed in working days before noise (what the marketplace's promise table is built from). */
function laneBase(
  origin: (typeof STATES)[number],
  destination: (typeof STATES)[number],
  speed: number,
): number {
  const remote = destination[5] ? 1.4 : 1;
  return (2.5 + distanceKm(origin, destination) / 300) * remote * speed;
}

/** Rows (header first) of a synthetic history; the same options always give the same rows. */
export function generateSyntheticHistory(options: SyntheticOptions = {}): string[][] {
  const random = seededRandom(options.seed ?? 42);
  const orders = options.orders ?? 20_000;
  const first = parseDayOrThrow(options.from ?? "2017-01-01", "from");
  const last = parseDayOrThrow(options.to ?? "2018-08-31", "to");
  const dirty = options.dirty ?? true;
  const drift = options.drift ?? true;
  const surges = options.surges ?? true;
  const span = last - first + 1;

  const sellers = Array.from({ length: 250 }, (_, i) => {
    const state = pick(random, STATES, (s) => s[2]);
    const slow = random() < 0.1;
    return {
      id: `seller_${String(i).padStart(4, "0")}`,
      state,
      postal: `${String(10 + STATES.indexOf(state)).padStart(2, "0")}${Math.floor(random() * 1000)
        .toString()
        .padStart(3, "0")}`,
      handling: slow ? 3 + random() * 4 : 0.3 + random() * 2,
      cutoff: random() < 0.6 ? (12 + Math.floor(random() * 5)) * 60 : null,
      popularity: 1 / (i + 5),
      // Far from the carrier's hub: every parcel takes a working day longer to get going.
      remoteOrigin: random() < 0.3,
    };
  });
  const dayWeights = Array.from({ length: span }, (_, i) => {
    const day = first + i;
    const weekday = weekdayOf(day);
    const growth = 0.4 + (1.6 * i) / span;
    const date = formatDay(day).slice(5);
    const blackFriday = date >= "11-20" && date <= "11-30" ? 2.5 : 1;
    return growth * (weekday === 0 ? 0.7 : weekday === 6 ? 0.8 : 1) * blackFriday;
  });
  const cumulative: number[] = [];
  dayWeights.reduce((s, w, i) => (cumulative[i] = s + w), 0);
  const totalWeight = cumulative[cumulative.length - 1] ?? 1;
  const strikeFrom = dayFromYmd(2018, 5, 21);
  const strikeTo = dayFromYmd(2018, 6, 3);

  const rows: string[][] = [[...HISTORY_COLUMNS]];
  for (let n = 0; n < orders; n++) {
    const x = random() * totalWeight;
    let lo = 0;
    let hi = span - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    const orderDay = first + lo;
    const orderMinute = Math.min(1439, Math.max(0, Math.round((15 + 4 * normal(random)) * 60)));
    const seller = pick(random, sellers, (s) => s.popularity);
    const destination = pick(random, STATES, (s) => s[1]);
    const lane = pick(random, CARRIERS, (c) => c.share);
    const interior = random() < 0.4;
    const destinationPostal = `${String(10 + STATES.indexOf(destination)).padStart(2, "0")}${interior ? 2 + Math.floor(random() * 8) : Math.floor(random() * 2)}${String(Math.floor(random() * 100)).padStart(2, "0")}`;

    const month = formatDay(orderDay).slice(5);
    const inBlackFriday = surges && month >= "11-17" && month <= "12-05";
    const inStrike = surges && orderDay >= strikeFrom && orderDay <= strikeTo;
    const progress = (orderDay - first) / span;

    const origin = getCalendar({
      country: "BR",
      region: seller.state[0],
      weekmask: MONDAY_TO_FRIDAY,
      holidayTypes: DEFAULT_HOLIDAY_TYPES,
    });
    const start =
      seller.cutoff !== null && orderMinute >= seller.cutoff
        ? origin.add(orderDay, 1)
        : origin.onOrAfter(orderDay);
    let handling = Math.round(seller.handling * Math.exp(0.5 * normal(random)) - 0.3);
    if (random() < 0.03) handling += 5 + Math.floor(random() * 10);
    if (inBlackFriday) handling += 1 + Math.floor(random() * 2);
    const shipDay = origin.add(start, Math.max(0, handling));

    const destinationCalendar = getCalendar({
      country: "BR",
      region: destination[0],
      weekmask: lane.saturday ? MONDAY_TO_FRIDAY | 0b1000000 : MONDAY_TO_FRIDAY,
      holidayTypes: DEFAULT_HOLIDAY_TYPES,
    });
    const speedDrift = drift ? 1.15 - 0.3 * progress : 1;
    let transit = laneBase(seller.state, destination, lane.speed) * speedDrift;
    if (interior) transit += destination[5] ? 3 : 1;
    if (seller.remoteOrigin) transit += 1;
    transit *= Math.exp(0.35 * normal(random));
    if (inBlackFriday) transit += 2 + 3 * random();
    if (inStrike) transit += 4 + 4 * random();
    if (random() < 0.04) transit += 2 + -Math.log(1 - random()) * 6;
    let deliveryDay = destinationCalendar.add(shipDay, Math.max(0, Math.round(transit - 0.3)));
    if (random() < 0.005) deliveryDay += 20 + Math.floor(random() * 60); // lost and found

    // The marketplace promises from a coarse state-pair table (blind to the seller, the carrier and the postcode)
    // with a lot of slack that varies from order to order, in calendar days.
    const typical = 3 + laneBase(seller.state, destination, lane.speed === 0.55 ? 0.7 : 1) * 1.4;
    const promisedDay = orderDay + Math.round(typical * (1.6 + 1.0 * random()) + 2);

    const record: Record<(typeof HISTORY_COLUMNS)[number], string> = {
      order_id: random() < 0.01 ? `ord-${n}, "gift"` : `ord-${n}`,
      carrier: lane.carrier,
      service: lane.service,
      origin_postal: seller.postal,
      origin_region: seller.state[0],
      origin_country: "BR",
      destination_postal: destinationPostal,
      destination_region: destination[0],
      destination_country: "BR",
      ordered_at: timestamp(random, orderDay, orderMinute),
      shipped_at: timestamp(random, shipDay, 9 * 60 + Math.floor(random() * 540)),
      delivered_at: timestamp(random, deliveryDay, 8 * 60 + Math.floor(random() * 720)),
      promised_at: `${formatDay(promisedDay)} 00:00:00`,
    };
    if (dirty) {
      const r = random();
      if (r < 0.015) record.delivered_at = "";
      else if (r < 0.035) record.shipped_at = "";
      else if (r < 0.04) record.shipped_at = timestamp(random, deliveryDay + 2, 600);
      else if (r < 0.042) record.delivered_at = timestamp(random, orderDay - 3, 600);
      else if (r < 0.043) record.ordered_at = "not a date";
      else if (r < 0.07) record.promised_at = "";
    }
    if (options.withoutShipped) record.shipped_at = "";
    if (options.withoutPromised) record.promised_at = "";
    rows.push(HISTORY_COLUMNS.map((c) => record[c]));
  }
  return rows;
}

/** The synthetic history as CSV text. */
export function syntheticHistoryCsv(options: SyntheticOptions = {}): string {
  return generateSyntheticHistory(options)
    .map((fields) => fields.map(csvField).join(","))
    .join("\n")
    .concat("\n");
}

/** The synthetic history parsed as the backtest would read it. */
export async function syntheticHistoryRows(
  options: SyntheticOptions = {},
): Promise<{ rows: HistoryRow[]; report: HistoryReport }> {
  const report = emptyHistoryReport();
  const rows: HistoryRow[] = [];
  for await (const row of readHistory([syntheticHistoryCsv(options)], report)) rows.push(row);
  return { rows, report };
}
