/**
 * The demo seller behind `npm start`: a few hundred orders whose parcels travel realistic journeys. Events
 * due in the past are ingested at start; later ones are released by a ticker as their time comes, through
 * the same ingest path as carrier data. Deterministic, so restarts replay the same world without duplicates.
 */
import { detectTrackingNumber } from "../carriers/detect/index.js";
import type { Database } from "../db/client.js";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "../db/repositories/api-keys.js";
import { saveNotificationPolicy } from "../db/repositories/dashboard-settings.js";
import { insertOrder } from "../db/repositories/orders.js";
import { insertShipment } from "../db/repositories/shipments.js";
import { createSeller, findSellerBySlug, type Seller } from "../db/repositories/sellers.js";
import { importHistory } from "../eta/live/import-history.js";
import { sellerEtaContext } from "../eta/live/model-store.js";
import { predictShipments } from "../eta/live/refresh.js";
import { trainSellerModel, type TrainOutcome } from "../eta/live/train-seller.js";
import { ingestMany } from "../ingest/ingest.js";
import { demoHistoryCsv } from "./demo-history.js";
import type { EventInput } from "../ingest/normalized-json.js";
import { pickJourneyKind, planJourney, seededRandom, type Place } from "./journeys.js";

export const DEMO_SLUG = "demo";
const PRINTED_KEY_NAME = "printed at start";

const PLACES: Place[] = [
  { city: "Louisville", region: "KY", postalCode: "40209", country: "US", utcOffset: -5 },
  { city: "Memphis", region: "TN", postalCode: "38118", country: "US", utcOffset: -6 },
  { city: "Brooklyn", region: "NY", postalCode: "11201", country: "US", utcOffset: -5 },
  { city: "Austin", region: "TX", postalCode: "78701", country: "US", utcOffset: -6 },
  { city: "Seattle", region: "WA", postalCode: "98101", country: "US", utcOffset: -8 },
  { city: "Chicago", region: "IL", postalCode: "60607", country: "US", utcOffset: -6 },
  { city: "Toronto", region: "ON", postalCode: "M5V2T6", country: "CA", utcOffset: -5 },
  { city: "Leipzig", region: "SN", postalCode: "04109", country: "DE", utcOffset: 1 },
  { city: "Lyon", region: "ARA", postalCode: "69002", country: "FR", utcOffset: 1 },
  { city: "London", region: "ENG", postalCode: "SW1A1AA", country: "GB", utcOffset: 0 },
  { city: "São Paulo", region: "SP", postalCode: "01310-100", country: "BR", utcOffset: -3 },
];
const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloé",
  "Dmitri",
  "Emma",
  "Farah",
  "Gabriel",
  "Hana",
  "Isak",
  "Jana",
  "Kofi",
  "Lucía",
  "Mateo",
  "Noor",
  "Olivia",
  "Pedro",
];
const CARRIERS = [
  { id: "ups", hub: 0, shape: () => `1Z${alnum(6)}03${digits(8)}`, days: 3 },
  { id: "fedex", hub: 1, shape: () => digits(12), days: 3 },
  { id: "usps", hub: 5, shape: () => `9400${digits(18)}`, days: 4 },
  { id: "dhl_express", hub: 7, shape: () => digits(10), days: 5 },
] as const;

let rand = seededRandom(1);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");
const alnum = (n: number) =>
  Array.from({ length: n }, () => "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"[Math.floor(rand() * 33)]).join("");
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** A number the carrier's own check digit accepts, so detection and the shopper's lookups behave as in life. */
function trackingNumberFor(carrier: (typeof CARRIERS)[number]): string {
  let candidate = carrier.shape();
  for (let i = 0; i < 500; i++) {
    if (detectTrackingNumber(candidate).candidates.some((c) => c.carrier === carrier.id && c.checksumValid))
      break;
    candidate = carrier.shape();
  }
  return candidate;
}

export interface PlannedShipment {
  carrier: string;
  trackingNumber: string;
  events: EventInput[];
}
export interface PlannedOrder {
  orderNumber: string;
  firstName: string;
  email: string;
  postcode: string;
  orderedAt: Date;
  /** The delivery date the shop promised at checkout: the slowest parcel's lane time plus four days of slack. */
  promisedAt: Date;
  destination: Place;
  origin: Place;
  shipments: PlannedShipment[];
}

/** The demo world: the same orders and journeys for the same anchor time. */
export function planDemoWorld(anchor: Date, count = 300): PlannedOrder[] {
  rand = seededRandom(20261121);
  const orders: PlannedOrder[] = [];
  // Orders placed over the two weeks before the anchor; their journeys run on past it, so the demo keeps moving.
  const start = anchor.getTime() - 14 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const orderedAt = start + (i / count) * 14 * 86_400_000 + rand() * 3_600_000;
    const origin = PLACES[0]!;
    const destination = pick(PLACES.slice(2));
    const firstName = pick(FIRST_NAMES);
    const parcels = rand() < 0.15 ? 2 : 1;
    const shipments: PlannedShipment[] = [];
    let promiseDays = 0;
    for (let p = 0; p < parcels; p++) {
      const carrier =
        destination.country === "US" ? pick(CARRIERS.slice(0, 3)) : pick([CARRIERS[0], CARRIERS[3]]);
      const international = destination.country !== origin.country;
      promiseDays = Math.max(promiseDays, carrier.days + (international ? 3 : 0) + 4);
      const kind = pickJourneyKind(rand, international);
      const labelAt = orderedAt + (4 + rand() * 30) * 3_600_000 + p * 20 * 3_600_000;
      const journey = planJourney(
        rand,
        kind,
        labelAt,
        origin,
        PLACES[carrier.hub]!,
        destination,
        carrier.days + (international ? 3 : 0),
      );
      shipments.push({
        carrier: carrier.id,
        trackingNumber: trackingNumberFor(carrier),
        events: journey.events,
      });
    }
    orders.push({
      orderNumber: `SW-${String(10_001 + i)}`,
      firstName,
      email: `${firstName
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[^a-z]/g, "")}.${1000 + i}@example.com`,
      postcode: destination.postalCode,
      orderedAt: new Date(orderedAt),
      promisedAt: new Date(orderedAt + promiseDays * 86_400_000),
      destination,
      origin,
      shipments,
    });
  }
  return orders;
}

const DEMO_PRODUCTS = [
  { sku: "TENT-2P", name: "Two-person tent" },
  { sku: "BAG-20", name: "Sleeping bag -5°C" },
  { sku: "BOOT-42", name: "Hiking boots, size 42" },
  { sku: "JKT-M", name: "Rain jacket M" },
  { sku: "LAMP", name: "Head lamp" },
];

/** One or two products per demo order, chosen from its number so every start gives the same ones. */
export function demoLineItems(orderNumber: string): { sku: string; name: string; quantity: number }[] {
  const n = [...orderNumber].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  const first = DEMO_PRODUCTS[n % DEMO_PRODUCTS.length]!;
  const second = DEMO_PRODUCTS[(n + 2) % DEMO_PRODUCTS.length]!;
  return n % 3 === 0
    ? [{ ...first, quantity: 1 }]
    : [
        { ...first, quantity: 1 },
        { ...second, quantity: 2 },
      ];
}

/** Finds or creates the demo seller and an API key for it; returns the key to print (or the configured one). */
export async function ensureDemoSeller(
  db: Database,
  configuredKey?: string,
): Promise<{ seller: Seller; apiKey: string }> {
  const seller = (await findSellerBySlug(db.orm, DEMO_SLUG)) ?? (await createDemoSeller(db));
  if (configuredKey) {
    if (!(await authenticateApiKey(db.orm, configuredKey))) {
      await createApiKey(db.orm, {
        sellerId: seller.id,
        name: "SHIPWATCH_DEMO_API_KEY",
        scopes: ["admin"],
        secret: configuredKey,
      });
    }
    return { seller, apiKey: configuredKey };
  }
  // A fresh key each start; the previous printed one is revoked so keys don't pile up.
  for (const key of await listApiKeys(db.orm, seller.id)) {
    if (key.name === PRINTED_KEY_NAME && !key.revokedAt) await revokeApiKey(db.orm, seller.id, key.id);
  }
  const { secret } = await createApiKey(db.orm, {
    sellerId: seller.id,
    name: PRINTED_KEY_NAME,
    scopes: ["admin"],
  });
  return { seller, apiKey: secret };
}

/**
 * The demo seller as a new seller would set it up, with a team address for alert e-mails (example.com, into the
 * built-in outbox), so the Messages page shows the team's digests beside the shoppers' messages.
 */
async function createDemoSeller(db: Database): Promise<Seller> {
  const seller = await createSeller(db.orm, {
    slug: DEMO_SLUG,
    name: "Demo Outdoor Co.",
    settings: {
      carriers: ["ups", "fedex", "usps", "dhl_express"],
      timeZone: "America/New_York",
      supportEmail: "help@example.com",
    },
    branding: { primaryColor: "#1f6f5c", helpText: "Questions about your order? We answer within a day." },
  });
  await saveNotificationPolicy(db, seller.id, { teamEmails: ["ops@example.com"] });
  return seller;
}

export interface DemoWorld {
  /** Ingests every planned event whose time has come; returns how many were released. */
  releaseDue(now?: Date): Promise<number>;
  stop(): void;
}

/**
 * Gives the demo seller a delivery-window model the first time: a year of past deliveries on its own lanes is
 * imported (as `shipwatch import history` would) and a model trained from it. Later starts keep the model (the
 * daily retrain refreshes it with the demo's delivered parcels). Returns null when a model already existed.
 */
export async function bootstrapDemoEta(db: Database, seller: Seller): Promise<TrainOutcome | null> {
  if ((await sellerEtaContext(db, seller.id)).model) return null;
  const csv = demoHistoryCsv({
    until: new Date(seller.createdAt.getTime() - 14 * 86_400_000),
    origin: PLACES[0]!,
    destinations: PLACES.slice(2),
    domestic: CARRIERS.slice(0, 3),
    international: [CARRIERS[0], CARRIERS[3]],
    sellerZone: "America/New_York",
  });
  await importHistory(db, seller.id, "demo-history.csv", [csv]);
  return trainSellerModel(db, seller.id);
}

/**
 * The demo's orders were placed over the last two weeks, and their parcels registered with their labels (those
 * still to come: now): record them so, or the analytics, grouped by the day a shipment was registered, would
 * show every one of them today.
 */
async function backdateRegistrations(
  db: Database,
  sellerId: string,
  shipments: readonly { id: string; at: string }[],
): Promise<void> {
  if (shipments.length === 0) return;
  await db.query(
    `UPDATE shipments s SET created_at = LEAST(x.at, s.created_at) FROM json_to_recordset($2::json) AS x(id uuid, at timestamptz)
     WHERE s.id = x.id AND s.seller_id = $1`,
    [sellerId, JSON.stringify(shipments)],
  );
  await db.query(
    "UPDATE orders SET created_at = ordered_at WHERE seller_id = $1 AND ordered_at < created_at",
    [sellerId],
  );
}

/** Creates the demo orders and shipments (idempotent) and returns the event releaser. */
export async function startDemoWorld(
  db: Database,
  seller: Seller,
  options: { tickMs?: number; eta?: boolean } = {},
): Promise<DemoWorld> {
  if (options.eta !== false) await bootstrapDemoEta(db, seller);
  const world = planDemoWorld(seller.createdAt);
  const pending: { shipment: PlannedShipment; next: number }[] = [];
  const created: string[] = [];
  const registered: { id: string; at: string }[] = [];
  for (const order of world) {
    const createdOrder = await insertOrder(db.orm, seller.id, {
      orderNumber: order.orderNumber,
      customer: {
        email: order.email,
        firstName: order.firstName,
        postcode: order.postcode,
        locale:
          order.destination.country === "FR"
            ? "fr"
            : order.destination.country === "DE"
              ? "de"
              : order.destination.country === "BR"
                ? "pt-BR"
                : "en",
      },
      orderedAt: order.orderedAt,
      promisedAt: order.promisedAt,
      // Line items let the demo's shoppers pick what to send back on the tracking page.
      metadata: { lineItems: demoLineItems(order.orderNumber) },
    });
    for (const shipment of order.shipments) {
      if (createdOrder) {
        const inserted = await insertShipment(db.orm, seller.id, {
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          orderId: createdOrder.id,
          origin: {
            city: order.origin.city,
            region: order.origin.region,
            postalCode: order.origin.postalCode,
            country: order.origin.country,
          },
          destination: {
            city: order.destination.city,
            region: order.destination.region,
            postalCode: order.destination.postalCode,
            country: order.destination.country,
          },
        });
        if (inserted) {
          created.push(inserted.id);
          registered.push({
            id: inserted.id,
            at: shipment.events[0]?.occurredAt ?? order.orderedAt.toISOString(),
          });
        }
      }
      pending.push({ shipment, next: 0 });
    }
  }
  await backdateRegistrations(db, seller.id, registered);
  // Windows at order time; the scans released below move them.
  await predictShipments(db, seller.id, created, new Date(seller.createdAt.getTime() - 14 * 86_400_000));

  async function releaseDue(now = new Date()): Promise<number> {
    const due: EventInput[] = [];
    for (const entry of pending) {
      const events = entry.shipment.events;
      while (entry.next < events.length && new Date(events[entry.next]!.occurredAt) <= now) {
        due.push({
          ...events[entry.next]!,
          carrier: entry.shipment.carrier,
          trackingNumber: entry.shipment.trackingNumber,
        });
        entry.next += 1;
      }
    }
    for (let i = 0; i < due.length; i += 2000) {
      const body = Buffer.from(JSON.stringify({ events: due.slice(i, i + 2000) }));
      // Received at the step's time: catching up stands for scans that arrived while the demo was away, and the
      // dashboard's "received … after the scan" and the analytics' data freshness should read like a live feed.
      await ingestMany(
        db,
        seller.id,
        [{ source: "sim", contentType: "application/json", body, receivedAt: now }],
        { createMissingShipments: false, now, receivedAt: now },
      );
    }
    return due.length;
  }

  // Catch up in six-hour steps, each predicted as of its own time, so the windows move through the journeys
  // as they would have (the dashboard and the page show that history), then release in real time.
  const stepMs = 6 * 3_600_000;
  for (let t = seller.createdAt.getTime() - 14 * 86_400_000; t < Date.now(); t += stepMs)
    await releaseDue(new Date(t));
  await releaseDue();
  const timer = setInterval(() => void releaseDue().catch(() => undefined), options.tickMs ?? 15_000);
  timer.unref();
  return { releaseDue, stop: () => clearInterval(timer) };
}
